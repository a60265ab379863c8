import { renderNotFoundPage } from '../http/not-found-page.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { receiptPageUrl } from '../../src/app/features/receipt/receipt-view.js';
import { translate, type Language } from '../../src/app/i18n/every-language.js';
import type { Sale, Store } from '../../src/domain/index.js';
import { escapeHtml } from '../pickup/escape-html.js';
import { receiptBodyHtml, renderReceipt, storeAddressLine } from './render.js';

/** The page's style sheet, a file beside this module; its URL carries a hash of it, so phones cache it safely. */
let css: { text: string; url: string } | undefined;
export function receiptPageCss(): { text: string; url: string } {
  if (css) return css;
  const text = readFileSync(new URL('./page.css', import.meta.url), 'utf8');
  css = { text, url: `/receipts/assets/page.css?v=${createHash('sha256').update(text).digest('base64url').slice(0, 12)}` };
  return css;
}

/**
 * The customer's digital receipt, rendered by the server in the store's language: the receipt number, the store,
 * when, who served, the lines, tax and tenders as the till printed them (the CPF masked but its last digits), and a
 * QR code of this page's address, which identifies the sale. No script.
 */
export async function renderReceiptPage(input: {
  sale: Sale;
  store: Store;
  associate: string | null;
  promotionNames: ReadonlyMap<string, string>;
  publicUrl: string;
  /** The customer's first name, when the sale names one (the page is public: never more). */
  customer?: string | null;
  /** The sale's proof of purchase, signed by the server that accepted it: any store verifies it offline for a return. */
  proofText?: string | null;
}): Promise<{ html: string; lang: Language }> {
  const { sale, store, associate, promotionNames, publicUrl } = input;
  const receipt = renderReceipt(sale, store, promotionNames);
  const { t, view, lang, when } = receipt;
  const e = escapeHtml;
  const qr = await QRCode.toString(receiptPageUrl(publicUrl, sale.id), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const address = storeAddressLine(store);
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light">
<title>${e(t('receiptPage.title', { number: view.receiptNumber }))} · ${e(store.name)}</title>
<link rel="stylesheet" href="${receiptPageCss().url}">
</head>
<body>
<main id="receipt" data-sale-id="${e(sale.id)}" data-receipt-number="${e(view.receiptNumber)}">
<article class="paper">
<p class="store">${e(store.name)}</p>
${address ? `<p class="meta">${e(address)}</p>` : ''}
<h1>${e(t('receiptPage.title', { number: view.receiptNumber }))}</h1>
<p class="meta">${e(t('receiptPage.time'))}: ${e(when)}</p>
${associate ? `<p class="meta">${e(t('receiptPage.associate'))}: ${e(associate)}</p>` : ''}
${input.customer ? `<p class="meta customer">${e(t('receiptView.customer'))}: ${e(input.customer)}</p>` : ''}
${receiptBodyHtml(receipt)}
<figure class="qr" role="img" aria-label="${e(t('receiptPage.qrAlt'))}">${qr}</figure>
${
  input.proofText
    ? `<section id="proof" class="proof">
<h2>${e(t('proof.title'))}</h2>
<figure class="qr" role="img" aria-label="${e(t('proof.qrLabel', { number: view.receiptNumber }))}" data-proof="${e(input.proofText)}">${await QRCode.toString(input.proofText, { type: 'svg', margin: 2, errorCorrectionLevel: 'L' })}</figure>
<p class="meta">${e(t('proof.saleCaption'))}</p>
</section>`
    : ''
}
</article>
</main>
</body>
</html>
`;
  return { html, lang };
}

/** One answer for every address that opens no receipt (unknown, malformed or not accepted): the same bytes. */
export function renderReceiptNotFoundPage(lang: Language): string {
  return renderNotFoundPage({
    lang,
    title: translate(lang, 'receiptPage.notFoundTitle'),
    message: translate(lang, 'receiptPage.notFound'),
    cssUrl: receiptPageCss().url,
  });
}

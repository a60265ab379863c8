import type { EffectEvent, Sale, Store } from '../../src/domain/index.js';
import { receiptPageUrl } from '../../src/app/features/receipt/receipt-view.js';
import { escapeHtml } from '../pickup/escape-html.js';
import { qrPng } from '../pickup/qr-png.js';
import { receiptBodyHtml, renderReceipt, storeAddressLine } from './render.js';

const QR_CID = 'receipt-qr';

/**
 * The receipt mail a `sale.receipt-requested` fact sends through the outbox, in the store's language: the receipt
 * (the same figures as the till printed; the tax id masked), the link to the digital receipt page and its QR code
 * inline. Composed synchronously, inside the fact's decision.
 */
export function receiptMail(sale: Sale, store: Store, email: string, publicUrl: string): EffectEvent {
  const receipt = renderReceipt(sale, store);
  const { t, view, money, when } = receipt;
  const link = receiptPageUrl(publicUrl, sale.id);
  const address = storeAddressLine(store);
  const text = [
    t('receiptMail.greeting', { store: store.name }),
    '',
    `${t('receiptView.number')} ${view.receiptNumber} · ${when}`,
    store.name,
    ...(address ? [address] : []),
    '',
    ...view.lines.flatMap((line) => [
      `${line.quantity} × ${line.name}  ${money(line.total)}`,
      ...line.discounts.map((d) => `   ${d.label}  −${money(d.amount)}`),
    ]),
    '',
    ...view.taxByRate.map((r) => `${r.label}  ${money(r.tax)}`),
    `${t('sell.total')}  ${money(view.total)}`,
    ...view.paid.map((x) => `${x.label}${x.detail ? ` (${x.detail})` : ''}  ${money(x.amount)}`),
    ...(view.change > 0 ? [`${t('receipt.change')}  ${money(view.change)}`] : []),
    ...(view.customerTaxId ? [`${view.customerTaxId.label}: ${view.customerTaxId.value}`] : []),
    '',
    `${t('receiptMail.link')}: ${link}`,
  ].join('\n');
  const html = `<p>${escapeHtml(t('receiptMail.greeting', { store: store.name }))}</p>
<p><strong>${escapeHtml(`${t('receiptView.number')} ${view.receiptNumber}`)}</strong><br>${escapeHtml(when)}<br>${escapeHtml(store.name)}${
    address ? `<br>${escapeHtml(address)}` : ''
  }</p>
${receiptBodyHtml(receipt)}
<p><img src="cid:${QR_CID}" alt="${escapeHtml(t('receiptView.qrAlt'))}" width="160" height="160"></p>
<p><a href="${escapeHtml(link)}">${escapeHtml(t('receiptMail.link'))}</a></p>`;
  return {
    kind: 'mail',
    to: email,
    subject: t('receiptMail.subject', { number: view.receiptNumber, store: store.name }),
    text,
    html,
    attachments: [
      {
        filename: `receipt-${view.receiptNumber}.png`,
        contentType: 'image/png',
        contentBase64: qrPng(link).toString('base64'),
        cid: QR_CID,
      },
    ],
    aggregateType: 'sale',
    aggregateId: sale.id,
  };
}

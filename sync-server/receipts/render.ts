import { languageFor, translate, type Language, type MessageKey } from '../../src/app/i18n/every-language.js';
import { formatDateTime, formatMoney } from '../../src/app/i18n/format.js';
import { receiptView, type ReceiptView } from '../../src/app/features/receipt/receipt-view.js';
import type { Sale, Store } from '../../src/domain/index.js';
import { escapeHtml } from '../pickup/escape-html.js';

/**
 * The customer's receipt as the server renders it (the digital receipt page and the receipt mail): the same
 * `receiptView` as the till's screen, in the store's language, with the tax id masked but its last digits.
 */
export interface RenderedReceipt {
  lang: Language;
  view: ReceiptView;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  money: (minor: number) => string;
  when: string;
}

export function renderReceipt(sale: Sale, store: Store, promotionNames: ReadonlyMap<string, string> = new Map()): RenderedReceipt {
  const lang = languageFor(store.locale);
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(lang, key, params);
  const view = receiptView(sale, { t, lang, promotionName: (id) => promotionNames.get(id), maskTaxId: true });
  const money = (minor: number) => formatMoney(minor, { locale: store.locale, currency: sale.currency });
  return { lang, view, t, money, when: formatDateTime(sale.createdAtDevice, lang, store.timeZone) };
}

/** The store's address on one line ("Rua Augusta 1500, Loja 12, Consolação, São Paulo SP"); '' when it has none. */
export function storeAddressLine(store: Store): string {
  const a = store.address;
  if (!a) return '';
  return [`${a.street} ${a.number}`, a.complement, a.district, `${a.city} ${a.region}`].filter(Boolean).join(', ');
}

/** The receipt's lines, totals and tenders as HTML (escaped), for the page and the mail alike. */
export function receiptBodyHtml({ view, t, money }: RenderedReceipt): string {
  const e = escapeHtml;
  const row = (label: string, amount: string, cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${e(label)}</th><td>${e(amount)}</td></tr>`;
  const lines = view.lines
    .map(
      (line) => `<li class="line">
<div class="line-head"><span class="name">${e(line.name)}</span><span class="amount">${e(money(line.total))}</span></div>
<div class="muted">${e(`${line.quantity} × ${money(line.unitPrice)}`)}</div>
${line.discounts.map((d) => `<div class="discount"><span>${e(d.label)}</span><span>−${e(money(d.amount))}</span></div>`).join('\n')}
</li>`,
    )
    .join('\n');
  const totals = [
    row(t('receiptView.subtotal'), money(view.subtotal)),
    view.discount > 0 ? row(t('receiptView.discounts'), `−${money(view.discount)}`) : '',
    ...view.taxByRate.map((r) => row(r.label, money(r.tax))),
    row(t('sell.total'), money(view.total), 'total'),
  ].join('\n');
  const paid = [
    ...view.paid.map((x) => row(x.detail ? `${x.label} (${x.detail})` : x.label, money(x.amount))),
    view.cashRounding !== 0 ? row(t('receiptView.cashRounding'), money(view.cashRounding)) : '',
    view.change > 0 ? row(t('receipt.change'), money(view.change)) : '',
  ].join('\n');
  const reversed = view.reversed.length
    ? `<h2>${e(t('receiptView.reversedTitle'))}</h2><table class="figures reversed">${view.reversed
        .map((x) => row(`${x.label} (${x.detail ?? ''})`, money(x.amount)))
        .join('\n')}</table>`
    : '';
  return `<ul class="lines">
${lines}
</ul>
<table class="figures">${totals}</table>
<h2>${e(t('receiptView.paidWith'))}</h2>
<table class="figures">${paid}</table>
${reversed}
${view.customerTaxId ? `<p class="tax-id">${e(view.customerTaxId.label)}: ${e(view.customerTaxId.value)}</p>` : ''}`;
}

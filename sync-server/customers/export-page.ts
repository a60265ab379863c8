import type { CustomerExport } from '../../src/domain/index.js';

const escapeHtml = (v: unknown): string =>
  String(v ?? '—').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const money = (minor: number) => (minor / 100).toFixed(2);

function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return '<p>None.</p>';
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The export as a page a person can read (and print) for the customer: the same content as the JSON, every value
 * escaped. Self-contained: no script, no external resource.
 */
export function exportPage(e: CustomerExport): string {
  const p = e.customer;
  const fields: [string, unknown][] = [
    ['Id', p.id],
    ['Name', p.name],
    ['Email', p.email],
    ['Phone', p.phone],
    ['National id', p.nationalId ? `${p.nationalId.kind.toUpperCase()} ${p.nationalId.number}` : null],
    ['Birthday', p.birthday],
    ['Preferred store', p.preferredStoreId],
    ['Stores', p.stores.join(', ')],
    ['Sizes', p.sizes.map((s) => `${s.category}: ${s.size}`).join('; ')],
    ['Preferences', p.preferences.map((s) => `${s.category}: ${s.note}`).join('; ')],
    ['Tags', p.tags.join(', ')],
    ['Merged from', p.mergedFrom.join(', ')],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer data export</title>
<style>body{font:16px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>
</head><body>
<h1>Customer data export</h1>
<p>Everything this chain holds about the customer, exported ${escapeHtml(e.exportedAt)}.</p>
<h2>Profile</h2>${table(['Field', 'Value'], fields)}
<h2>Consents (current)</h2>${table(
    ['Channel', 'Purpose', 'Given', 'How', 'By', 'When'],
    p.consents.map((c) => [c.channel, c.purpose, c.given ? 'yes' : 'no', c.method, c.by, c.decidedAt]),
  )}
<h2>Consent history</h2>${table(
    ['Channel', 'Purpose', 'Given', 'How', 'By', 'When'],
    p.consentHistory.map((c) => [c.channel, c.purpose, c.given ? 'yes' : 'no', c.method, c.by, c.decidedAt]),
  )}
<h2>Notes</h2>${table(
    ['When', 'By', 'Store', 'Note'],
    p.notes.map((n) => [n.at, n.by, n.storeId, n.text]),
  )}
<h2>History</h2>${table(
    ['When', 'What', 'By', 'Store', 'Fields'],
    p.history.map((h) => [h.at, h.kind, h.by, h.storeId, h.fields.join(', ')]),
  )}
<h2>Purchases in stores</h2>${table(
    ['Receipt', 'Store', 'When', 'Total'],
    e.sales.map((s) => [s.receiptNumber, s.storeId, s.createdAtDevice, money(s.totals.total)]),
  )}
<h2>Online orders</h2>${table(
    ['Number', 'State', 'Placed', 'Total'],
    e.orders.map((o) => [o.number, o.state, o.placedAt, money(o.totals.total)]),
  )}
</body></html>`;
}

import type { Sale } from '../../../domain/index.js';
import { quarantined, type Quarantine } from '../../db/quarantine.js';
import { saleSyncState } from '../../db/sync-status.js';
import type { I18n, MessageKey } from '../../i18n/index.js';

/** The reason a sale was rejected, in plain words: known codes map to catalog text, others show the server's message. */
export function rejectionReason(sale: Sale, quarantine: Quarantine, t: I18n['t']): string {
  const setAside = quarantined(quarantine, 'sales', sale.id);
  const code = sale.outcome?.code ?? setAside?.code ?? null;
  const message = sale.outcome?.message ?? setAside?.message ?? '';
  const key = `reason.${code}` as MessageKey;
  if (code && key in { ...reasons }) return t(key);
  return t('reason.unknown', { message: message || code || '?' });
}

const reasons: Record<string, true> = {
  'reason.SALE_TOTALS_MISMATCH': true,
  'reason.SALE_UNKNOWN_SKU': true,
  'reason.SALE_CURRENCY_MISMATCH': true,
  'reason.SALE_UNDERPAID': true,
  'reason.SALE_EMPTY': true,
  'reason.VALIDATION_FAILED': true,
  'reason.FORBIDDEN': true,
  'reason.ASSOCIATE_NOT_ALLOWED': true,
  'reason.SALE_PRICE_UNKNOWN': true,
  'reason.SALE_TAX_CLASS_MISMATCH': true,
  'reason.SALE_TAX_RATE_MISMATCH': true,
  'reason.SALE_TAX_MODE_MISMATCH': true,
};

export function SaleStatusBadge({ sale, quarantine, t }: { sale: Sale; quarantine: Quarantine; t: I18n['t'] }) {
  const status = saleSyncState(sale, quarantine);
  return (
    <span class={`badge badge-${status}`} data-testid="sale-status" data-status={status}>
      {t(`sales.status.${status}`)}
    </span>
  );
}

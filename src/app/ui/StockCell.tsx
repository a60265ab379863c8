import type { StockLevel } from '../../domain/index.js';
import { useI18n } from '../i18n/index.js';

/**
 * A store's level of one SKU as staff read it: what can still be sold, and, when online orders hold units, how many
 * are reserved of those on the shelf (available = on hand − reserved).
 */
export function StockCell({ level }: { level: StockLevel | undefined }) {
  const { t } = useI18n();
  if (!level) {
    return (
      <span class="stock stock-unknown" data-testid="stock-level" data-available="">
        {t('sell.stockUnknown')}
      </span>
    );
  }
  const none = level.available <= 0;
  const text =
    level.reserved > 0
      ? t('stock.withReserved', { available: level.available, reserved: level.reserved, onHand: level.onHand })
      : none
        ? t('sell.stockNone', { count: level.available })
        : t('sell.stockAvailable', { count: level.available });
  return (
    <span
      class={`stock ${none ? 'stock-none' : 'stock-ok'}`}
      data-testid="stock-level"
      data-available={level.available}
      data-on-hand={level.onHand}
      data-reserved={level.reserved}
      data-low={String(none)}
    >
      {text}
    </span>
  );
}

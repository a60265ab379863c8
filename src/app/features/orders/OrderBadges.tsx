import type { OrderState } from '../../../domain/index.js';
import { useI18n } from '../../i18n/index.js';

/** The order's state as a coloured pill: waiting states warm, handed over green, cancelled or expired grey. */
export function OrderStateBadge({ state }: { state: OrderState }) {
  const { t } = useI18n();
  return (
    <span class={`badge order-state order-state-${state}`} data-testid="order-state" data-state={state}>
      {t(`orders.state.${state}`)}
    </span>
  );
}

/** Units that could not be reserved: always worded, never only a colour. */
export function ShortfallFlag({ units }: { units: number }) {
  const { t } = useI18n();
  if (units <= 0) return null;
  return (
    <span class="badge badge-rejected" data-testid="order-shortfall" data-units={units}>
      <span aria-hidden="true">⚠ </span>
      {t('orders.short', { count: units })}
    </span>
  );
}

import { TILL_REFUND_METHODS, type RefundMethod } from '../../../domain/index.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';

/**
 * Where the refund goes, one large button per method the till offers (the domain's `TILL_REFUND_METHODS`, in its
 * order): a method added there shows here with its label `returns.method.{method}`.
 */
export function RefundMethodPicker({ value, onChange }: { value: RefundMethod; onChange: (method: RefundMethod) => void }) {
  const { t } = useI18n();
  return (
    <div class="segmented returns-methods" role="radiogroup" aria-label={t('returns.refund.method')}>
      {TILL_REFUND_METHODS.map((m) => (
        // biome-ignore lint/a11y/useSemanticElements: a segmented control of large touch buttons, announced as radios
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={value === m}
          class={`segment ${value === m ? 'segment-active' : ''}`}
          onClick={() => onChange(m)}
          data-testid={`refund-method-${m}`}
        >
          {t(`returns.method.${m}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}

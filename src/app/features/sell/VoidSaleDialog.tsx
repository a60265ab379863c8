import { useEffect, useRef, useState } from 'preact/hooks';
import { SaleVoidReasonSchema, type SaleVoidReason } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { currentShiftId } from '../shift/current-shift.js';
import { useCart } from './cart-state.js';
import { asVoided, recordSaleVoid } from './voids.js';

/**
 * Voids the whole sale before it completes: the associate says why, the `sale.voided` fact is written on the device
 * (every line, those voided earlier too, and the total; the shift's Z report counts it), then the cart empties. Not
 * while a payment stands: a card charged or a Pix received is reversed first, on the pay screen.
 */
export function VoidSaleDialog({ total, onClose, onVoided }: { total: number; onClose: () => void; onVoided: () => void }) {
  const { db, store, enrollment, session } = useApp();
  const { lines, extras, voidSale } = useCart();
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<SaleVoidReason>('customer_changed_mind');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const paymentsStand = (extras.tenders ?? []).some((tender) => !tender.reversal);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  const confirm = async (e: Event) => {
    e.preventDefault();
    if (saving || paymentsStand) return;
    setSaving(true);
    try {
      const shiftId = await currentShiftId(db);
      const voided = [...(extras.voidedLines ?? []), ...asVoided(lines, session.staffId)];
      await voidSale(() =>
        recordSaleVoid({
          db,
          storeId: store.id,
          deviceId: enrollment.deviceId,
          associateId: session.staffId,
          shiftId,
          lines: voided,
          total,
          reason,
        }),
      );
      onVoided();
    } catch (err) {
      setSaving(false);
      setError(t('error.unknown', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <dialog
      ref={dialog}
      class="void-dialog"
      aria-labelledby="void-title"
      data-testid="void-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(e) => void confirm(e)}>
        <h2 id="void-title">{t('void.title')}</h2>
        <p class="field-hint">{t('void.hint')}</p>
        <div class="field">
          <label for="void-reason">{t('void.reason')}</label>
          <select id="void-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as SaleVoidReason)} data-testid="void-reason">
            {SaleVoidReasonSchema.options.map((r) => (
              <option key={r} value={r}>
                {t(`void.reason.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {paymentsStand && (
          <p class="message message-error" role="alert" data-testid="void-reverse-first">
            {t('void.reverseFirst')}
          </p>
        )}
        {error && (
          <p class="message message-error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <Button variant="ghost" onClick={onClose} data-testid="void-cancel">
            {t('void.cancel')}
          </Button>
          <Button variant="danger" size="large" type="submit" disabled={saving || paymentsStand} data-testid="void-confirm">
            {t('void.confirm')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

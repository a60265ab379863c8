import { useEffect, useRef, useState } from 'preact/hooks';
import {
  DiscountReasonSchema,
  manualDiscountNeedsApproval,
  discountApprovalOf,
  type DiscountReason,
  type ManualDiscount,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import type { CartLine, PricedCart } from './cart.js';
import { useCart } from './cart-state.js';
import { approveAsManager, type ManagerApproval } from './manager-approval.js';
import { fractionDigits, parseAmount } from './tender.js';

/** Which discount the dialog edits: one line's (by SKU) or the whole cart's. */
export type DiscountTarget = { kind: 'line'; sku: string } | { kind: 'cart' };

interface Props {
  target: DiscountTarget;
  /** Prices the cart as the till does (promotions included), for the preview and the limit. */
  price: (lines: CartLine[], cartDiscount: ManualDiscount | null) => PricedCart;
  onClose: () => void;
}

/**
 * A manual discount, on a line or on the whole sale: a percent or an amount, a reason, and a preview of the new total.
 * Above the store's limit a manager approves on the spot with their number and PIN, checked on this device, offline
 * (manager-approval.ts; five wrong PINs lock that manager here). Any change that leaves the sale above the limit asks
 * again: an approval is for the discounts the manager saw.
 */
export function DiscountDialog({ target, price, onClose }: Props) {
  const { db, store } = useApp();
  const { lines, extras, update, setExtras } = useCart();
  const { t, money } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const line = target.kind === 'line' ? lines.find((l) => l.sku === target.sku) : undefined;
  const existing = target.kind === 'line' ? line?.manualDiscount : (extras.cartDiscount ?? undefined);
  const digits = fractionDigits(store.currency);
  const [kind, setKind] = useState<ManualDiscount['kind']>(existing?.kind ?? 'percent');
  const [valueText, setValueText] = useState(existing ? String(existing.value / 10 ** (existing.kind === 'percent' ? 2 : digits)) : '');
  const [reason, setReason] = useState<DiscountReason | ''>(existing?.reason ?? '');
  const [manager, setManager] = useState({ number: '', pin: '' });
  const [approval, setApproval] = useState<Exclude<ManagerApproval, { ok: true }> | null>(null);
  const [touched, setTouched] = useState(false);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  const value = parseAmount(valueText, kind === 'percent' ? 2 : digits);
  const valid = value !== null && value > 0 && (kind === 'amount' || value <= 10_000);
  const discount: ManualDiscount | null = valid && reason ? ({ kind, value, reason } as ManualDiscount) : null;

  const apply = (d: ManualDiscount | null): { lines: CartLine[]; cartDiscount: ManualDiscount | null } =>
    target.kind === 'line'
      ? { lines: lines.map((l) => (l.sku === target.sku ? { ...l, manualDiscount: d ?? undefined } : l)), cartDiscount: extras.cartDiscount ?? null }
      : { lines, cartDiscount: d };
  const before = price(lines, extras.cartDiscount ?? null);
  const next = discount ? apply(discount) : null;
  const after = next ? price(next.lines, next.cartDiscount) : null;
  const needsManager = after !== null && manualDiscountNeedsApproval(after.lines, store.discountLimitBasisPoints);
  const limit = `${((store.discountLimitBasisPoints ?? 0) / 100).toLocaleString(store.locale)} %`;

  const save = (change: { lines: CartLine[]; cartDiscount: ManualDiscount | null }, approvedBy?: string) => {
    if (target.kind === 'line') update(() => change.lines);
    else setExtras({ cartDiscount: change.cartDiscount });
    if (approvedBy && after) setExtras({ discountApprovedBy: approvedBy, discountApproval: discountApprovalOf(after.lines) });
    onClose();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!discount || !next) return;
    if (!needsManager) return save(next);
    setChecking(true);
    const answer = await approveAsManager(db, { storeId: store.id, staffNumber: manager.number, pin: manager.pin });
    setChecking(false);
    if (answer.ok) return save(next, answer.manager.id);
    setApproval(answer);
    setManager({ ...manager, pin: '' });
  };

  const approvalMessage = (a: Exclude<ManagerApproval, { ok: true }>) =>
    a.reason === 'wrong'
      ? t('discount.approve.wrong', { count: a.attemptsLeft })
      : a.reason === 'locked'
        ? t('discount.approve.locked', { minutes: Math.ceil(a.remainingMs / 60_000) })
        : t(`discount.approve.${a.reason}`);

  return (
    <dialog
      ref={dialog}
      class="discount-dialog"
      aria-labelledby="discount-title"
      data-testid="discount-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="discount-title">{line ? t('discount.titleLine', { name: line.name }) : t('discount.titleCart')}</h2>
        <fieldset class="choice-row" aria-label={t('discount.value')}>
          {(['percent', 'amount'] as const).map((k) => (
            <Button
              key={k}
              variant={kind === k ? 'primary' : 'secondary'}
              aria-pressed={kind === k}
              onClick={() => setKind(k)}
              data-testid={`discount-${k}`}
            >
              {k === 'percent' ? `${t('discount.percent')} (%)` : t('discount.amount')}
            </Button>
          ))}
        </fieldset>
        <Field
          id="discount-value"
          label={kind === 'percent' ? `${t('discount.value')} (%)` : t('discount.value')}
          inputMode="decimal"
          autoComplete="off"
          value={valueText}
          onInput={(e) => setValueText(e.currentTarget.value)}
          error={touched && !valid ? t('discount.valueError') : undefined}
          data-testid="discount-value"
        />
        <div class={`field ${touched && !reason ? 'field-invalid' : ''}`}>
          <label for="discount-reason">{t('discount.reason')}</label>
          <select
            id="discount-reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as DiscountReason)}
            aria-invalid={touched && !reason ? 'true' : undefined}
            data-testid="discount-reason"
          >
            <option value="" disabled>
              —
            </option>
            {DiscountReasonSchema.options.map((r) => (
              <option key={r} value={r}>
                {t(`discount.reason.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {after && (
          <p class="discount-preview" aria-live="polite" data-testid="discount-preview" data-total={after.due}>
            {t('discount.preview', { total: money(after.due), discount: money(before.due - after.due) })}
          </p>
        )}
        {needsManager && (
          <div class="manager-approval" data-testid="manager-approval">
            <p class="message message-info">{t('discount.overLimit', { limit })}</p>
            <div class="tender-grid">
              <Field
                id="approve-manager-number"
                label={t('discount.managerNumber')}
                inputMode="numeric"
                autoComplete="off"
                value={manager.number}
                onInput={(e) => setManager({ ...manager, number: e.currentTarget.value })}
                data-testid="approve-manager-number"
              />
              <Field
                id="approve-manager-pin"
                label={t('discount.managerPin')}
                type="password"
                inputMode="numeric"
                autoComplete="off"
                value={manager.pin}
                onInput={(e) => setManager({ ...manager, pin: e.currentTarget.value })}
                data-testid="approve-manager-pin"
              />
            </div>
            {approval && (
              <p class="message message-error" role="alert" data-testid="approve-error" data-reason={approval.reason}>
                {approvalMessage(approval)}
              </p>
            )}
          </div>
        )}
        <div class="actions">
          {existing && (
            <Button variant="danger" onClick={() => save(apply(null))} data-testid="discount-remove">
              {t('discount.remove')}
            </Button>
          )}
          <Button variant="ghost" onClick={onClose} data-testid="discount-cancel">
            {t('discount.cancel')}
          </Button>
          <Button variant="primary" size="large" type="submit" disabled={checking} data-testid="discount-apply">
            {t('discount.apply')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

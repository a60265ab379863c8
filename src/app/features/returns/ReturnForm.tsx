import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  can,
  computeRefund,
  DomainError,
  eligibility,
  purchaseOfReturnable,
  refundAmount,
  ReturnReasonSchema,
  TILL_REFUND_METHODS,
  type LineEligibility,
  type Product,
  type RefundMethod,
  type ReturnCondition,
  type ReturnLine,
  type ReturnReason,
  type Returnable,
  type ReturnRecorded,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { checkMemberPin } from '../../device/session.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { useCart } from '../sell/cart-state.js';
import { RefundMethodPicker } from './RefundMethodPicker.js';
import { recordReturn, returnedUnitsOf, storeReturns$ } from './returns-data.js';

interface Choice {
  quantity: number;
  reason: ReturnReason | '';
  condition: ReturnCondition;
}

/** What a line's eligibility says to the associate, in one phrase. */
function lineStatus(l: LineEligibility): { key: MessageKey; params?: Record<string, string | number>; ok: boolean; date?: string | null } {
  if (l.bought === 0) return { key: 'returns.line.notReceived', ok: false };
  if (l.remaining === 0) return { key: 'returns.line.allReturned', ok: false };
  if (l.statutory) return { key: 'returns.line.statutory', ok: true };
  if (l.inPolicy) return { key: 'returns.line.inPolicy', ok: true, date: l.deadline };
  if (l.finalSale) return { key: 'returns.line.finalSale', ok: false };
  if (l.windowDays === 0) return { key: 'returns.line.noWindow', ok: false };
  return { key: 'returns.line.outsideWindow', ok: false, date: l.deadline };
}

/**
 * The return itself: per line, how many units (never more than remain), the reason (required: the form refuses to
 * save without one), the condition (resellable back to this store's stock, damaged to the damaged location); a
 * manager's PIN and reason when a chosen line is outside policy (checked on this device, offline); where the refund
 * goes and how much, per tender. Recording it writes the fact and opens the return receipt.
 */
export function ReturnForm({ purchase, onBack }: { purchase: Returnable; onBack: () => void }) {
  const { db, store, enrollment, session, navigate } = useApp();
  const { setExtras } = useCart();
  const { t, money, shortDateTime } = useI18n();
  const returns = useObservable<ReturnRecorded[]>(() => storeReturns$(db), [], [db]);
  const returned = useMemo(() => returnedUnitsOf(purchase, returns), [purchase, returns]);
  const [catalog, setCatalog] = useState<ReadonlyMap<string, Product>>(new Map());
  useEffect(() => {
    let live = true;
    void db.products
      .findByIds(purchase.lines.map((l) => l.sku))
      .exec()
      .then((found) => {
        if (live) setCatalog(new Map([...found.values()].map((d) => [d.sku, d.toJSON() as Product] as const)));
      });
    return () => {
      live = false;
    };
  }, [db, purchase]);
  const lines = useMemo(
    () =>
      eligibility({
        purchase: purchaseOfReturnable(purchase, (sku) => catalog.get(sku)),
        windows: store.returnWindows,
        returned,
        at: new Date().toISOString(),
      }),
    [purchase, catalog, store.returnWindows, returned],
  );
  const returnable = lines.filter((l) => l.remaining > 0);
  const [choices, setChoices] = useState<Record<number, Choice>>(() =>
    // One line left to return (the usual single item): chosen already, one tap fewer.
    Object.fromEntries(
      purchase.lines.map((l) => [
        l.lineNo,
        {
          quantity: purchase.lines.length === 1 ? Math.max(0, l.bought - (returned.get(l.lineNo) ?? 0)) : 0,
          reason: '',
          condition: 'resellable',
        },
      ]),
    ),
  );
  const [method, setMethod] = useState<RefundMethod>(TILL_REFUND_METHODS[0]!);
  const [manager, setManager] = useState({ number: '', pin: '', reason: '' });
  const [approved, setApproved] = useState<{ id: string; name: string } | null>(null);
  const [approvalError, setApprovalError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (lineNo: number, change: Partial<Choice>) => setChoices((c) => ({ ...c, [lineNo]: { ...c[lineNo]!, ...change } }));
  const chosen = lines.filter((l) => (choices[l.lineNo]?.quantity ?? 0) > 0);
  const needsApproval = chosen.some((l) => !l.inPolicy);
  const requested: ReturnLine[] = chosen.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    quantity: Math.min(choices[l.lineNo]!.quantity, l.remaining),
    reason: choices[l.lineNo]!.reason as ReturnReason,
    condition: choices[l.lineNo]!.condition,
  }));
  const priced = purchase.lines.map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total }));
  const refund = computeRefund(method, refundAmount(priced, requested, returned), purchase.paidBy);
  const refundTotal = refund.tenders.reduce((a, x) => a + x.amount, 0);
  const nameOf = (lineNo: number) => purchase.lines.find((l) => l.lineNo === lineNo)?.name ?? '';

  const approve = async () => {
    setApprovalError(null);
    const checked = await checkMemberPin(db, { storeId: store.id, staffNumber: manager.number.trim(), pin: manager.pin }, Date.now, (m) =>
      can(m.role, 'return.approve'),
    );
    if (checked.ok) {
      setApproved({ id: checked.member.id, name: checked.member.name });
      setManager((m) => ({ ...m, pin: '' }));
      return;
    }
    if (checked.reason === 'wrong') setApprovalError(t('returns.approval.wrongLeft', { count: checked.attemptsLeft }));
    else if (checked.reason === 'locked') setApprovalError(t('returns.approval.locked'));
    else setApprovalError(t('returns.approval.wrong'));
  };

  const save = async () => {
    if (busy) return;
    setShowErrors(true);
    setError(null);
    if (requested.length === 0) return setError(t('returns.nothingChosen'));
    if (requested.some((l) => (l.reason as string) === '')) return;
    if (needsApproval && (!approved || manager.reason.trim() === '')) return setError(t('returns.approval.needed'));
    setBusy(true);
    try {
      const fact = await recordReturn(
        { db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId },
        {
          purchase,
          lines: requested,
          returnedBefore: returned,
          method,
          approval: needsApproval && approved ? { managerId: approved.id, reason: manager.reason } : null,
        },
      );
      const { creditCode, tenders } = fact.payload.refund;
      if (method === 'exchange' && creditCode) {
        // An exchange goes on at the till: its credit is the new sale's first tender (sell/PayPanel.tsx).
        const amount = tenders.reduce((a, x) => a + x.amount, 0);
        setExtras({ exchangeCredit: { code: creditCode, amount, returnId: fact.id } });
        navigate({ name: 'sell' });
      } else navigate({ name: 'return-receipt', returnId: fact.id });
    } catch (e) {
      setError(t('returns.saveFailed', { message: e instanceof DomainError ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="returns-form" aria-labelledby="returns-form-title" data-testid="returns-form" data-number={purchase.number}>
      <header class="returns-form-header">
        <Button variant="ghost" onClick={onBack} data-testid="returns-back">
          ← {t('returns.form.back')}
        </Button>
        <h3 id="returns-form-title">{t('returns.form.title', { number: purchase.number })}</h3>
        <span class="muted">{t(purchase.kind === 'sale' ? 'returns.kind.sale' : 'returns.kind.order')}</span>
      </header>

      <ul class="returns-lines">
        {lines.map((l) => {
          const choice = choices[l.lineNo]!;
          const status = lineStatus(l);
          const id = `return-line-${l.lineNo}`;
          const missingReason = showErrors && choice.quantity > 0 && choice.reason === '';
          return (
            <li
              key={l.lineNo}
              class={`returns-line ${status.ok ? '' : 'returns-line-warn'}`}
              data-testid="return-line"
              data-line-no={l.lineNo}
              data-sku={l.sku}
              data-in-policy={l.inPolicy}
              data-remaining={l.remaining}
            >
              <div class="returns-line-head">
                <strong>{nameOf(l.lineNo)}</strong>
                <span class="muted">{l.sku}</span>
                <span class="muted">
                  {t('returns.line.bought', { count: l.bought })}
                  {l.returned > 0 && ` · ${t('returns.line.returned', { count: l.returned })}`}
                </span>
                <span class={`returns-eligibility ${status.ok ? 'ok' : 'warn'}`} data-testid="return-line-status">
                  {t(status.key, { date: status.date ? shortDateTime(status.date) : '' })}
                </span>
              </div>
              {l.remaining > 0 && (
                <div class="returns-line-controls">
                  <fieldset class="returns-stepper" aria-label={t('returns.line.quantity', { name: nameOf(l.lineNo) })}>
                    <Button
                      size="icon"
                      aria-label={t('returns.line.less')}
                      disabled={choice.quantity === 0}
                      onClick={() => set(l.lineNo, { quantity: choice.quantity - 1 })}
                      data-testid="return-less"
                    >
                      −
                    </Button>
                    <output data-testid="return-quantity" aria-live="polite">
                      {choice.quantity}
                    </output>
                    <Button
                      size="icon"
                      aria-label={t('returns.line.more')}
                      disabled={choice.quantity >= l.remaining}
                      onClick={() => set(l.lineNo, { quantity: choice.quantity + 1 })}
                      data-testid="return-more"
                    >
                      +
                    </Button>
                  </fieldset>
                  {choice.quantity > 0 && (
                    <>
                      <label class={`field returns-reason ${missingReason ? 'field-invalid' : ''}`}>
                        <span>{t('returns.line.reason')}</span>
                        <select
                          id={`${id}-reason`}
                          data-testid="return-reason"
                          value={choice.reason}
                          required
                          aria-invalid={missingReason ? 'true' : undefined}
                          onChange={(e) => set(l.lineNo, { reason: (e.target as HTMLSelectElement).value as ReturnReason })}
                        >
                          <option value="">{t('returns.line.reasonChoose')}</option>
                          {ReturnReasonSchema.options.map((r) => (
                            <option key={r} value={r}>
                              {t(`returns.reason.${r}`)}
                            </option>
                          ))}
                        </select>
                        {missingReason && (
                          <span class="field-error" role="alert" data-testid="return-reason-error">
                            {t('returns.line.reasonRequired')}
                          </span>
                        )}
                      </label>
                      <div class="segmented returns-condition" role="radiogroup" aria-label={t('returns.line.condition')}>
                        {(['resellable', 'damaged'] as const).map((c) => (
                          // biome-ignore lint/a11y/useSemanticElements: a segmented control of large touch buttons, announced as radios
                          <button
                            key={c}
                            type="button"
                            role="radio"
                            aria-checked={choice.condition === c}
                            class={`segment ${choice.condition === c ? 'segment-active' : ''}`}
                            title={t(`returns.condition.hint.${c}`)}
                            onClick={() => set(l.lineNo, { condition: c })}
                            data-testid={`return-condition-${c}`}
                          >
                            {t(`returns.condition.${c}`)}
                          </button>
                        ))}
                      </div>
                      <span class="muted returns-condition-hint">{t(`returns.condition.hint.${choice.condition}`)}</span>
                    </>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>

      {needsApproval && (
        <section class="returns-approval" aria-labelledby="returns-approval-title" data-testid="returns-approval">
          <h4 id="returns-approval-title">{t('returns.approval.title')}</h4>
          {approved ? (
            <p class="banner banner-info" data-testid="returns-approved">
              {t('returns.approval.approved', { name: approved.name })}
            </p>
          ) : (
            <>
              <p class="muted">{t('returns.approval.intro')}</p>
              <div class="returns-approval-fields">
                <label class="field">
                  <span>{t('returns.approval.number')}</span>
                  <input
                    inputMode="numeric"
                    autoComplete="off"
                    data-testid="returns-manager-number"
                    value={manager.number}
                    onInput={(e) => setManager((m) => ({ ...m, number: (e.target as HTMLInputElement).value }))}
                  />
                </label>
                <label class="field">
                  <span>{t('returns.approval.pin')}</span>
                  <input
                    type="password"
                    inputMode="numeric"
                    autoComplete="off"
                    data-testid="returns-manager-pin"
                    value={manager.pin}
                    onInput={(e) => setManager((m) => ({ ...m, pin: (e.target as HTMLInputElement).value }))}
                  />
                </label>
                <Button
                  onClick={() => void approve()}
                  disabled={manager.number.trim() === '' || manager.pin.length < 4}
                  data-testid="returns-approve"
                >
                  {t('returns.approval.approve')}
                </Button>
              </div>
              {approvalError && (
                <p class="field-error" role="alert" data-testid="returns-approval-error">
                  {approvalError}
                </p>
              )}
            </>
          )}
          <label class="field">
            <span>{t('returns.approval.reason')}</span>
            <input
              data-testid="returns-approval-reason"
              maxLength={200}
              value={manager.reason}
              onInput={(e) => setManager((m) => ({ ...m, reason: (e.target as HTMLInputElement).value }))}
            />
          </label>
        </section>
      )}

      <section class="returns-refund" aria-labelledby="returns-refund-title">
        <h4 id="returns-refund-title">{t('returns.refund.title')}</h4>
        <RefundMethodPicker value={method} onChange={setMethod} />
        <ul class="returns-refund-tenders" data-testid="returns-refund-tenders">
          {refund.tenders.map((x) => (
            <li key={x.kind} data-kind={x.kind} data-amount={x.amount}>
              <span>{t(`returns.tender.${x.kind}` as MessageKey)}</span>
              <strong>{money(x.amount, purchase.currency)}</strong>
            </li>
          ))}
        </ul>
        <p class="returns-refund-total">
          <span>{t('returns.refund.total')}</span>
          <strong data-testid="returns-refund-total" data-amount={refundTotal}>
            {money(refundTotal, purchase.currency)}
          </strong>
        </p>
      </section>

      {error && (
        <p class="banner banner-danger" role="alert" data-testid="returns-error">
          {error}
        </p>
      )}
      <Button
        variant="primary"
        size="large"
        class="returns-save"
        disabled={busy || returnable.length === 0}
        onClick={() => void save()}
        data-testid="returns-save"
      >
        {t(busy ? 'returns.saving' : 'returns.save')}
      </Button>
    </section>
  );
}

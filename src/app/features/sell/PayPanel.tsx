import { useEffect, useRef, useState } from 'preact/hooks';
import {
  addTender,
  completeSale,
  DomainError,
  formatCreditCode,
  manualDiscountNeedsApproval,
  maskCreditCode,
  discountApprovalCovers,
  newId,
  paidByCredit,
  reverseTender,
  systemClock,
  tenderState,
  type PaymentTender,
  type TenderReversal,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { takeReceiptNumber } from '../receipt/receipt-number.js';
import { currentShiftId } from '../shift/current-shift.js';
import type { PricedCart } from './cart.js';
import { useCart } from './cart-state.js';
import { lookupCredit } from './credit-lookup.js';
import { type AddTender, CardForm, CreditForm, PixForm, type ScanTarget } from './TenderForms.js';
import { amountAsTyped, checkCustomerTaxId, fieldErrorsByName, fractionDigits, parseAmount, quickTenders } from './tender.js';
import './pay.css';

type Method = 'cash' | 'card' | 'pix' | 'credit';
const REVERSAL_REASONS: TenderReversal['reason'][] = ['entered_in_error', 'customer_changed_method', 'payment_failed'];

/**
 * The pay screen: what is due, what each tender took (reversible, with a reason, until the sale completes), and the
 * tenders in any mix: cash (quick amounts, change, the store's cash rounding), a card on the store's terminal, Pix
 * (a BR Code the customer pays). Cash typed here counts at once, so exact cash is one tap and Complete; "take this
 * cash" records part of it to pay the rest another way. The tenders live in the saved cart, so a reload keeps a card
 * already charged. Complete is offered only when the sale is paid; the sale is written before the receipt shows.
 */
export function PayPanel({
  priced,
  scanInto,
  onBack,
  onDone,
}: {
  priced: PricedCart;
  /** Where the till's scanner sends a scan while a credit's code is asked for. */
  scanInto: ScanTarget;
  onBack: () => void;
  onDone: () => void;
}) {
  const { db, baseUrl, enrollment, store, session, navigate } = useApp();
  const { extras, inProgress, setExtras, checkout } = useCart();
  const { t, money } = useI18n();
  const digits = fractionDigits(store.currency);
  const rounding = store.cashRounding ?? 1;
  const due = priced.due;
  // An exchange opens the till with the return's credit as a tender: as much of it as the new items cost, the rest
  // staying on the credit (never the gift cards in the sale: credit pays items only). It is the return's, so it is
  // not reversed here.
  const exchange = extras.exchangeCredit;
  const exchangeAmount = exchange ? Math.min(exchange.amount, priced.itemsDue) : 0;
  const exchangeTenders: PaymentTender[] =
    exchange && exchangeAmount > 0 ? [{ kind: 'credit', id: exchange.returnId, amount: exchangeAmount, code: exchange.code, check: 'exchange' }] : [];
  const taken = extras.tenders ?? [];
  const tenders = [...exchangeTenders, ...taken];
  const [method, setMethod] = useState<Method>('cash');
  const [cashText, setCashText] = useState('');
  const [cashId, setCashId] = useState(newId);
  const [taxIdText, setTaxIdText] = useState(extras.customerTaxId ?? '');
  const [taxIdTouched, setTaxIdTouched] = useState(false);
  const [reversing, setReversing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const cashRef = useRef<HTMLInputElement>(null);
  useEffect(() => cashRef.current?.focus(), []);

  const toText = (minor: number) => amountAsTyped(minor, digits, store.locale);
  const parse = (text: string) => parseAmount(text, digits);

  const recorded = tenderState(due, tenders, rounding);
  const cash = parse(cashText);
  const pendingCash: PaymentTender[] = method === 'cash' && cash !== null && cash > 0 ? [{ id: cashId, kind: 'cash', amount: cash }] : [];
  const preview = tenderState(due, [...tenders, ...pendingCash], rounding);
  const taxId = checkCustomerTaxId(taxIdText);
  // An approval covers the manual discounts the manager saw, not more: a cart that changed since needs the PIN again.
  const approved =
    extras.discountApprovedBy && (!extras.discountApproval || discountApprovalCovers(extras.discountApproval, priced.lines))
      ? extras.discountApprovedBy
      : null;
  const needsApproval = manualDiscountNeedsApproval(priced.lines, store.discountLimitBasisPoints) && !approved;
  const canComplete = preview.complete && taxId.ok && !needsApproval && inProgress && !saving;

  const setTenders = (next: PaymentTender[]) => setExtras({ tenders: next.filter((t) => t.id !== exchange?.returnId) });

  const add: AddTender = (input) => {
    if (input.kind === 'credit' && paidByCredit(tenders) + Number(input.amount) > priced.itemsDue && priced.giftCards.length > 0) {
      return { amount: t('giftCard.creditPaysItemsOnly', { amount: money(Math.max(0, priced.itemsDue - paidByCredit(tenders))) }) };
    }
    const added = addTender(due, tenders, input, rounding);
    if (!added.ok)
      return { ...fieldErrorsByName(added.error.fieldErrors), ...(added.error.fieldErrors.length ? {} : { amount: added.error.message }) };
    setTenders(added.value);
    setError(null);
    return null;
  };

  const takeCash = () => {
    if (pendingCash.length === 0) return;
    if (!add(pendingCash[0]!)) {
      setCashText('');
      setCashId(newId());
    }
  };

  const reverse = (tenderId: string, reason: TenderReversal['reason']) => {
    const reversed = reverseTender(tenders, tenderId, { reason, reversedBy: session.staffId });
    if (reversed.ok) setTenders(reversed.value);
    setReversing(null);
  };

  const saveTaxId = (text: string) => {
    setTaxIdText(text);
    const checked = checkCustomerTaxId(text);
    if (checked.ok && checked.digits !== (extras.customerTaxId ?? null)) setExtras({ customerTaxId: checked.digits });
  };

  const complete = async () => {
    setTaxIdTouched(true);
    if (!canComplete) return;
    setError(null);
    setSaving(true);
    try {
      const receiptNumber = await takeReceiptNumber(db, enrollment);
      const sale = completeSale({
        store,
        deviceId: enrollment.deviceId,
        associateId: session.staffId,
        receiptNumber,
        shiftId: await currentShiftId(db),
        lines: priced.inputs,
        giftCards: priced.giftCards,
        voidedLines: extras.voidedLines ?? [],
        tenders: [...tenders, ...pendingCash],
        discountApprovedBy: approved,
        customerTaxId: taxId.ok ? taxId.digits : null,
        customerId: extras.customerId ?? null,
        newId,
        clock: systemClock,
      });
      // Durable before the receipt is shown; the cart goes only once the sale is written, and is never sold twice.
      await checkout(sale.id, () => db.sales.insert(sale));
      onDone();
      navigate({ name: 'receipt', saleId: sale.id });
    } catch (e) {
      setSaving(false);
      if (e instanceof DomainError) {
        const key = `error.${e.code}` as MessageKey;
        setError(t(key) !== key ? t(key) : t('error.unknown', { message: e.message }));
      } else setError(t('error.unknown', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  const kindName = (kind: PaymentTender['kind']) => t(`tender.kind.${kind}`);
  const describe = (tender: PaymentTender) => {
    if (tender.kind === 'card')
      return [
        t('tender.cardSummary', {
          funding: t(`tender.card.${tender.funding}`),
          brand: tender.brand.toUpperCase(),
          last4: tender.last4,
          code: tender.approvalCode,
        }),
        tender.installments > 1 ? t('tender.cardInstallments', { count: tender.installments }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    if (tender.kind === 'pix') return t('tender.pixSummary', { id: tender.endToEndId ?? tender.reference ?? tender.txid });
    if (tender.kind === 'credit') return t('tender.creditSummary', { code: maskCreditCode(tender.code) });
    return kindName('cash');
  };

  return (
    <section class="pay" aria-labelledby="pay-title" data-testid="pay-panel">
      <div class="pay-summary">
        <h3 id="pay-title">{t('pay.title')}</h3>
        <dl class="totals pay-totals">
          <div class="total">
            <dt>{t('pay.due')}</dt>
            <dd data-testid="amount-due">{money(due)}</dd>
          </div>
          {recorded.paid > 0 && (
            <div>
              <dt>{t('tender.paid')}</dt>
              <dd data-testid="tender-paid">{money(recorded.paid)}</dd>
            </div>
          )}
          <div>
            <dt>{t('tender.remaining')}</dt>
            <dd data-testid="tender-remaining" data-amount={recorded.complete ? 0 : recorded.cashToSettle || recorded.remaining}>
              {recorded.complete ? t('tender.settled') : money(recorded.remaining)}
            </dd>
          </div>
          {preview.cashRounding !== 0 && (
            <div>
              <dt>{t('tender.cashRounding')}</dt>
              <dd data-testid="cash-rounding">{money(preview.cashRounding)}</dd>
            </div>
          )}
        </dl>

        {tenders.length > 0 && (
          <ul class="tender-list" aria-label={t('tender.list')} data-testid="tender-list">
            {tenders.map((tender) => (
              <li key={tender.id} class={`tender-row ${tender.reversal ? 'tender-reversed' : ''}`} data-testid="tender-row" data-kind={tender.kind}>
                <span class="tender-what">
                  <strong>{kindName(tender.kind)}</strong> <span class="muted">{describe(tender)}</span>
                  {tender.reversal && <span class="badge">{t('tender.reversed')}</span>}
                </span>
                <span class="tender-amount">{money(tender.amount)}</span>
                {!tender.reversal &&
                  tender.id !== exchange?.returnId &&
                  (reversing === tender.id ? (
                    <fieldset class="reverse" aria-label={t('tender.reverseReason')}>
                      {REVERSAL_REASONS.map((reason) => (
                        <Button key={reason} variant="danger" onClick={() => reverse(tender.id, reason)} data-testid={`reverse-${reason}`}>
                          {t(`tender.reason.${reason}`)}
                        </Button>
                      ))}
                      <Button variant="ghost" onClick={() => setReversing(null)}>
                        {t('tender.cancel')}
                      </Button>
                    </fieldset>
                  ) : (
                    <Button
                      variant="ghost"
                      onClick={() => setReversing(tender.id)}
                      aria-label={t('tender.reverseNamed', { kind: kindName(tender.kind), amount: money(tender.amount) })}
                      data-testid="reverse-tender"
                    >
                      {t('tender.reverse')}
                    </Button>
                  ))}
              </li>
            ))}
          </ul>
        )}
        {exchange && (
          <div class="message" role="status" data-testid="exchange-note">
            <strong>{t('tender.exchange.title')}</strong>{' '}
            {t('tender.exchange.credit', { amount: money(exchange.amount), code: formatCreditCode(exchange.code) })}
            {exchange.amount > exchangeAmount && (
              <span data-testid="exchange-left" data-amount={exchange.amount - exchangeAmount}>
                {' '}
                {t('tender.exchange.left', { amount: money(exchange.amount - exchangeAmount), code: formatCreditCode(exchange.code) })}
              </span>
            )}
          </div>
        )}
        {recorded.nonCashExcess > 0 && (
          <p class="message message-error" role="alert" data-testid="tender-excess">
            {t('tender.nonCashExcess')}
          </p>
        )}

        <Field
          id="customer-tax-id"
          label={t('tender.customerTaxId')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={18}
          value={taxIdText}
          onInput={(e) => saveTaxId(e.currentTarget.value)}
          onBlur={() => setTaxIdTouched(true)}
          error={!taxId.ok && taxIdTouched ? t(taxId.error === 'length' ? 'tender.customerTaxIdLength' : 'tender.customerTaxIdCheck') : undefined}
          data-testid="customer-tax-id"
        />
      </div>

      <div class="pay-methods">
        {!recorded.complete && (
          <>
            <fieldset class="choice-row" aria-label={t('tender.methods')}>
              {(['cash', 'card', ...(store.pix ? (['pix'] as const) : []), 'credit'] as const).map((m) => (
                <Button
                  key={m}
                  size="large"
                  variant={method === m ? 'primary' : 'secondary'}
                  aria-pressed={method === m}
                  onClick={() => setMethod(m)}
                  data-testid={`method-${m}`}
                >
                  {kindName(m)}
                </Button>
              ))}
            </fieldset>
            {method === 'cash' && (
              <div class="tender-form" data-testid="cash-form">
                <div class="field">
                  <label for="tendered-input">{t('pay.tendered')}</label>
                  <input
                    id="tendered-input"
                    ref={cashRef}
                    data-testid="tendered-input"
                    inputMode="decimal"
                    autoComplete="off"
                    value={cashText}
                    onInput={(e) => setCashText(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        void complete();
                      }
                    }}
                  />
                </div>
                <fieldset class="quick" aria-label={t('pay.quick')}>
                  {quickTenders(recorded.cashToSettle, digits).map((amount, i) => (
                    <Button key={amount} size="large" onClick={() => setCashText(toText(amount))} data-testid="quick-tender" data-amount={amount}>
                      {i === 0 ? t('pay.exact', { amount: money(amount) }) : money(amount)}
                    </Button>
                  ))}
                </fieldset>
                <p class="change" aria-live="polite">
                  {pendingCash.length > 0 && preview.complete ? (
                    <>
                      {t('pay.change')}: <strong data-testid="change-due">{money(preview.change)}</strong>
                    </>
                  ) : pendingCash.length > 0 ? (
                    <span class="short" data-testid="change-short">
                      {t('pay.short', { amount: money(preview.cashToSettle) })}
                    </span>
                  ) : null}
                </p>
                {pendingCash.length > 0 && !preview.complete && (
                  <Button onClick={takeCash} data-testid="add-cash">
                    {t('tender.addCash')}
                  </Button>
                )}
              </div>
            )}
            {method === 'card' && <CardForm remaining={recorded.remaining} toText={toText} parse={parse} onAdd={add} />}
            {method === 'credit' && (
              <CreditForm
                remaining={recorded.remaining}
                toText={toText}
                parse={parse}
                onAdd={add}
                currency={store.currency}
                offlineLimit={store.offlineCreditLimit}
                lookup={(code) => lookupCredit(code, { baseUrl, token: enrollment.token })}
                scanInto={scanInto}
              />
            )}
            {method === 'pix' && store.pix && (
              <PixForm remaining={recorded.remaining} toText={toText} parse={parse} onAdd={add} pix={store.pix} confirmedBy={session.staffId} />
            )}
          </>
        )}
      </div>

      <div class="pay-footer">
        {needsApproval && (
          <p class="message message-error" role="alert" data-testid="needs-approval">
            {t('tender.needsApproval')}
          </p>
        )}
        {error && (
          <p class="message message-error" role="alert" data-testid="pay-error">
            {error}
          </p>
        )}
        <div class="actions">
          <Button variant="ghost" onClick={onBack} data-testid="pay-back">
            {t('pay.back')}
          </Button>
          <Button variant="primary" size="large" disabled={!canComplete} onClick={() => void complete()} data-testid="complete-sale">
            {saving ? t('pay.saving') : t('pay.complete')}
          </Button>
        </div>
      </div>
    </section>
  );
}

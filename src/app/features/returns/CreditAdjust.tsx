import { useState } from 'preact/hooks';
import {
  CreditAdjustReasonSchema,
  CreditCodeSchema,
  DomainError,
  draftCreditAdjusted,
  maskCreditCode,
  newId,
  normalizeCreditCode,
  systemClock,
  type CreditAdjustReason,
  type CreditAdjusted,
  type Fact,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { useObservable } from '../../ui/hooks.js';
import { lookupCredit, type CreditKnown } from '../sell/credit-lookup.js';
import { amountAsTyped, fractionDigits, parseAmount } from '../sell/tender.js';
import { CreditCodeField } from '../sell/TenderForms.js';

type Direction = 'add' | 'remove';

/**
 * For managers: a store credit's or gift card's balance changed by hand, with a reason and a note (`credit.adjusted`,
 * a fact: saved offline, applied once by the server, posted on the credit's ledger). The code is typed from the
 * customer's slip or card; its balance is asked of the server when there is a network, and an overdrawn credit is
 * written off to zero in one tap.
 */
export function CreditAdjust() {
  const { db, baseUrl, enrollment, store, session } = useApp();
  const { t, money } = useI18n();
  const [codeText, setCodeText] = useState('');
  const [known, setKnown] = useState<{ code: string; answer: CreditKnown } | null>(null);
  const [direction, setDirection] = useState<Direction>('add');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState<CreditAdjustReason | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedId, setSavedId] = useState<string | null>(null);
  const saved = useObservable<Fact | null>(() => (savedId ? db.facts.findOne(savedId).$ : null), null, [db, savedId]);
  const code = normalizeCreditCode(codeText);
  const current = known?.code === code ? known.answer : null;
  const digits = fractionDigits(store.currency);

  const check = async () => {
    if (!CreditCodeSchema.safeParse(code).success) return setErrors({ code: t('tender.credit.codeError') });
    setErrors({});
    try {
      setKnown({ code, answer: await lookupCredit(code, { baseUrl, token: enrollment.token }) });
    } catch (e) {
      setErrors({ code: t('tender.credit.lookupFailed', { message: e instanceof Error ? e.message : String(e) }) });
    }
  };

  const writeOff = (balance: number) => {
    setDirection('add');
    setAmountText(amountAsTyped(-balance, digits, store.locale));
    setReason('write_off');
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const amount = parseAmount(amountText, digits);
    const found: Record<string, string> = {};
    if (!CreditCodeSchema.safeParse(code).success) found.code = t('tender.credit.codeError');
    if (amount === null || amount <= 0) found.amount = t('credits.adjust.amountError');
    if (!reason) found.reason = t('credits.adjust.reasonError');
    if (note.trim().length < 3) found.note = t('credits.adjust.noteError');
    setErrors(found);
    if (Object.keys(found).length > 0 || amount === null || !reason) return;
    try {
      const fact: CreditAdjusted = draftCreditAdjusted({
        code,
        amount: direction === 'add' ? amount : -amount,
        currency: store.currency,
        reason,
        note,
        storeId: store.id,
        deviceId: enrollment.deviceId,
        associateId: session.staffId,
        newId,
        clock: systemClock,
      });
      await db.facts.insert(fact);
      setSavedId(fact.id);
      setAmountText('');
      setNote('');
      setReason('');
      setKnown(null);
    } catch (error) {
      setErrors({ form: error instanceof DomainError ? error.message : String(error) });
    }
  };

  const outcome = saved?.outcome;
  return (
    <details class="credit-adjust" data-testid="credit-adjust">
      <summary>{t('credits.adjust.title')}</summary>
      <form onSubmit={(e) => void save(e)} noValidate>
        <p class="field-hint">{t('credits.adjust.hint')}</p>
        <div class="credit-adjust-row">
          <CreditCodeField id="credit-adjust-code" text={codeText} onText={setCodeText} error={errors.code} />
          <Button onClick={() => void check()} data-testid="credit-adjust-check">
            {t('tender.credit.check')}
          </Button>
        </div>
        {current?.via === 'online' && current.credit && (
          <p class="message" role="status" data-testid="credit-adjust-balance" data-amount={current.credit.balance}>
            {t('tender.credit.balance', { amount: money(current.credit.balance, current.credit.currency) })}{' '}
            {current.credit.balance < 0 && (
              <Button variant="ghost" onClick={() => writeOff(current.credit!.balance)} data-testid="credit-adjust-write-off">
                {t('credits.adjust.writeOff', { amount: money(-current.credit.balance, current.credit.currency) })}
              </Button>
            )}
          </p>
        )}
        {current?.via === 'online' && !current.credit && (
          <p class="message message-warn" role="status">
            {t('tender.credit.unknown')}
          </p>
        )}
        {current?.via === 'offline' && (
          <p class="message message-warn" role="status">
            {t('credits.adjust.offline')}
          </p>
        )}
        <fieldset class="choice-row" aria-label={t('credits.adjust.direction')}>
          {(['add', 'remove'] as const).map((d) => (
            <Button
              key={d}
              variant={direction === d ? 'primary' : 'secondary'}
              aria-pressed={direction === d}
              onClick={() => setDirection(d)}
              data-testid={`credit-adjust-${d}`}
            >
              {t(`credits.adjust.${d}`)}
            </Button>
          ))}
        </fieldset>
        <div class="credit-adjust-row">
          <Field
            id="credit-adjust-amount"
            label={t('credits.adjust.amount')}
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onInput={(e) => setAmountText(e.currentTarget.value)}
            error={errors.amount}
            data-testid="credit-adjust-amount"
          />
          <div class={`field ${errors.reason ? 'field-invalid' : ''}`}>
            <label for="credit-adjust-reason">{t('credits.adjust.reason')}</label>
            <select
              id="credit-adjust-reason"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value as CreditAdjustReason)}
              aria-invalid={errors.reason ? 'true' : undefined}
              data-testid="credit-adjust-reason"
            >
              <option value="" disabled>
                —
              </option>
              {CreditAdjustReasonSchema.options.map((r) => (
                <option key={r} value={r}>
                  {t(`credits.adjust.reason.${r}`)}
                </option>
              ))}
            </select>
            {errors.reason && (
              <p class="field-error" role="alert">
                {errors.reason}
              </p>
            )}
          </div>
        </div>
        <Field
          id="credit-adjust-note"
          label={t('credits.adjust.note')}
          autoComplete="off"
          maxLength={200}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
          data-testid="credit-adjust-note"
        />
        {errors.form && (
          <p class="message message-error" role="alert">
            {errors.form}
          </p>
        )}
        {saved && (
          <p
            class={`message ${outcome?.status === 'rejected' ? 'message-error' : ''}`}
            role="status"
            data-testid="credit-adjust-saved"
            data-status={outcome?.status ?? 'pending'}
          >
            {outcome?.status === 'accepted'
              ? t('credits.adjust.accepted', { code: maskCreditCode(saved.subjectId) })
              : outcome?.status === 'rejected'
                ? t('credits.adjust.rejected', { message: outcome.message ?? '' })
                : t('credits.adjust.pending', { code: maskCreditCode(saved.subjectId) })}
          </p>
        )}
        <div class="actions">
          <Button variant="primary" type="submit" data-testid="credit-adjust-save">
            {t('credits.adjust.save')}
          </Button>
        </div>
      </form>
    </details>
  );
}

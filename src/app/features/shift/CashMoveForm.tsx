import { useState } from 'preact/hooks';
import { CashMoveReasonSchema, type CashMoveReason } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { typedAmount } from './money-input.js';
import { moveCash, type ShiftRecorder } from './shift-data.js';

/** Cash put in (change fund) or taken out (bank deposit, safe drop, petty cash) of the drawer, with its reason. */
export function CashMoveForm({ shiftId, by }: { shiftId: string; by: ShiftRecorder }) {
  const { store } = useApp();
  const { t, money } = useI18n();
  const [direction, setDirection] = useState<'in' | 'out'>('out');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState<CashMoveReason>('bank_deposit');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; note?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const amount = typedAmount(amountText, store.currency);
    const found = {
      ...(amount === null || amount <= 0 ? { amount: t('shift.cash.amountInvalid') } : {}),
      ...(reason === 'other' && note.trim() === '' ? { note: t('shift.cash.noteRequired') } : {}),
    };
    setErrors(found);
    setDone(null);
    if (Object.keys(found).length > 0 || amount === null) return;
    setBusy(true);
    try {
      await moveCash(by, shiftId, { direction, amount, reason, ...(note.trim() ? { note: note.trim() } : {}) });
      setDone(t('shift.cash.recorded', { direction: t(direction === 'in' ? 'shift.cash.in' : 'shift.cash.out'), amount: money(amount) }));
      setAmountText('');
      setNote('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="shift-card" onSubmit={submit} data-testid="cash-move-form" aria-labelledby="cash-move-title" noValidate>
      <h3 id="cash-move-title">{t('shift.cash.title')}</h3>
      <fieldset class="shift-toggle">
        <legend class="visually-hidden">{t('shift.cash.title')}</legend>
        {(['in', 'out'] as const).map((d) => (
          <label key={d} class={`btn btn-secondary ${direction === d ? 'shift-toggle-on' : ''}`}>
            <input
              type="radio"
              name="cash-direction"
              value={d}
              checked={direction === d}
              onChange={() => setDirection(d)}
              data-testid={`cash-${d}`}
            />
            {t(d === 'in' ? 'shift.cash.in' : 'shift.cash.out')}
          </label>
        ))}
      </fieldset>
      <Field
        id="cash-move-amount"
        label={t('shift.cash.amount')}
        inputMode="decimal"
        autoComplete="off"
        value={amountText}
        onInput={(e) => setAmountText(e.currentTarget.value)}
        error={errors.amount}
        data-testid="cash-move-amount"
      />
      <div class="field">
        <label for="cash-move-reason">{t('shift.cash.reason')}</label>
        <select
          id="cash-move-reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value as CashMoveReason)}
          data-testid="cash-move-reason"
        >
          {CashMoveReasonSchema.options.map((r) => (
            <option key={r} value={r}>
              {t(`shift.reason.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        id="cash-move-note"
        label={t('shift.cash.note')}
        maxLength={200}
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
        data-testid="cash-move-note"
      />
      <div class="actions">
        <Button type="submit" variant="primary" disabled={busy} data-testid="cash-move-submit">
          {t('shift.cash.record')}
        </Button>
      </div>
      {done && (
        <p class="message message-info" role="status" data-testid="cash-move-done">
          {done}
        </p>
      )}
    </form>
  );
}

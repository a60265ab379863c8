import { useState } from 'preact/hooks';
import type { Outcome } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { type I18n, useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { useObservable } from '../../ui/hooks.js';
import { CashMoveForm } from './CashMoveForm.js';
import { CloseShiftForm } from './CloseShiftForm.js';
import { typedAmount } from './money-input.js';
import { openShift, openShiftOf, shiftActivity$, shifts$, zReportOf, type ShiftActivity, type ShiftRecorder, type ShiftView } from './shift-data.js';
import { ZReportView } from './ZReportView.js';

const NO_ACTIVITY: ShiftActivity = { sales: [], voided: [] };

const SHIFT_CODES = ['SHIFT_NOT_OPEN', 'SHIFT_ALREADY_OPEN', 'SHIFT_ALREADY_CLOSED', 'SHIFT_REPORT_MISMATCH'] as const;
/** The server's reason in the associate's language where the catalog has it, else as the server wrote it. */
function refusalReason(outcome: Outcome | undefined, t: I18n['t']): string {
  const code = SHIFT_CODES.find((c) => c === outcome?.code);
  return code ? t(`shift.error.${code}`) : (outcome?.message ?? outcome?.code ?? '');
}

/**
 * The register's shift on this device: open it with a float, move cash in and out, close it with the counts, and
 * read (and print) its Z report. Everything is a fact written on the device first, so all of it works offline.
 */
export function ShiftScreen() {
  const { db, enrollment, session } = useApp();
  const { t } = useI18n();
  const shifts = useObservable<ShiftView[] | null>(() => shifts$(db, enrollment.deviceId), null, [db, enrollment.deviceId]);
  const [newShift, setNewShift] = useState(false);
  const by: ShiftRecorder = { db, storeId: enrollment.storeId, deviceId: enrollment.deviceId, staffId: session.staffId };
  if (!shifts) return <p class="loading">{t('app.loading')}</p>;
  const open = openShiftOf(shifts);
  const lastClosed = !open && shifts[0]?.closed ? shifts[0] : null;
  return (
    <section class="panel shift" aria-labelledby="shift-title" data-testid="shift-screen" data-shift-state={open ? 'open' : 'closed'}>
      <h2 id="shift-title" class="shift-screen-title">
        {t('shift.title')}
      </h2>
      {open ? (
        <OpenShift shift={open} by={by} />
      ) : lastClosed && !newShift ? (
        <ClosedShift shift={lastClosed} onNewShift={() => setNewShift(true)} />
      ) : (
        // Once a new shift opens, its close will show its own report again.
        <OpenShiftForm by={by} onOpened={() => setNewShift(false)} />
      )}
    </section>
  );
}

function OpenShiftForm({ by, onOpened }: { by: ShiftRecorder; onOpened: () => void }) {
  const { store, enrollment } = useApp();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const float = typedAmount(text, store.currency);
    if (float === null || float < 0) {
      setError(t('shift.floatInvalid'));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await openShift(by, { float, currency: store.currency, registerName: enrollment.deviceName });
      onOpened();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="shift-card" onSubmit={submit} data-testid="open-shift-form" noValidate>
      <p>{t('shift.none')}</p>
      <Field
        id="shift-float"
        label={t('shift.float')}
        inputMode="decimal"
        autoComplete="off"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        error={error}
        data-testid="shift-float"
      />
      <div class="actions">
        <Button type="submit" variant="primary" size="large" disabled={busy} data-testid="shift-open-submit">
          {busy ? t('shift.opening') : t('shift.open')}
        </Button>
      </div>
    </form>
  );
}

function OpenShift({ shift, by }: { shift: ShiftView; by: ShiftRecorder }) {
  const { db, quarantine } = useApp();
  const { t, money, dateTime } = useI18n();
  const activity = useObservable<ShiftActivity>(() => shiftActivity$(db, shift.id), NO_ACTIVITY, [db, shift.id]);
  const [closing, setClosing] = useState(false);
  const soFar = zReportOf(shift, activity, quarantine, { cash: 0, card: 0, pix: 0 }, new Date().toISOString());
  return (
    <div class="shift-open" data-testid="shift-open" data-shift-id={shift.id}>
      {shift.refused.map((f) => (
        <p key={f.id} class="message message-error" role="alert" data-testid="shift-refused" data-kind={f.kind}>
          {t('shift.refused', { reason: refusalReason(f.outcome, t) })}
        </p>
      ))}
      <div class="shift-card shift-summary">
        <p>{t('shift.openSince', { time: dateTime(shift.opened.createdAtDevice), register: shift.opened.payload.registerName })}</p>
        <p>{t('shift.openedBy', { amount: money(shift.opened.payload.float) })}</p>
        <p data-testid="shift-sales-so-far" data-count={soFar.salesCount}>
          {t('shift.salesSoFar', { count: soFar.salesCount, amount: money(soFar.net) })}
        </p>
        <ul class="shift-moves" data-testid="shift-moves">
          {shift.moves.length === 0 && <li class="muted">{t('shift.cash.none')}</li>}
          {shift.moves.map((m) => (
            <li key={m.id} data-testid="shift-move" data-direction={m.payload.direction} data-amount={m.payload.amount}>
              {t(m.payload.direction === 'in' ? 'shift.cash.in' : 'shift.cash.out')} · {money(m.payload.amount)} ·{' '}
              {t(`shift.reason.${m.payload.reason}`)}
              {m.payload.note ? ` · ${m.payload.note}` : ''}
            </li>
          ))}
        </ul>
      </div>
      {closing ? (
        <CloseShiftForm shift={shift} activity={activity} by={by} onCancel={() => setClosing(false)} />
      ) : (
        <>
          <CashMoveForm shiftId={shift.id} by={by} />
          <div class="actions">
            <Button variant="danger" size="large" onClick={() => setClosing(true)} data-testid="shift-close-start">
              {t('shift.close.start')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

function ClosedShift({ shift, onNewShift }: { shift: ShiftView; onNewShift: () => void }) {
  const { t } = useI18n();
  const closed = shift.closed!;
  return (
    <div class="shift-closed" data-testid="shift-closed" data-shift-id={shift.id}>
      <div class="actions shift-report-actions">
        <Button variant="primary" size="large" onClick={() => window.print()} data-testid="z-print">
          {t('shift.z.print')}
        </Button>
        <Button onClick={onNewShift} data-testid="shift-new">
          {t('shift.z.newShift')}
        </Button>
      </div>
      <ZReportView report={closed.payload.zReport} registerName={shift.opened.payload.registerName} blind={closed.payload.blind} />
    </div>
  );
}

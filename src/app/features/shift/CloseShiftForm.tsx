import { useState } from 'preact/hooks';
import type { ZReport } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { typedAmount } from './money-input.js';
import { closeShift, unsyncedSalesOf, zReportOf, type ShiftActivity, type ShiftRecorder, type ShiftView } from './shift-data.js';

const TENDERS = ['cash', 'card', 'pix'] as const;
type TenderKind = (typeof TENDERS)[number];

/**
 * Closing: the counts per tender (cash in the drawer, card and Pix from the terminal's and the bank's reports),
 * blind or not, with a warning while sales of the shift have not reached the server (they are counted all the same:
 * the drawer holds their cash). Closing records the `shift.closed` fact with its Z report, then shows the report.
 */
export function CloseShiftForm({
  shift,
  activity,
  by,
  onCancel,
}: {
  shift: ShiftView;
  activity: ShiftActivity;
  by: ShiftRecorder;
  onCancel: () => void;
}) {
  const { store, quarantine } = useApp();
  const { t, money } = useI18n();
  const [blind, setBlind] = useState(true);
  const [texts, setTexts] = useState<Record<TenderKind, string>>({ cash: '', card: '', pix: '' });
  const [invalid, setInvalid] = useState<TenderKind[]>([]);
  const [busy, setBusy] = useState(false);
  const unsynced = unsyncedSalesOf(activity, quarantine).length;
  const now = new Date().toISOString();
  const expected = zReportOf(shift, activity, quarantine, { cash: 0, card: 0, pix: 0 }, now).expected;

  const submit = async (e: Event) => {
    e.preventDefault();
    const counted = Object.fromEntries(TENDERS.map((k) => [k, typedAmount(texts[k], store.currency)])) as Record<TenderKind, number | null>;
    const wrong = TENDERS.filter((k) => counted[k] === null || counted[k]! < 0);
    setInvalid(wrong);
    if (wrong.length > 0) return;
    setBusy(true);
    try {
      const report: ZReport = zReportOf(shift, activity, quarantine, counted as ZReport['counted'], new Date().toISOString());
      await closeShift(by, shift.id, blind, report);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="shift-card" onSubmit={submit} data-testid="close-shift-form" aria-labelledby="close-title" noValidate>
      <h3 id="close-title">{t('shift.close.title')}</h3>
      {unsynced > 0 && (
        <p class="message message-warn" role="alert" data-testid="shift-unsynced-warning" data-count={unsynced}>
          {t('shift.close.unsynced', { count: unsynced })}
        </p>
      )}
      <div class="field field-check">
        <label>
          <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.currentTarget.checked)} data-testid="close-blind" />
          {t('shift.close.blind')}
        </label>
      </div>
      {blind && <p class="field-hint">{t('shift.close.hidden')}</p>}
      {TENDERS.map((kind) => (
        <Field
          key={kind}
          id={`close-count-${kind}`}
          label={t(`shift.close.${kind}`)}
          inputMode="decimal"
          autoComplete="off"
          value={texts[kind]}
          onInput={(e) => setTexts({ ...texts, [kind]: e.currentTarget.value })}
          error={invalid.includes(kind) ? t('shift.close.countInvalid') : undefined}
          hint={blind ? undefined : t('shift.close.expected', { amount: money(expected[kind]) })}
          data-testid={`close-count-${kind}`}
        />
      ))}
      <div class="actions">
        <Button onClick={onCancel} data-testid="close-cancel">
          {t('shift.close.cancel')}
        </Button>
        <Button type="submit" variant="primary" size="large" disabled={busy} data-testid="close-confirm">
          {busy ? t('shift.close.closing') : t('shift.close.confirm')}
        </Button>
      </div>
    </form>
  );
}

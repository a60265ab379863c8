import { useState } from 'preact/hooks';
import { TransferRequestPayloadSchema, type TransferMode } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { requestTransfer } from './transfer-data.js';
import './transfers.css';

const MODES: readonly TransferMode[] = ['hold', 'to_store', 'to_customer'];
/** The field a schema issue is about, by its path, so the associate reads the field's own label. */
const FIELD_LABELS: Record<string, MessageKey> = {
  quantity: 'transfers.quantity',
  holdUntil: 'transfers.holdUntil',
  'customer.name': 'transfers.customerName',
  'customer.phone': 'transfers.customerPhone',
  customer: 'transfers.customerName',
  'customer.address': 'transfers.street',
  'customer.address.street': 'transfers.street',
  'customer.address.city': 'transfers.city',
  'customer.address.postalCode': 'transfers.postalCode',
  note: 'transfers.noteField',
};
const HOUR = 60 * 60 * 1000;

/** A `datetime-local` value (the device's time zone) some hours from now, on the minute. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Asks another store to hold units of a SKU for a customer until a time, to send them to this store, or to ship them
 * to the customer. The form says what the other store will see of the customer (a hold: name and phone; a shipment:
 * with the address; a transfer here: nothing), and records the request as a fact, offline too.
 */
export function RequestForm({
  sku,
  toStoreId,
  toStoreName,
  onDone,
}: {
  sku: string;
  toStoreId: string;
  toStoreName: string;
  onDone: (sent: boolean) => void;
}) {
  const { db, store, session, enrollment } = useApp();
  const { t } = useI18n();
  const [mode, setMode] = useState<TransferMode>('hold');
  const [quantity, setQuantity] = useState('1');
  const [until, setUntil] = useState(() => localInput(Date.now() + 4 * HOUR));
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [street, setStreet] = useState('');
  const [city, setCity] = useState('');
  const [postalCode, setPostalCode] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const holdUntil = mode === 'hold' && until ? new Date(until).toISOString() : null;
    const parsed = TransferRequestPayloadSchema.safeParse({
      mode,
      fromStoreId: toStoreId,
      sku,
      quantity: Number(quantity),
      holdUntil,
      customer: mode === 'to_store' ? null : { name, phone, address: mode === 'to_customer' ? { street, city, postalCode } : null },
      note,
    });
    if (!parsed.success) {
      const labels = [...new Set(parsed.error.issues.map((i) => FIELD_LABELS[i.path.join('.')] ?? 'transfers.mode'))];
      setError(t('transfers.invalid', { message: labels.map((k) => t(k)).join(', ') }));
      return;
    }
    if (holdUntil && Date.parse(holdUntil) <= Date.now()) {
      setError(t('transfers.invalid', { message: t('transfers.holdPast') }));
      return;
    }
    setBusy(true);
    try {
      await requestTransfer({ db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId }, parsed.data);
      onDone(true);
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, label: MessageKey, value: string, set: (v: string) => void, attrs: Record<string, string> = {}) => (
    <label class="transfer-field" for={id}>
      <span>{t(label)}</span>
      <input id={id} value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} data-testid={id} {...attrs} />
    </label>
  );

  return (
    <form
      class="transfer-request"
      aria-label={t('transfers.askTitle', { store: toStoreName })}
      data-testid="transfer-request"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset class="transfer-modes">
        <legend>{t('transfers.mode')}</legend>
        {MODES.map((m) => (
          <label key={m} class="transfer-mode">
            <input
              type="radio"
              name={`mode-${toStoreId}`}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`transfer-mode-${m}`}
            />
            {t(`transfers.mode.${m}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      {field('transfer-quantity', 'transfers.quantity', quantity, setQuantity, { inputMode: 'numeric' })}
      {mode === 'hold' && field('transfer-until', 'transfers.holdUntil', until, setUntil, { type: 'datetime-local' })}
      {mode !== 'to_store' && field('transfer-customer-name', 'transfers.customerName', name, setName, { autocomplete: 'off' })}
      {mode !== 'to_store' && field('transfer-customer-phone', 'transfers.customerPhone', phone, setPhone, { type: 'tel', autocomplete: 'off' })}
      {mode === 'to_customer' && field('transfer-street', 'transfers.street', street, setStreet)}
      {mode === 'to_customer' && field('transfer-city', 'transfers.city', city, setCity)}
      {mode === 'to_customer' && field('transfer-postal-code', 'transfers.postalCode', postalCode, setPostalCode)}
      {field('transfer-note', 'transfers.noteField', note, setNote)}
      <p class="muted" data-testid="transfer-shared">
        {t('transfers.shared', { what: t(`transfers.shared.${mode}` as MessageKey) })}
      </p>
      {error && (
        <p class="message message-error" role="alert" data-testid="transfer-request-error">
          {error}
        </p>
      )}
      <div class="transfer-actions">
        <Button type="submit" variant="primary" disabled={busy} data-testid="transfer-send">
          {t('transfers.send')}
        </Button>
        <Button variant="ghost" onClick={() => onDone(false)} aria-label={t('transfers.closeForm')}>
          ×
        </Button>
      </div>
    </form>
  );
}

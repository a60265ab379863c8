import { type MutableRef, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  CardBrandSchema,
  CreditCodeSchema,
  decideRedemption,
  newId,
  normalizeCreditCode,
  pixBrCode,
  pixTxidFor,
  type PixSettings,
  type RedemptionRefusal,
} from '../../../domain/index.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { QrCode } from '../../ui/QrCode.js';
import type { CreditKnown } from './credit-lookup.js';

/** What the pay screen answers when a form records a tender: null when it was taken, else the errors by field. */
export type AddTender = (input: Record<string, unknown>) => Record<string, string> | null;

/** The till's scanner hands a scan to whoever registered here (a field that takes a code), else to the cart. */
export type ScanTarget = MutableRef<((code: string) => void) | null>;

/** Registers `receive` as where scans go while the calling component is mounted. */
export function useScanTarget(target: ScanTarget, receive: (code: string) => void) {
  const latest = useRef(receive);
  latest.current = receive;
  // Layout effect, as the scanner's own listener: a scan right after the field appears lands in it, not in the cart.
  useLayoutEffect(() => {
    target.current = (code) => latest.current(code);
    return () => {
      target.current = null;
    };
  }, [target]);
}

interface FormProps {
  remaining: number;
  /** Minor units to the text staff type, in the store's locale. */
  toText: (minor: number) => string;
  parse: (text: string) => number | null;
  onAdd: AddTender;
}

/** A refused field's words in the UI language: ours where we know the field, the domain's otherwise. */
function useFieldError(errors: Record<string, string>, messages: Record<string, MessageKey>, params: Record<string, string> = {}) {
  const { t } = useI18n();
  return (field: string) => {
    const message = errors[field];
    if (message === undefined) return undefined;
    const key = messages[field];
    return key ? t(key, params) : message;
  };
}

/** The amount of a card or Pix payment: the balance by default, less to split it. */
export function AmountField({ id, text, onText, error }: { id: string; text: string; onText: (text: string) => void; error?: string | undefined }) {
  const { t } = useI18n();
  return (
    <Field
      id={id}
      label={t('tender.amount')}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      onInput={(e) => onText(e.currentTarget.value)}
      error={error}
      data-testid={id}
    />
  );
}

/** The code of a store credit or gift card, as printed on the slip or card (typed in any case, spaces allowed). */
export function CreditCodeField({
  id,
  text,
  onText,
  error,
  label,
}: {
  id: string;
  text: string;
  onText: (text: string) => void;
  error?: string | undefined;
  /** Absent: "Credit or gift card code". */
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <Field
      id={id}
      label={label ?? t('tender.credit.code')}
      autoComplete="off"
      autoCapitalize="characters"
      spellcheck={false}
      maxLength={40}
      value={text}
      onInput={(e) => onText(e.currentTarget.value)}
      error={error}
      data-testid={id}
    />
  );
}

/**
 * A card charged on the store's own terminal: only what its slip shows is recorded (credit or debit, brand, last four
 * digits, approval code, installments). No field takes a card number, and the domain refuses anything shaped like one.
 */
export function CardForm({ remaining, toText, parse, onAdd }: FormProps) {
  const { t, money } = useI18n();
  const [funding, setFunding] = useState<'credit' | 'debit'>('credit');
  const [brand, setBrand] = useState('visa');
  const [last4, setLast4] = useState('');
  const [approvalCode, setApprovalCode] = useState('');
  const [installments, setInstallments] = useState(1);
  const [amountText, setAmountText] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const errorOf = useFieldError(
    errors,
    {
      last4: 'tender.card.last4Error',
      approvalCode: 'tender.card.approvalError',
      installments: 'tender.card.installmentsError',
      amount: 'tender.amountError',
    },
    { amount: money(remaining) },
  );
  const amountShown = amountText ?? toText(remaining);

  const submit = (e: Event) => {
    e.preventDefault();
    const amount = parse(amountShown);
    if (amount === null || amount <= 0) {
      setErrors({ amount: 'amount' });
      return;
    }
    const refused = onAdd({
      id: newId(),
      kind: 'card',
      amount,
      funding,
      brand,
      last4: last4.trim(),
      approvalCode: approvalCode.trim(),
      installments: funding === 'debit' ? 1 : installments,
    });
    setErrors(refused ?? {});
    if (!refused) {
      setLast4('');
      setApprovalCode('');
      setInstallments(1);
      setAmountText(null);
    }
  };

  return (
    <form class="tender-form" onSubmit={submit} data-testid="card-form" noValidate>
      <p class="field-hint">{t('tender.card.hint')}</p>
      <fieldset class="choice-row" aria-label={t('tender.card.funding')}>
        {(['credit', 'debit'] as const).map((f) => (
          <Button
            key={f}
            variant={funding === f ? 'primary' : 'secondary'}
            aria-pressed={funding === f}
            onClick={() => setFunding(f)}
            data-testid={`card-${f}`}
          >
            {t(`tender.card.${f}`)}
          </Button>
        ))}
      </fieldset>
      <div class="tender-grid">
        <div class="field">
          <label for="card-brand">{t('tender.card.brand')}</label>
          <select id="card-brand" value={brand} onChange={(e) => setBrand(e.currentTarget.value)} data-testid="card-brand">
            {CardBrandSchema.options.map((b) => (
              <option key={b} value={b}>
                {b === 'other' ? t('tender.card.brandOther') : b[0]!.toUpperCase() + b.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="card-last4"
          label={t('tender.card.last4')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          value={last4}
          onInput={(e) => setLast4(e.currentTarget.value)}
          error={errorOf('last4')}
          data-testid="card-last4"
        />
        <Field
          id="card-approval"
          label={t('tender.card.approval')}
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={12}
          value={approvalCode}
          onInput={(e) => setApprovalCode(e.currentTarget.value)}
          error={errorOf('approvalCode')}
          data-testid="card-approval"
        />
        {funding === 'credit' && (
          <div class={`field ${errorOf('installments') ? 'field-invalid' : ''}`}>
            <label for="card-installments">{t('tender.card.installments')}</label>
            <select
              id="card-installments"
              value={installments}
              onChange={(e) => setInstallments(Number(e.currentTarget.value))}
              data-testid="card-installments"
            >
              {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}×
                </option>
              ))}
            </select>
          </div>
        )}
        <AmountField id="card-amount" text={amountShown} onText={setAmountText} error={errorOf('amount')} />
      </div>
      <Button variant="primary" size="large" type="submit" data-testid="add-card">
        {t('tender.card.add')}
      </Button>
    </form>
  );
}

/**
 * Pix: a BR Code for the amount (the balance by default) from the store's Pix settings, shown as a QR and as "copia e
 * cola" text; the associate records it once they saw it arrive, with its end-to-end id or a reference. The txid comes
 * from the tender's id, made when the code is shown, so the bank statement names this payment.
 */
export function PixForm({ remaining, toText, parse, onAdd, pix, confirmedBy }: FormProps & { pix: PixSettings; confirmedBy: string }) {
  const { t, money } = useI18n();
  const [id, setId] = useState(newId);
  const [amountText, setAmountText] = useState<string | null>(null);
  const [endToEndId, setEndToEndId] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [copied, setCopied] = useState(false);
  const errorOf = useFieldError(
    errors,
    { reference: 'tender.pix.referenceError', endToEndId: 'tender.pix.endToEndError', amount: 'tender.amountError' },
    { amount: money(remaining) },
  );
  const amountShown = amountText ?? toText(remaining);
  const amount = parse(amountShown);
  const txid = pixTxidFor(id);
  const code = useMemo(() => {
    if (amount === null || amount <= 0) return null;
    try {
      return pixBrCode({ key: pix.key, merchantName: pix.merchantName, merchantCity: pix.merchantCity, amount, txid });
    } catch {
      return null;
    }
  }, [pix, amount, txid]);

  const copy = async () => {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // No clipboard (an insecure context, a denied permission): the text is selectable on screen.
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (amount === null || amount <= 0) {
      setErrors({ amount: 'amount' });
      return;
    }
    const refused = onAdd({
      id,
      kind: 'pix',
      amount,
      txid,
      endToEndId: endToEndId.trim() || undefined,
      reference: reference.trim() || undefined,
      confirmedBy,
    });
    setErrors(refused ?? {});
    if (!refused) {
      setId(newId());
      setAmountText(null);
      setEndToEndId('');
      setReference('');
      setCopied(false);
    }
  };

  return (
    <form class="tender-form pix-form" onSubmit={submit} data-testid="pix-form" noValidate>
      <div class="pix-code">
        {code ? (
          <>
            <QrCode text={code} label={t('tender.pix.qrAlt', { amount: money(amount ?? 0) })} size={240} testId="pix-qr" />
            <div class="field pix-copy-paste">
              <label for="pix-copy-paste">{t('tender.pix.copyPaste')}</label>
              <textarea id="pix-copy-paste" readOnly rows={3} value={code} data-testid="pix-copy-paste" onFocus={(e) => e.currentTarget.select()} />
              <Button onClick={() => void copy()} data-testid="pix-copy">
                {copied ? t('tender.pix.copied') : t('tender.pix.copy')}
              </Button>
            </div>
          </>
        ) : (
          <p class="message message-error" role="alert" data-testid="pix-unavailable">
            {t('tender.pix.unavailable')}
          </p>
        )}
      </div>
      <p class="field-hint">{t('tender.pix.hint')}</p>
      <div class="tender-grid">
        <AmountField id="pix-amount" text={amountShown} onText={setAmountText} error={errorOf('amount')} />
        <Field
          id="pix-e2e"
          label={t('tender.pix.endToEnd')}
          autoComplete="off"
          maxLength={32}
          value={endToEndId}
          onInput={(e) => setEndToEndId(e.currentTarget.value)}
          error={errorOf('endToEndId')}
          data-testid="pix-e2e"
        />
        <Field
          id="pix-reference"
          label={t('tender.pix.reference')}
          autoComplete="off"
          maxLength={80}
          value={reference}
          onInput={(e) => setReference(e.currentTarget.value)}
          error={errorOf('reference')}
          data-testid="pix-reference"
        />
      </div>
      <Button variant="primary" size="large" type="submit" disabled={!code} data-testid="confirm-pix">
        {t('tender.pix.confirm')}
      </Button>
    </form>
  );
}

/**
 * Store credit or a gift card: the code typed or scanned (the QR on the credit slip types it like a keyboard), its
 * balance checked with the server, the amount (the balance or what is left to pay, whichever is less). Offline, the
 * till takes up to the store's offline limit without checking; the server reconciles the sale when it arrives and
 * flags an overdrawn credit for a manager.
 */
export function CreditForm({
  remaining,
  toText,
  parse,
  onAdd,
  currency,
  offlineLimit,
  lookup,
  scanInto,
}: FormProps & { currency: string; offlineLimit: number | undefined; lookup: (code: string) => Promise<CreditKnown>; scanInto: ScanTarget }) {
  const { t, money } = useI18n();
  const [codeText, setCodeText] = useState('');
  // The code scanned from the slip's QR or the card's barcode lands in its field.
  useScanTarget(scanInto, setCodeText);
  const [known, setKnown] = useState<{ code: string; answer: CreditKnown } | null>(null);
  const [amountText, setAmountText] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const code = normalizeCreditCode(codeText);
  const current = known?.code === code ? known.answer : null;
  const suggested = current?.via === 'online' && current.credit ? Math.min(Math.max(0, current.credit.balance), remaining) : remaining;
  const amountShown = amountText ?? toText(suggested);

  const check = async () => {
    if (!CreditCodeSchema.safeParse(code).success) {
      setError(t('tender.credit.codeError'));
      return null;
    }
    setChecking(true);
    setError(null);
    try {
      const answer = await lookup(code);
      setKnown({ code, answer });
      setAmountText(null);
      if (answer.via === 'online' && !answer.credit) setError(t('tender.credit.unknown'));
      return answer;
    } catch (e) {
      setError(t('tender.credit.lookupFailed', { message: e instanceof Error ? e.message : String(e) }));
      return null;
    } finally {
      setChecking(false);
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const answer = current ?? (await check());
    if (!answer) return;
    const amount = parse(amountShown);
    if (amount === null || amount <= 0) {
      setError(t('tender.amountError', { amount: money(remaining) }));
      return;
    }
    const decision = decideRedemption({ amount, storeCurrency: currency, known: answer, offlineLimit });
    if (!decision.ok) {
      const messages: Record<RedemptionRefusal['reason'], MessageKey> = {
        unknown: 'tender.credit.unknown',
        currency: 'tender.credit.currency',
        balance: 'tender.credit.balanceShort',
        offline_limit: 'tender.credit.offlineLimit',
      };
      setError(t(messages[decision.reason], { available: money('available' in decision ? decision.available : 0) }));
      return;
    }
    const refused = onAdd({ id: newId(), kind: 'credit', amount, code, check: decision.check });
    if (refused) setError(refused.amount ?? Object.values(refused)[0] ?? null);
    else {
      setCodeText('');
      setKnown(null);
      setAmountText(null);
      setError(null);
    }
  };

  return (
    <form class="tender-form" onSubmit={(e) => void submit(e)} data-testid="credit-form" noValidate>
      <p class="field-hint">{t('tender.credit.hint')}</p>
      <div class="tender-grid">
        <CreditCodeField id="credit-code" text={codeText} onText={setCodeText} />
        <AmountField id="credit-amount" text={amountShown} onText={setAmountText} />
      </div>
      {current?.via === 'online' && current.credit && (
        <p class="message" role="status" data-testid="credit-balance" data-amount={current.credit.balance}>
          {t('tender.credit.balance', { amount: money(current.credit.balance) })}
        </p>
      )}
      {current?.via === 'offline' && (
        <p class="message" role="status" data-testid="credit-offline">
          {t('tender.credit.offline', { limit: money(offlineLimit ?? 0) })}
        </p>
      )}
      {error && (
        <p class="message message-error" role="alert" data-testid="credit-error">
          {error}
        </p>
      )}
      <div class="actions">
        <Button onClick={() => void check()} disabled={checking} data-testid="credit-check">
          {checking ? t('tender.credit.checking') : t('tender.credit.check')}
        </Button>
        <Button variant="primary" size="large" type="submit" disabled={checking} data-testid="add-credit">
          {t('tender.credit.add')}
        </Button>
      </div>
    </form>
  );
}

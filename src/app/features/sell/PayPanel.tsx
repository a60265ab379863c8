import { useEffect, useRef, useState } from 'preact/hooks';
import { completeCashSale, DomainError, newId, systemClock } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useCart } from './cart-state.js';
import { decimalSeparator, fractionDigits, parseAmount, quickTenders } from './tender.js';

/** Cash tender with change due; the sale is written to the local database before the receipt is shown. */
export function PayPanel({ due, onBack, onDone }: { due: number; onBack: () => void; onDone: () => void }) {
  const { db, enrollment, store, session, navigate } = useApp();
  const { lines: cart, checkout } = useCart();
  const { t, money } = useI18n();
  const digits = fractionDigits(store.currency);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const tendered = parseAmount(text, digits);
  const change = tendered !== null ? tendered - due : null;
  const toText = (minor: number) => (minor / 10 ** digits).toFixed(digits).replace('.', decimalSeparator(store.locale));

  const complete = async () => {
    if (saving) return;
    setError(null);
    setSaving(true);
    try {
      const sale = completeCashSale({
        store,
        deviceId: enrollment.deviceId,
        associateId: session.staffId,
        lines: cart.map(({ barcode: _b, ...line }) => line),
        cashTendered: tendered ?? 0,
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
        const key = `error.${e.code}` as const;
        setError(key === 'error.SALE_UNDERPAID' || key === 'error.SALE_EMPTY' ? t(key) : t('error.unknown', { message: e.message }));
      } else setError(t('error.unknown', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <form
      class="pay"
      aria-labelledby="pay-title"
      data-testid="pay-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void complete();
      }}
    >
      <h3 id="pay-title">{t('pay.title')}</h3>
      <p class="pay-due">
        {t('pay.due')}: <strong data-testid="amount-due">{money(due)}</strong>
      </p>
      <div class="field">
        <label for="tendered-input">{t('pay.tendered')}</label>
        <input
          id="tendered-input"
          ref={inputRef}
          data-testid="tendered-input"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
      </div>
      <fieldset class="quick" aria-label={t('pay.quick')}>
        {quickTenders(due, digits).map((amount, i) => (
          <Button key={amount} onClick={() => setText(toText(amount))} data-testid="quick-tender" data-amount={amount}>
            {i === 0 ? t('pay.exact', { amount: money(amount) }) : money(amount)}
          </Button>
        ))}
      </fieldset>
      <p class="change" aria-live="polite">
        {change !== null && change >= 0 ? (
          <>
            {t('pay.change')}: <strong data-testid="change-due">{money(change)}</strong>
          </>
        ) : change !== null ? (
          <span class="short" data-testid="change-short">
            {t('pay.short', { amount: money(-change) })}
          </span>
        ) : null}
      </p>
      {error && (
        <p class="message message-error" role="alert" data-testid="pay-error">
          {error}
        </p>
      )}
      <div class="actions">
        <Button variant="ghost" onClick={onBack}>
          {t('pay.back')}
        </Button>
        <Button
          variant="primary"
          size="large"
          type="submit"
          disabled={saving || change === null || change < 0 || cart.length === 0}
          data-testid="complete-sale"
        >
          {saving ? t('pay.saving') : t('pay.complete')}
        </Button>
      </div>
    </form>
  );
}

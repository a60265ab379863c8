import { useState } from 'preact/hooks';
import { DomainError, ErrorCode, OrderLookupQuerySchema, parseWith, type OrderLookupKeyName, type OrderSummary } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { lookupOrders, type OrderLookupAnswer } from '../../db/order-lookup.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { OrderStateBadge } from './OrderBadges.js';

const KEYS: readonly OrderLookupKeyName[] = ['number', 'email', 'phone'];
const inputOf = {
  number: { type: 'text', inputMode: 'text' },
  email: { type: 'email', inputMode: 'email' },
  phone: { type: 'tel', inputMode: 'tel' },
} as const;

/**
 * Finds any order of the chain (a return, a customer's question) by number, email or phone, through the server.
 * Offline it answers what this device looked up in the last 24 hours, saying so and how old it is.
 */
export function OrderLookup() {
  const { db, baseUrl, enrollment, status, navigate } = useApp();
  const { t } = useI18n();
  const [key, setKey] = useState<OrderLookupKeyName>('number');
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<(OrderLookupAnswer & { query: string }) | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setFieldError(undefined);
    const parsed = parseWith(OrderLookupQuerySchema, { [key]: text });
    if (!parsed.ok) return setFieldError(t('lookup.invalid'));
    setBusy(true);
    try {
      setAnswer({ ...(await lookupOrders(db, parsed.value, { baseUrl, token: enrollment.token })), query: text.trim() });
    } catch (err) {
      setAnswer(null);
      if (isNetworkUnreachable(err)) setError(t('lookup.needsNetwork'));
      else if (err instanceof DomainError && err.code === ErrorCode.RATE_LIMITED) setError(t('error.RATE_LIMITED'));
      else if (err instanceof DomainError && err.code === ErrorCode.VALIDATION_FAILED) setFieldError(t('lookup.invalid'));
      else setError(t('error.unknown', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel lookup" aria-labelledby="lookup-title" data-testid="order-lookup">
      <Button variant="ghost" class="lookup-back" onClick={() => navigate({ name: 'orders' })} data-testid="lookup-back">
        ← {t('orders.back')}
      </Button>
      <h2 id="lookup-title">{t('lookup.title')}</h2>
      <p class="field-hint">{t('lookup.intro')}</p>
      {status.state === 'offline' && (
        <p class="message message-warn" role="status" data-testid="lookup-offline">
          {t('lookup.offline')}
        </p>
      )}
      <form class="lookup-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset class="segmented" aria-label={t('lookup.by')}>
          {KEYS.map((k) => (
            <button
              key={k}
              type="button"
              class={`segment ${key === k ? 'segment-active' : ''}`}
              aria-pressed={key === k}
              onClick={() => {
                setKey(k);
                setFieldError(undefined);
              }}
              data-testid={`lookup-by-${k}`}
            >
              {t(`lookup.${k}`)}
            </button>
          ))}
        </fieldset>
        <div class="lookup-row">
          <Field
            id="lookup-input"
            data-testid="lookup-input"
            label={t(`lookup.${key}`)}
            autoComplete="off"
            {...inputOf[key]}
            value={text}
            error={fieldError}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
          <Button variant="primary" type="submit" disabled={busy} data-testid="lookup-submit">
            {busy ? t('lookup.searching') : t('lookup.submit')}
          </Button>
        </div>
      </form>
      {error && (
        <p class="message message-error" role="alert" data-testid="lookup-error">
          {error}
        </p>
      )}
      {answer && <LookupAnswer answer={answer} />}
    </section>
  );
}

function LookupAnswer({ answer }: { answer: OrderLookupAnswer & { query: string } }) {
  const { t, relative } = useI18n();
  return (
    <div class="lookup-answer" role="status" data-testid="lookup-answer" data-source={answer.source} data-count={answer.orders.length}>
      {answer.source === 'saved' && (
        <p class="message message-warn" data-testid="lookup-saved">
          {t('lookup.saved', { age: relative(answer.fetchedAt, Date.now()) })}
        </p>
      )}
      <p class="muted">
        {answer.orders.length === 0 ? t('lookup.none', { query: answer.query }) : t('lookup.found', { count: answer.orders.length })}
      </p>
      <ul class="lookup-results">
        {answer.orders.map((order) => (
          <LookupResult key={order.id} order={order} />
        ))}
      </ul>
    </div>
  );
}

/** What a return or a question needs: where and when, for whom, what was bought (and returned), how it was paid. */
function LookupResult({ order }: { order: OrderSummary }) {
  const { t, money, shortDateTime } = useI18n();
  const where =
    order.fulfilment === 'pickup'
      ? t('lookup.pickupAt', { store: order.storeId ?? '?' })
      : order.deliveryCity
        ? t('lookup.shipTo', { city: order.deliveryCity })
        : t('lookup.ship');
  return (
    <li class="lookup-result" data-testid="lookup-result" data-number={order.number} data-state={order.state}>
      <div class="order-row-top">
        <strong class="order-number">#{order.number}</strong>
        <OrderStateBadge state={order.state} />
        <span class="order-mode">{where}</span>
      </div>
      <p class="order-promised">
        <span class="order-customer">{order.customerName}</span> · {t('orders.placed')} {shortDateTime(order.placedAt)} ·{' '}
        {t(`orders.channel.${order.channel}`)}
      </p>
      <ul class="receipt-lines">
        {order.lines.map((line) => (
          <li key={line.lineNo}>
            <span>
              {line.name} <span class="result-meta">{line.sku}</span>
              {line.returned > 0 && <span class="badge badge-pending">{t('lookup.returned', { count: line.returned })}</span>}
            </span>
            <span class="muted">{t('receipt.qtyPrice', { quantity: line.quantity, price: money(line.unitPrice, order.currency) })}</span>
            <span class="amount">{money(line.total, order.currency)}</span>
          </li>
        ))}
      </ul>
      <dl class="totals">
        {order.payments.map((p, i) => (
          <div key={i}>
            <dt>
              {t(`orders.method.${p.method}`)} · {t(`orders.paymentStatus.${p.status}`)}
            </dt>
            <dd>{money(p.amount, order.currency)}</dd>
          </div>
        ))}
        <div class="total">
          <dt>{t('orders.total')}</dt>
          <dd>{money(order.totals.total, order.currency)}</dd>
        </div>
      </dl>
    </li>
  );
}

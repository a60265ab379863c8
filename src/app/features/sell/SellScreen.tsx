import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { map } from 'rxjs';
import { can, completeCashSale, DomainError, newId, stockLevelId, systemClock, type Product, type StockLevel } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { lookupBarcode, searchProducts } from '../../db/lookup.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { addToCart, priceCart, removeLine, setQuantity } from './cart.js';
import { fractionDigits, parseAmount, quickTenders } from './tender.js';
import { useScanner } from './use-scanner.js';

type Message = { kind: 'info' | 'error'; text: string } | null;

export function SellScreen() {
  const app = useApp();
  const { db, enrollment, session, cart, setCart } = app;
  const maySell = can(session.role, 'sale.create');
  const store = enrollment.store;
  const { t, money } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Product[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const [paying, setPaying] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const add = (product: Product) => {
    if (!product.active) {
      setMessage({ kind: 'error', text: t('sell.inactive', { name: product.name }) });
      return;
    }
    setCart((lines) => addToCart(lines, product));
    setMessage({ kind: 'info', text: t('sell.added', { name: product.name }) });
  };

  const addByCode = async (code: string) => {
    const product = await lookupBarcode(db, code);
    if (product) add(product);
    else setMessage({ kind: 'error', text: t('sell.unknownCode', { code }) });
    return !!product;
  };

  useScanner((code) => void addByCode(code));

  useEffect(() => {
    let cancelled = false;
    const q = query.trim();
    if (!q) {
      setResults([]);
      return;
    }
    const timer = setTimeout(() => {
      void searchProducts(db, q, 20).then((r) => !cancelled && setResults(r));
    }, 80);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, db]);

  const onSearchKeyDown = async (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const q = query.trim();
    if (!q) return;
    const product = await lookupBarcode(db, q);
    if (product) {
      add(product);
      setQuery('');
    } else if (/^\d{6,}$/.test(q)) {
      setMessage({ kind: 'error', text: t('sell.unknownCode', { code: q }) });
    } else if (results.length === 1) {
      add(results[0]!);
      setQuery('');
    }
  };

  const skus = cart.map((l) => l.sku).join(',');
  const stock = useObservable<Map<string, StockLevel>>(
    () =>
      cart.length
        ? db.stock.findByIds(cart.map((l) => stockLevelId(store.id, l.sku))).$.pipe(
            map((docs) => new Map([...docs.values()].map((d) => [d.sku, d.toJSON() as StockLevel]))),
          )
        : null,
    new Map(),
    [skus, db],
  );

  const priced = useMemo(() => priceCart(cart, store), [cart, store]);

  return (
    <div class="sell">
      <section class="panel search-panel" aria-labelledby="search-label">
        <div class="field">
          <label id="search-label" for="search-input">
            {t('sell.search')}
          </label>
          <input
            id="search-input"
            ref={searchRef}
            data-testid="search-input"
            type="search"
            inputMode="search"
            autoComplete="off"
            autoCorrect="off"
            spellcheck={false}
            placeholder={t('sell.searchPlaceholder')}
            value={query}
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => void onSearchKeyDown(e)}
            aria-describedby="scan-hint"
          />
          <p id="scan-hint" class="field-hint">
            {t('sell.scanHint')}
          </p>
        </div>
        <div class="messages" aria-live="polite">
          {message && (
            <p
              class={`message message-${message.kind}`}
              role={message.kind === 'error' ? 'alert' : 'status'}
              data-testid={message.kind === 'error' ? 'scan-error' : 'scan-message'}
            >
              {message.text}
            </p>
          )}
        </div>
        {query.trim() && (
          <ul class="results" aria-label={t('sell.results')} data-testid="search-results">
            {results.length === 0 && <li class="empty">{t('sell.noResults', { query: query.trim() })}</li>}
            {results.map((p) => (
              <li key={p.sku} class="result" data-testid="search-result" data-sku={p.sku}>
                <div class="result-text">
                  <span class="result-name">{p.name}</span>
                  <span class="result-meta">
                    {p.sku} · {[p.size, p.colour].filter(Boolean).join(' · ')}
                  </span>
                </div>
                <span class="result-price">{money(p.price.amount)}</span>
                <Button variant="primary" onClick={() => add(p)} aria-label={t('sell.addNamed', { name: p.name })} data-testid="add-result">
                  {t('sell.add')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel cart-panel" aria-labelledby="cart-title" data-testid="cart">
        <h2 id="cart-title">
          {t('sell.cart')} <span class="muted">{t('sell.items', { count: priced.items })}</span>
        </h2>
        {cart.length === 0 ? (
          <p class="empty">{t('sell.emptyCart')}</p>
        ) : (
          <ul class="cart-lines">
            {cart.map((line, i) => {
              const level = stock.get(line.sku);
              const pricedLine = priced.lines[i]!;
              return (
                <li key={line.sku} class="cart-line" data-testid="cart-line" data-sku={line.sku} data-quantity={line.quantity}>
                  <div class="cart-line-text">
                    <span class="cart-line-name">{line.name}</span>
                    <span class="result-meta">
                      {line.sku} · {money(line.unitPrice)}
                    </span>
                    <StockCell level={level} />
                  </div>
                  <div class="qty" role="group" aria-label={t('sell.quantity')}>
                    <Button
                      size="icon"
                      onClick={() => setCart((l) => setQuantity(l, line.sku, line.quantity - 1))}
                      aria-label={t('sell.decrease', { name: line.name })}
                      data-testid="qty-decrease"
                    >
                      −
                    </Button>
                    <output class="qty-value" data-testid="line-quantity" aria-live="polite">
                      {line.quantity}
                    </output>
                    <Button
                      size="icon"
                      onClick={() => setCart((l) => setQuantity(l, line.sku, line.quantity + 1))}
                      aria-label={t('sell.increase', { name: line.name })}
                      data-testid="qty-increase"
                    >
                      +
                    </Button>
                  </div>
                  <span class="cart-line-total" data-testid="line-total">
                    {money(pricedLine.total)}
                  </span>
                  <Button
                    variant="ghost"
                    size="icon"
                    onClick={() => setCart((l) => removeLine(l, line.sku))}
                    aria-label={t('sell.remove', { name: line.name })}
                    data-testid="remove-line"
                  >
                    ×
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        <dl class="totals">
          <div>
            <dt>{store.pricesIncludeTax ? t('sell.taxIncluded') : t('sell.taxAdded')}</dt>
            <dd data-testid="cart-tax">{money(priced.tax)}</dd>
          </div>
          <div class="total">
            <dt>{t('sell.total')}</dt>
            <dd data-testid="cart-total">{money(priced.due)}</dd>
          </div>
        </dl>
        {!maySell && (
          <p class="message message-error" role="alert" data-testid="sell-not-allowed">
            {t('sell.notAllowed', { role: t(`role.${session.role}`) })}
          </p>
        )}
        {!paying ? (
          <div class="actions">
            <Button variant="ghost" onClick={() => setCart(() => [])} disabled={cart.length === 0} data-testid="clear-cart">
              {t('sell.clear')}
            </Button>
            <Button variant="primary" size="large" onClick={() => setPaying(true)} disabled={cart.length === 0 || !maySell} data-testid="pay-button">
              {t('sell.pay')}
            </Button>
          </div>
        ) : (
          <PayPanel due={priced.due} onBack={() => setPaying(false)} onDone={() => setPaying(false)} />
        )}
      </section>
    </div>
  );
}

function StockCell({ level }: { level: StockLevel | undefined }) {
  const { t } = useI18n();
  if (!level) {
    return (
      <span class="stock stock-unknown" data-testid="stock-level" data-available="">
        {t('sell.stockUnknown')}
      </span>
    );
  }
  const low = level.available <= 0;
  return (
    <span class={`stock ${low ? 'stock-none' : 'stock-ok'}`} data-testid="stock-level" data-available={level.available} data-low={String(low)}>
      {low ? t('sell.stockNone', { count: level.available }) : t('sell.stockAvailable', { count: level.available })}
    </span>
  );
}

function PayPanel({ due, onBack, onDone }: { due: number; onBack: () => void; onDone: () => void }) {
  const { db, enrollment, session, cart, setCart, navigate } = useApp();
  const { t, money } = useI18n();
  const store = enrollment.store;
  const digits = fractionDigits(store.currency);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const tendered = parseAmount(text, digits);
  const change = tendered !== null ? tendered - due : null;
  const toText = (minor: number) => (minor / 10 ** digits).toFixed(digits);

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
      await db.sales.insert(sale); // durable before the receipt is shown
      setCart(() => []);
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
      <div class="quick" role="group" aria-label={t('pay.quick')}>
        {quickTenders(due, digits).map((amount, i) => (
          <Button key={amount} onClick={() => setText(toText(amount))} data-testid="quick-tender" data-amount={amount}>
            {i === 0 ? t('pay.exact', { amount: money(amount) }) : money(amount)}
          </Button>
        ))}
      </div>
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

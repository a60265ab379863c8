import { useMemo, useRef, useState } from 'preact/hooks';
import { can, maskCreditCode, type ManualDiscount, type Product } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { lookupBarcode } from '../../db/lookup.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { addToCart, priceCart, removeLine, setQuantity, type CartLine } from './cart.js';
import { useCart } from './cart-state.js';
import { PayPanel } from './PayPanel.js';
import type { DiscountTarget } from './DiscountDialog.js';
import { DiscountDialog, GiftCardDialog, StyleGrid, VoidSaleDialog } from './dialogs.js';
import { PaymentsTaken } from './PaymentsTaken.js';
import { CartNotices, ParkedCarts } from './ParkedCarts.js';
import { AttachCustomer } from '../customers/AttachCustomer.js';
import { SearchSummary, ShowMoreResults } from './SearchSummary.js';
import { useProductSearch } from './use-product-search.js';
import { StockCell } from '../../ui/StockCell.js';
import { OtherStoresButton } from './OtherStoresButton.js';
import { useStockLevels } from './stock-levels.js';
import { rejectedScanMessage, useScanner } from './use-scanner.js';
import { CartPromotions, LinePromotions } from './CartPromotions.js';
import { usePromotions } from './use-promotions.js';
import { ProductImage } from './ProductImage.js';
import { useProductImages } from './product-images.js';

type Message = { kind: 'info' | 'error'; text: string } | null;

export function SellScreen() {
  const { db, store, session } = useApp();
  const { lines: cart, extras, inProgress, update: setCart, clear: clearCart, removeGiftCard } = useCart();
  const maySell = can(session.role, 'sale.create');
  const { t, money } = useI18n();
  const [query, setQuery] = useState('');
  const search = useProductSearch(db, query);
  const results = search.products;
  const [message, setMessage] = useState<Message>(null);
  const [paying, setPaying] = useState(false);
  const [discountFor, setDiscountFor] = useState<DiscountTarget | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [sellingGiftCard, setSellingGiftCard] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  // The style whose size × colour grid is open, and the last product scanned (its grid is a tap away).
  const [gridOf, setGridOf] = useState<Product | null>(null);
  const [scanned, setScanned] = useState<Product | null>(null);

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
    if (product) {
      add(product);
      setScanned(product);
    } else setMessage({ kind: 'error', text: t('sell.unknownCode', { code }) });
    return !!product;
  };

  // While a field that takes a code is open (a gift card's number, a credit's code at Pay), a scan goes there, not
  // into the cart.
  const scanInto = useRef<((code: string) => void) | null>(null);
  useScanner((code) => (scanInto.current ? scanInto.current(code) : void addByCode(code)), {
    onRejected: (rejected) => setMessage({ kind: 'error', text: t(rejectedScanMessage(rejected)) }),
  });

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

  const cartStock = useStockLevels(
    db,
    store.id,
    cart.map((l) => l.sku),
  );
  const resultStock = useStockLevels(
    db,
    store.id,
    results.map((p) => p.sku),
  );

  const cartImages = useProductImages(
    db,
    cart.map((l) => l.sku),
  );

  const promotions = usePromotions(db);
  const giftCards = extras.giftCards;
  const price = (lines: CartLine[], cartDiscount: ManualDiscount | null) => priceCart(lines, store, { promotions, cartDiscount, giftCards });
  const cartDiscount = extras.cartDiscount ?? null;
  const priced = useMemo(() => price(cart, cartDiscount), [cart, store, cartDiscount, promotions, giftCards]);

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
          {scanned && cart.some((l) => l.sku === scanned.sku) && (
            <Button onClick={() => setGridOf(scanned)} aria-label={t('grid.openNamed', { name: scanned.name })} data-testid="open-grid-scanned">
              {t('grid.open')}
            </Button>
          )}
        </div>
        {query.trim() && <SearchSummary search={search} />}
        {query.trim() && (
          <ul class="results" aria-label={t('sell.results')} data-testid="search-results">
            {results.length === 0 && !search.pending && <li class="empty">{t('sell.noResults', { query: query.trim() })}</li>}
            {results.map((p) => (
              <li key={p.sku} class="result" data-testid="search-result" data-sku={p.sku}>
                <ProductImage url={p.imageUrl} alt="" size="medium" />
                <div class="result-text">
                  <span class="result-name">{p.name}</span>
                  <span class="result-meta">{[p.brand, p.sku, p.size, p.colour].filter(Boolean).join(' · ')}</span>
                  <StockCell level={resultStock.get(p.sku)} />
                </div>
                <span class="result-price">{money(p.price.amount)}</span>
                <Button
                  class="result-open-grid"
                  onClick={() => setGridOf(p)}
                  aria-label={t('grid.openNamed', { name: p.name })}
                  data-testid="open-grid"
                >
                  {t('grid.open')}
                </Button>
                <OtherStoresButton sku={p.sku} name={p.name} />
                <Button variant="primary" onClick={() => add(p)} aria-label={t('sell.addNamed', { name: p.name })} data-testid="add-result">
                  {t('sell.add')}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {query.trim() && <ShowMoreResults search={search} />}
        {gridOf && <StyleGrid product={gridOf} onAdd={add} onClose={() => setGridOf(null)} />}
      </section>

      <section class="panel cart-panel" aria-labelledby="cart-title" data-testid="cart">
        <h2 id="cart-title">
          {t('sell.cart')} <span class="muted">{t('sell.items', { count: priced.items })}</span>
        </h2>
        <CartNotices />
        <PaymentsTaken />
        <AttachCustomer />
        {!inProgress ? (
          <p class="empty">{t('sell.emptyCart')}</p>
        ) : (
          <ul class="cart-lines">
            {cart.map((line, i) => {
              const level = cartStock.get(line.sku);
              const pricedLine = priced.lines[i]!;
              return (
                <li key={line.sku} class="cart-line" data-testid="cart-line" data-sku={line.sku} data-quantity={line.quantity}>
                  <ProductImage url={cartImages.get(line.sku)} alt="" size="thumb" />
                  <div class="cart-line-text">
                    <span class="cart-line-name">{line.name}</span>
                    <LinePromotions name={line.name} discounts={pricedLine.discounts} applied={priced.promotions} />
                    <span class="result-meta">
                      {line.sku} · {money(line.unitPrice)}
                    </span>
                    <StockCell level={level} />
                  </div>
                  <fieldset class="qty" aria-label={t('sell.quantity')}>
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
                  </fieldset>
                  <span class="cart-line-total" data-testid="line-total">
                    {money(pricedLine.total)}
                    {pricedLine.discount > 0 && (
                      <span class="cart-line-discount" data-testid="line-discount-amount">
                        −{money(pricedLine.discount)}
                      </span>
                    )}
                  </span>
                  <Button
                    variant="ghost"
                    onClick={() => setDiscountFor({ kind: 'line', sku: line.sku })}
                    aria-label={t('discount.lineNamed', { name: line.name })}
                    data-testid="line-discount"
                  >
                    %
                  </Button>
                  <OtherStoresButton sku={line.sku} name={line.name} compact />
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
            {priced.giftCards.map((card) => (
              <li key={card.code} class="cart-line gift-card-line" data-testid="gift-card-line" data-code={card.code} data-amount={card.amount}>
                <GiftIcon />
                <div class="cart-line-text">
                  <span class="cart-line-name">{t('giftCard.line', { code: maskCreditCode(card.code) })}</span>
                  <span class="result-meta">{t('giftCard.lineMeta')}</span>
                </div>
                <span class="cart-line-total">{money(card.amount)}</span>
                <Button
                  variant="ghost"
                  size="icon"
                  onClick={() => removeGiftCard(card.code)}
                  aria-label={t('giftCard.remove', { code: maskCreditCode(card.code) })}
                  data-testid="remove-gift-card"
                >
                  ×
                </Button>
              </li>
            ))}
          </ul>
        )}
        <CartPromotions applied={priced.promotions} />
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
            <Button variant="ghost" onClick={clearCart} disabled={!inProgress} data-testid="clear-cart">
              {t('sell.clear')}
            </Button>
            <Button variant="ghost" onClick={() => setVoiding(true)} disabled={!inProgress && !extras.voidedLines?.length} data-testid="void-sale">
              {t('void.sale')}
            </Button>
            <Button onClick={() => setDiscountFor({ kind: 'cart' })} disabled={cart.length === 0} data-testid="cart-discount">
              {t('discount.cart')}
            </Button>
            <Button onClick={() => setSellingGiftCard(true)} disabled={!maySell} data-testid="sell-gift-card">
              {t('giftCard.sell')}
            </Button>
            <Button variant="primary" size="large" onClick={() => setPaying(true)} disabled={!inProgress || !maySell} data-testid="pay-button">
              {t('sell.pay')}
            </Button>
          </div>
        ) : (
          <PayPanel priced={priced} scanInto={scanInto} onBack={() => setPaying(false)} onDone={() => setPaying(false)} />
        )}
        {!paying && <ParkedCarts />}
        {sellingGiftCard && (
          <GiftCardDialog
            scanInto={scanInto}
            onClose={() => setSellingGiftCard(false)}
            onAdded={(card) => {
              setSellingGiftCard(false);
              setMessage({ kind: 'info', text: t('giftCard.added', { code: maskCreditCode(card.code), amount: money(card.amount) }) });
            }}
          />
        )}
        {discountFor && <DiscountDialog target={discountFor} price={price} onClose={() => setDiscountFor(null)} />}
        {voiding && (
          <VoidSaleDialog
            total={priced.due}
            onClose={() => setVoiding(false)}
            onVoided={() => {
              setVoiding(false);
              setMessage({ kind: 'info', text: t('void.done') });
            }}
          />
        )}
      </section>
    </div>
  );
}

/** A gift box, drawn (tablet fonts have no emoji). */
function GiftIcon() {
  return (
    <svg class="gift-card-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8">
      <rect x="3" y="9" width="18" height="12" rx="1.5" />
      <path d="M3 13h18M12 9v12M12 9c-1.5-3-5-4-5.5-2S9 9 12 9zm0 0c1.5-3 5-4 5.5-2S15 9 12 9z" />
    </svg>
  );
}

import { useState } from 'preact/hooks';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useNow, useObservable } from '../../ui/hooks.js';
import { priceCart } from './cart.js';
import { useCart } from './cart-state.js';
import { parkedCarts$, type ParkedCart } from './cart-store.js';

/** Whose cart this is when someone else started it, and "Undo" right after the cart was cleared. */
export function CartNotices() {
  const { startedByOther, undoClear } = useCart();
  const { t } = useI18n();
  return (
    <>
      {startedByOther && (
        <p class="message message-info" role="status" data-testid="cart-started-by">
          {t('cart.startedBy', { name: startedByOther.name })}
        </p>
      )}
      {undoClear && (
        <p class="message message-info cart-undo" role="status" data-testid="cart-cleared">
          <span>{t('cart.cleared')}</span>
          <Button variant="ghost" onClick={undoClear} data-testid="cart-undo">
            {t('cart.undo')}
          </Button>
        </p>
      )}
    </>
  );
}

/** Put the cart aside under a name (a customer gone to fetch a size), and resume any parked cart on this device. */
export function ParkedCarts() {
  const { db } = useApp();
  const { inProgress, park, resume } = useCart();
  const { t } = useI18n();
  const parked = useObservable<ParkedCart[]>(() => parkedCarts$(db), [], [db]);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return;
    await park(name.trim());
    setName('');
    setNaming(false);
  };

  return (
    <div class="parked" data-testid="parked-carts" data-count={parked.length}>
      {naming ? (
        <form class="park-form" onSubmit={(e) => void submit(e)} data-testid="park-form">
          <label for="park-name">{t('cart.parkName')}</label>
          <input
            id="park-name"
            data-testid="park-name"
            autoComplete="off"
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
          <Button variant="primary" type="submit" disabled={!name.trim()} data-testid="park-save">
            {t('cart.parkSave')}
          </Button>
          <Button variant="ghost" onClick={() => setNaming(false)}>
            {t('cart.parkCancel')}
          </Button>
        </form>
      ) : (
        <Button variant="ghost" onClick={() => setNaming(true)} disabled={!inProgress} data-testid="park-cart">
          {t('cart.park')}
        </Button>
      )}
      {parked.length > 0 && (
        <details class="parked-list">
          <summary data-testid="parked-summary">{t('cart.parkedCount', { count: parked.length })}</summary>
          {inProgress && <p class="field-hint">{t('cart.resumeNeedsEmpty')}</p>}
          <ul>
            {parked.map((cart) => (
              <ParkedRow key={cart.id} cart={cart} canResume={!inProgress} onResume={() => void resume(cart.id)} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ParkedRow({ cart, canResume, onResume }: { cart: ParkedCart; canResume: boolean; onResume: () => void }) {
  const { store } = useApp();
  const { t, money, relative } = useI18n();
  const now = useNow();
  const priced = priceCart(cart.lines, store, { giftCards: cart.giftCards });
  return (
    <li class="parked-cart" data-testid="parked-cart" data-name={cart.name}>
      <span class="parked-cart-text">
        <strong>{cart.name}</strong>
        <span class="result-meta">
          {t('sell.items', { count: priced.items })} · {money(priced.due)} · {relative(cart.parkedAt, now)}
          {cart.parkedBy && ` · ${cart.parkedBy.name}`}
        </span>
      </span>
      <Button onClick={onResume} disabled={!canResume} data-testid="resume-cart">
        {t('cart.resume')}
      </Button>
    </li>
  );
}

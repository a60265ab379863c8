import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { newId, type GiftCardSold } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import type { Session } from '../../device/session.js';
import { useI18n } from '../../i18n/index.js';
import { useAppUpdate } from '../../update/UpdateBanner.js';
import type { SignOutEvent } from '../feature.js';
import type { CartLine } from './cart.js';
import {
  emptyCart,
  holdsSale,
  parkCart,
  restoreCart,
  takeParkedCart,
  writeCart,
  type ParkedCart,
  type SaleExtras,
  type SavedCart,
  type StaffRef,
} from './cart-store.js';
import { voidedBetween } from './voids.js';

/** How long "Undo" stays offered after the cart was cleared. */
export const UNDO_CLEAR_MS = 10_000;

/**
 * The till's cart. It belongs to the device, not to whoever is signed in: it is kept across screens, reloads,
 * crashes, app updates and an idle sign-out, and whoever signs in next finds it, told whose it was. A person who
 * signs out on purpose leaves nothing behind: their cart is parked under their name, so the next associate starts
 * clean and nothing is lost.
 */
export interface CartState {
  lines: CartLine[];
  /** Something is rung up: an item or a gift card. */
  inProgress: boolean;
  /** Whoever rang up its first line, when that is not the person signed in now. */
  startedByOther: StaffRef | null;
  /**
   * What the tenders not reversed came to: while it is above 0 the cart cannot be emptied (a card charged on the
   * terminal is reversed on the pay screen first, so its record never vanishes with the lines).
   */
  paymentsTaken: number;
  /** False until the saved cart is read at start (nothing is written before, so it is never overwritten). */
  ready: boolean;
  /** The sale's other parts: discounts, their approval, voided lines, CPF na nota, tenders taken. */
  extras: SaleExtras;
  /** Changes the lines; units taken off are recorded as voided by the person signed in. */
  update: (change: (lines: CartLine[]) => CartLine[]) => void;
  setExtras: (change: Partial<SaleExtras> | ((extras: SaleExtras) => Partial<SaleExtras>)) => void;
  /** Adds a gift card sold in this sale; false when that card is in the sale already. */
  addGiftCard: (card: GiftCardSold) => boolean;
  removeGiftCard: (code: string) => void;
  /**
   * Empties the cart, its lines kept as voided for the shift's record; `undoClear` brings it back for UNDO_CLEAR_MS
   * (faster at a till than a confirmation).
   */
  clear: () => void;
  undoClear: (() => void) | null;
  park: (name: string) => Promise<void>;
  /** Resumes a parked cart into an empty till; false when there is a cart in progress or it was already taken. */
  resume: (parkedId: string) => Promise<boolean>;
  /** Writes the sale, then empties the cart: the cart goes only once the sale is durable, and never sells twice. */
  checkout: (saleId: string, writeSale: () => Promise<unknown>) => Promise<void>;
  /** Writes the void of the whole sale (its fact), then empties the cart, with no undo: the void is recorded. */
  voidSale: (writeVoid: () => Promise<unknown>) => Promise<void>;
}

const extrasOf = ({
  cartDiscount,
  discountApprovedBy,
  discountApproval,
  voidedLines,
  customerTaxId,
  tenders,
  customerId,
  exchangeCredit,
  giftCards,
}: SaleExtras): SaleExtras => ({
  cartDiscount,
  discountApprovedBy,
  discountApproval,
  voidedLines,
  customerTaxId,
  tenders,
  customerId,
  exchangeCredit,
  giftCards,
});
const paymentsTaken = (saved: SavedCart) => (saved.tenders ?? []).reduce((sum, t) => sum + (t.reversal ? 0 : t.amount), 0);

/** Absent fields stay absent in the saved document (an old app reads it as it wrote it). */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const CartContext = createContext<CartState | null>(null);

export interface CartProviderProps {
  children: ComponentChildren;
  lastSignOut: SignOutEvent | null;
  db: VitrineDatabase;
  session: Session | null;
}

export function CartProvider({ children, lastSignOut, db, session }: CartProviderProps) {
  const { t, time } = useI18n();
  const [cart, setCart] = useState<SavedCart>(emptyCart);
  const [ready, setReady] = useState(false);
  const [cleared, setCleared] = useState<SavedCart | null>(null);
  const current = useRef(cart);
  current.current = cart;
  const sessionRef = useRef(session);
  sessionRef.current = session;

  // Writes go one after the other, so the last change is the one that stays.
  const writes = useRef<Promise<void>>(Promise.resolve());
  const persist = useCallback(
    (saved: SavedCart) => {
      const next = writes.current.then(() => writeCart(db, saved));
      writes.current = next.catch((error: unknown) => console.error('the cart could not be saved', error));
      return next;
    },
    [db],
  );

  useEffect(() => {
    let cancelled = false;
    void restoreCart(db).then((saved) => {
      if (cancelled) return;
      setCart(saved);
      setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [db]);

  const change = useCallback(
    (next: (saved: SavedCart) => SavedCart) => {
      const saved = next(current.current);
      current.current = saved;
      setCart(saved);
      void persist(saved);
    },
    [persist],
  );

  const staffRef = (): StaffRef | null => (sessionRef.current ? { staffId: sessionRef.current.staffId, name: sessionRef.current.name } : null);
  // Lines voided one by one outlive the last line: an empty till still owes the shift its record of them.
  const withLines = (saved: SavedCart, lines: CartLine[]): SavedCart => {
    const voided = sessionRef.current ? voidedBetween(saved.lines, lines, sessionRef.current.staffId) : [];
    const voidedLines = voided.length ? [...(saved.voidedLines ?? []), ...voided] : saved.voidedLines;
    if (!holdsSale({ lines, giftCards: saved.giftCards })) return defined({ ...emptyCart, voidedLines });
    return defined({ ...saved, lines, startedBy: saved.lines.length === 0 ? staffRef() : saved.startedBy, voidedLines });
  };

  // A person signing out parks what they were ringing up under their name; an idle till keeps its cart in place.
  useEffect(() => {
    if (lastSignOut?.reason !== 'person' || !holdsSale(current.current)) return;
    const { lines, startedBy } = current.current;
    const name = t('cart.parkedAtSignOut', { name: startedBy?.name ?? '', time: time(lastSignOut.at) });
    const parked: ParkedCart = { id: newId(), name, lines, parkedBy: startedBy, parkedAt: new Date(lastSignOut.at).toISOString() };
    void parkCart(db, defined({ ...parked, ...extrasOf(current.current) })).then(() => change(() => emptyCart));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignOut]);

  // A cart with lines is a sale in progress: a new version of the app waits until it is done (or abandoned).
  const appUpdate = useAppUpdate();
  const inProgress = holdsSale(cart);
  useEffect(() => appUpdate?.setSaleInProgress(!ready || inProgress), [appUpdate, ready, inProgress]);

  // Undo is offered for a while, and not once the cart has changed again.
  useEffect(() => {
    if (!cleared) return;
    const timer = setTimeout(() => setCleared(null), UNDO_CLEAR_MS);
    return () => clearTimeout(timer);
  }, [cleared]);

  const state = useMemo<CartState>(() => {
    const startedBy = cart.startedBy;
    return {
      lines: cart.lines,
      inProgress,
      extras: extrasOf(cart),
      startedByOther: startedBy && session && startedBy.staffId !== session.staffId ? startedBy : null,
      paymentsTaken: paymentsTaken(cart),
      ready,
      update: (edit) => {
        setCleared(null);
        change((saved) => {
          const lines = edit(saved.lines);
          return !holdsSale({ lines, giftCards: saved.giftCards }) && paymentsTaken(saved) > 0 ? saved : withLines(saved, lines);
        });
      },
      setExtras: (edit) => {
        setCleared(null);
        change((saved) => defined({ ...saved, ...(typeof edit === 'function' ? edit(extrasOf(saved)) : edit) }));
      },
      addGiftCard: (card) => {
        if (current.current.giftCards?.some((c) => c.code === card.code)) return false;
        setCleared(null);
        change((saved) =>
          defined({ ...saved, giftCards: [...(saved.giftCards ?? []), card], startedBy: holdsSale(saved) ? saved.startedBy : staffRef() }),
        );
        return true;
      },
      removeGiftCard: (code) => {
        setCleared(null);
        change((saved) => {
          const giftCards = (saved.giftCards ?? []).filter((c) => c.code !== code);
          const next = { ...saved, giftCards: giftCards.length > 0 ? giftCards : undefined };
          if (holdsSale(next)) return defined(next);
          return paymentsTaken(saved) > 0 ? saved : defined({ ...emptyCart, voidedLines: saved.voidedLines });
        });
      },
      clear: () => {
        if (!holdsSale(current.current) || paymentsTaken(current.current) > 0) return;
        setCleared(current.current);
        // Cleared lines were rung up: they stay in the record as voided, like lines taken off one by one.
        change((saved) => withLines({ ...saved, giftCards: undefined }, []));
      },
      undoClear: cleared
        ? () => {
            if (!holdsSale(current.current)) change(() => cleared);
            setCleared(null);
          }
        : null,
      park: async (name) => {
        const { lines, startedBy } = current.current;
        if (!holdsSale(current.current)) return;
        const parked: ParkedCart = { id: newId(), name, lines, parkedBy: staffRef() ?? startedBy, parkedAt: new Date().toISOString() };
        await parkCart(db, defined({ ...parked, ...extrasOf(current.current) }));
        setCleared(null);
        change(() => emptyCart);
      },
      resume: async (parkedId) => {
        if (holdsSale(current.current)) return false;
        const parked = await takeParkedCart(db, parkedId);
        if (!parked) return false;
        setCleared(null);
        const voidedLines = [...(current.current.voidedLines ?? []), ...(parked.voidedLines ?? [])];
        change(() =>
          defined({
            lines: parked.lines,
            startedBy: parked.parkedBy,
            ...extrasOf(parked),
            voidedLines: voidedLines.length ? voidedLines : undefined,
          }),
        );
        return true;
      },
      checkout: async (saleId, writeSale) => {
        const selling = current.current;
        await persist({ ...selling, completingSaleId: saleId });
        try {
          await writeSale();
        } catch (error) {
          await persist(selling);
          throw error;
        }
        change(() => emptyCart);
      },
      voidSale: async (writeVoid) => {
        await writeVoid();
        setCleared(null);
        change(() => emptyCart);
      },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cart, inProgress, ready, cleared, session, db, change, persist]);
  return <CartContext.Provider value={state}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('useCart outside the sell feature’s CartProvider');
  return cart;
}

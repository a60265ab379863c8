import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { SignOutEvent } from '../feature.js';
import type { CartLine } from './cart.js';

/** The till's cart: kept across screens and an idle sign-out (whoever signs in next finds it), emptied when a person signs out. */
export interface CartState {
  lines: CartLine[];
  update: (change: (lines: CartLine[]) => CartLine[]) => void;
}

const CartContext = createContext<CartState | null>(null);

export function CartProvider({ children, lastSignOut }: { children: ComponentChildren; lastSignOut: SignOutEvent | null }) {
  const [lines, setLines] = useState<CartLine[]>([]);
  useEffect(() => {
    if (lastSignOut?.reason === 'person') setLines([]);
  }, [lastSignOut]);
  const state = useMemo<CartState>(() => ({ lines, update: (change) => setLines((current) => change(current)) }), [lines]);
  return <CartContext.Provider value={state}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('useCart outside the sell feature’s CartProvider');
  return cart;
}

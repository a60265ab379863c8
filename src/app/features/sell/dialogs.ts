import { lazyDialog } from '../../ui/lazy-screen.js';

/**
 * The till's dialogs, each opened by a tap: their code (and the transfer request form, the style grid's domain
 * helpers) is fetched when one first opens, so the till's first paint does not download, parse and run it. From the
 * service worker's precache this takes a few milliseconds, offline too. Pay is not here: it is on every sale.
 */
export const DiscountDialog = lazyDialog(() => import('./DiscountDialog.js').then((m) => m.DiscountDialog));
export const VoidSaleDialog = lazyDialog(() => import('./VoidSaleDialog.js').then((m) => m.VoidSaleDialog));
export const GiftCardDialog = lazyDialog(() => import('./GiftCardDialog.js').then((m) => m.GiftCardDialog));
export const StyleGrid = lazyDialog(() => import('./StyleGrid.js').then((m) => m.StyleGrid));
export const OtherStores = lazyDialog(() => import('./OtherStores.js').then((m) => m.OtherStores));

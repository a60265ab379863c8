import { issueEntry } from '../credit/entries.js';
import type { CreditEntry } from '../credit/schema.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { PaymentTender } from '../tender/schema.js';
import type { GiftCardSold, Sale } from './schema.js';

/** The value loaded on the gift cards of a sale. */
export const giftCardsTotal = (giftCards: readonly GiftCardSold[] | undefined): number =>
  (giftCards ?? []).reduce((sum, card) => sum + card.amount, 0);

/** What the tenders not reversed paid by store credit or gift card. */
export const paidByCredit = (tenders: readonly PaymentTender[]): number =>
  tenders.reduce((sum, t) => sum + (t.kind === 'credit' && !t.reversal ? t.amount : 0), 0);

/** What the customer pays: the items' total and the gift cards' value (before cash rounding). */
export const amountDue = (itemsTotal: number, giftCards: readonly GiftCardSold[] | undefined): number => itemsTotal + giftCardsTotal(giftCards);

/**
 * The rules of a sale's gift cards, the same on the till and the server:
 * - a sale sells something: an item or a gift card;
 * - a card is sold once per sale (one number, one load);
 * - a gift card is paid with money, not with store credit or another gift card: the credit tenders may pay the items
 *   only (otherwise a credit from a return would turn into a new card, whatever the store's refund rules).
 */
export function checkGiftCards(
  sale: { lines: readonly unknown[]; giftCards?: readonly GiftCardSold[] | undefined; tenders: readonly PaymentTender[] },
  itemsTotal: number,
): Result<true> {
  const cards = sale.giftCards ?? [];
  if (sale.lines.length === 0 && cards.length === 0) {
    return fail(ErrorCode.VALIDATION_FAILED, 'the sale has nothing in it: add an item or a gift card', [
      { path: 'lines', message: 'add an item or a gift card' },
    ]);
  }
  const twice = cards.findIndex((card, i) => cards.findIndex((other) => other.code === card.code) !== i);
  if (twice >= 0) {
    return fail(ErrorCode.VALIDATION_FAILED, 'the same gift card is in the sale twice: load it once with the whole amount', [
      { path: `giftCards.${twice}.code`, message: 'this card is already in the sale' },
    ]);
  }
  if (cards.length > 0 && paidByCredit(sale.tenders) > itemsTotal) {
    return fail(ErrorCode.VALIDATION_FAILED, 'a gift card cannot be paid with store credit or another gift card: take cash, card or Pix for it', [
      { path: 'tenders', message: 'store credit may pay the items only, not the gift cards' },
    ]);
  }
  return ok(true);
}

/** The ledger entries a sale's gift cards cause: each card's value issued on its code, once per sale and card. */
export const giftCardIssueEntries = (sale: Pick<Sale, 'id' | 'storeId' | 'currency' | 'giftCards'>, at: string): CreditEntry[] =>
  (sale.giftCards ?? []).map((card) =>
    issueEntry({ factId: sale.id, storeId: sale.storeId, code: card.code, amount: card.amount, currency: sale.currency, origin: 'gift_card', at }),
  );

import { fractionDigits, parseAmount } from '../sell/tender.js';

/** An amount staff typed, in the currency's minor units; null when it is not one (empty counts as not typed). */
export const typedAmount = (text: string, currency: string): number | null =>
  text.trim() === '' ? null : parseAmount(text, fractionDigits(currency));

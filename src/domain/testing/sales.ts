import type { PaymentTender } from '../tender/schema.js';

/** Tenders as a till records them, for tests: a card with its slip's proof, a Pix with its end-to-end id. */
export const cashTender = (id: string, amount: number): PaymentTender => ({ kind: 'cash', id, amount });

export const cardTender = (id: string, amount: number, over: Partial<Extract<PaymentTender, { kind: 'card' }>> = {}): PaymentTender => ({
  kind: 'card',
  id,
  amount,
  funding: 'credit',
  brand: 'visa',
  last4: '4242',
  approvalCode: 'A1B2C3',
  installments: 1,
  ...over,
});

export const pixTender = (id: string, amount: number, over: Partial<Extract<PaymentTender, { kind: 'pix' }>> = {}): PaymentTender => ({
  kind: 'pix',
  id,
  amount,
  txid: 'VENDA42',
  endToEndId: 'E1234567820261126101512345abcdef',
  confirmedBy: 'S1-1001',
  ...over,
});

/** The same tender, undone before the sale completed (it stays in the sale, paying nothing). */
export const reversed = (tender: PaymentTender): PaymentTender => ({ ...tender, reversal: { reason: 'payment_failed', reversedBy: 'S1-1001' } });

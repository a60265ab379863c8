import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorCode } from '../kernel/errors.js';
import type { CashRounding, PaymentTender } from './schema.js';
import { addTender, reverseTender, roundCash, settleTenders, tenderState } from './state.js';

const cash = (id: string, amount: number): PaymentTender => ({ kind: 'cash', id, amount });
const card = (id: string, amount: number, over: Partial<Extract<PaymentTender, { kind: 'card' }>> = {}): PaymentTender => ({
  kind: 'card',
  id,
  amount,
  funding: 'credit',
  brand: 'visa',
  last4: '4242',
  approvalCode: 'A1B2C3',
  installments: 3,
  ...over,
});
const pix = (id: string, amount: number): PaymentTender => ({
  kind: 'pix',
  id,
  amount,
  txid: 'VENDA42',
  endToEndId: 'E1234567820261126101512345abcdef',
  confirmedBy: 'staff-7',
});

const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

describe('tenderState', () => {
  it('gives change from cash over the total', () => {
    expect(tenderState(9250, [cash('c', 10000)])).toMatchObject({ paid: 10000, change: 750, remaining: 0, complete: true, cashRounding: 0 });
  });

  it('splits a sale across card, Pix and cash, cash settling the rest with change', () => {
    const state = tenderState(30000, [card('k', 15000), pix('p', 10000), cash('c', 6000)]);
    expect(state).toMatchObject({ paid: 31000, due: 30000, change: 1000, complete: true });
  });

  it('shows the balance still to pay while the tenders fall short', () => {
    expect(tenderState(30000, [card('k', 12000)])).toMatchObject({ remaining: 18000, cashToSettle: 18000, change: 0, complete: false });
  });

  it("rounds the cash part to the store's 5-centavo step, and records the rounding", () => {
    expect(tenderState(1003, [], 5)).toMatchObject({ cashToSettle: 1005, remaining: 1003, cashRounding: 0 });
    expect(tenderState(1002, [cash('c', 1000)], 5)).toMatchObject({ cashRounding: -2, due: 1000, change: 0, complete: true });
    expect(tenderState(1003, [card('k', 500), cash('c', 1000)], 5)).toMatchObject({ cashRounding: 2, due: 1005, change: 495, complete: true });
    expect(tenderState(1003, [card('k', 1003)], 5)).toMatchObject({ cashRounding: 0, complete: true });
  });

  it('ignores reversed tenders: a card voided before completion no longer pays', () => {
    const reversed = { ...card('k', 30000), reversal: { reason: 'payment_failed' as const, reversedBy: 'staff-7' } };
    expect(tenderState(30000, [reversed])).toMatchObject({ paid: 0, complete: false, remaining: 30000 });
  });
});

describe('settleTenders', () => {
  it('refuses to complete a sale its tenders do not cover', () => {
    expect(codeOf(settleTenders(30000, [card('k', 15000), cash('c', 14999)]))).toBe(ErrorCode.SALE_UNDERPAID);
    expect(codeOf(settleTenders(30000, []))).toBe(ErrorCode.SALE_UNDERPAID);
    expect(codeOf(settleTenders(30000, [card('k', 15000), cash('c', 15000)]))).toBe('ok');
  });

  it('refuses card or Pix over the total (no change from them)', () => {
    expect(codeOf(settleTenders(30000, [card('k', 20000), pix('p', 20000)]))).toBe(ErrorCode.TENDER_EXCEEDS_BALANCE);
  });
});

describe('addTender', () => {
  it('cannot record a Pix without its end-to-end id or reference, nor its confirming associate', () => {
    const { endToEndId: _, ...withoutProof } = pix('p', 1000) as Extract<PaymentTender, { kind: 'pix' }>;
    const result = addTender(1000, [], withoutProof);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.fieldErrors.map((e) => e.path)).toEqual(['reference']);
    expect(addTender(1000, [], { ...withoutProof, reference: 'Maria S. — Nubank' }).ok).toBe(true);
    expect(addTender(1000, [], { ...pix('p', 1000), confirmedBy: undefined }).ok).toBe(false);
  });

  it('cannot record a card without its approval code, with a card number anywhere, or debit in instalments', () => {
    const refusals = [
      { ...card('k', 1000), approvalCode: '' },
      { ...card('k', 1000), approvalCode: undefined },
      { ...card('k', 1000), approvalCode: '4111111111111111' },
      { ...card('k', 1000), last4: '4111 1111 1111 1111' },
      { ...card('k', 1000), last4: '42' },
      { ...card('k', 1000), installments: 13 },
      { ...card('k', 1000), installments: 0 },
      { ...card('k', 1000), funding: 'debit', installments: 2 },
    ];
    for (const input of refusals) expect(codeOf(addTender(1000, [], input)), JSON.stringify(input)).toBe(ErrorCode.VALIDATION_FAILED);
    const panResult = addTender(1000, [], { ...card('k', 1000), approvalCode: '4111111111111111' });
    expect(!panResult.ok && panResult.error.message).toMatch(/last four digits/);
    expect(addTender(1000, [], card('k', 1000, { installments: 12 })).ok).toBe(true);
    expect(addTender(1000, [], card('k', 1000, { approvalCode: '123456789012' })).ok).toBe(true);
    expect(addTender(1000, [], card('k', 1000, { funding: 'debit', installments: 1 })).ok).toBe(true);
  });

  it('refuses a card or Pix for more than the balance, and any tender once paid', () => {
    expect(codeOf(addTender(1000, [cash('c', 400)], card('k', 601)))).toBe(ErrorCode.TENDER_EXCEEDS_BALANCE);
    expect(codeOf(addTender(1000, [cash('c', 400)], card('k', 600)))).toBe('ok');
    expect(codeOf(addTender(1000, [cash('c', 400)], cash('c2', 5000)))).toBe('ok');
    expect(codeOf(addTender(1000, [pix('p', 1000)], cash('c', 100)))).toBe(ErrorCode.TENDER_EXCEEDS_BALANCE);
  });

  it('takes a retried tender once, and refuses another tender under a used id', () => {
    const first = addTender(1000, [], card('k', 600));
    const tenders = first.ok ? first.value : [];
    expect(addTender(1000, tenders, card('k', 600))).toEqual({ ok: true, value: tenders });
    expect(codeOf(addTender(1000, tenders, card('k', 500)))).toBe(ErrorCode.VALIDATION_FAILED);
  });
});

describe('reverseTender', () => {
  const reversal = { reason: 'customer_changed_method' as const, reversedBy: 'staff-7' };

  it('keeps the reversed tender with who reversed it and why, and frees its amount', () => {
    const result = reverseTender([card('k', 1000), cash('c', 500)], 'k', reversal);
    expect(result.ok && result.value).toEqual([{ ...card('k', 1000), reversal }, cash('c', 500)]);
    const after = result.ok ? result.value : [];
    expect(tenderState(1000, after)).toMatchObject({ paid: 500, remaining: 500 });
    expect(codeOf(addTender(1000, after, pix('p', 500)))).toBe('ok');
  });

  it('is idempotent for a retry, refuses a second reversal and an unknown tender, and needs a reason', () => {
    const once = reverseTender([card('k', 1000)], 'k', reversal);
    const tenders = once.ok ? once.value : [];
    expect(reverseTender(tenders, 'k', reversal)).toEqual({ ok: true, value: tenders });
    expect(codeOf(reverseTender(tenders, 'k', { ...reversal, reason: 'payment_failed' }))).toBe(ErrorCode.TENDER_ALREADY_REVERSED);
    expect(codeOf(reverseTender(tenders, 'nope', reversal))).toBe(ErrorCode.NOT_FOUND);
    expect(codeOf(reverseTender([card('k', 1000)], 'k', { reversedBy: 'staff-7' }))).toBe(ErrorCode.VALIDATION_FAILED);
  });
});

describe('tender properties', () => {
  const arbRounding = fc.constantFrom<CashRounding>(1, 5, 10, 25, 50, 100);
  /** A random sale paid by a random walk of tenders, each one the till would accept, some reversed. */
  const arbPaidSale = fc
    .record({
      total: fc.integer({ min: 1, max: 5_000_000 }),
      rounding: arbRounding,
      steps: fc.array(
        fc.record({
          kind: fc.constantFrom('cash', 'card', 'pix'),
          share: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })),
          overpay: fc.integer({ min: 0, max: 20_000 }),
          reverse: fc.boolean(),
        }),
        { maxLength: 8 },
      ),
    })
    .map(({ total, rounding, steps }) => {
      let tenders: PaymentTender[] = [];
      steps.forEach((step, i) => {
        const state = tenderState(total, tenders, rounding);
        if (state.complete) return;
        const id = `t${i}`;
        const amount =
          step.kind === 'cash'
            ? Math.max(1, Math.ceil((state.cashToSettle * step.share) / 100) + (step.share === 100 ? step.overpay : 0))
            : Math.ceil((state.remaining * step.share) / 100);
        if (amount < 1) return;
        const tender = step.kind === 'cash' ? cash(id, amount) : step.kind === 'card' ? card(id, amount) : pix(id, amount);
        const added = addTender(total, tenders, tender, rounding);
        if (!added.ok) throw added.error;
        tenders = added.value;
        if (step.reverse && step.share % 3 === 0) {
          const reversed = reverseTender(tenders, id, { reason: 'entered_in_error', reversedBy: 'staff-7' });
          if (!reversed.ok) throw reversed.error;
          tenders = reversed.value;
        }
      });
      return { total, rounding, tenders };
    });

  it('never loses a cent: paid = total + cash rounding + change, change only from cash, rounding within half a step', () => {
    let completed = 0;
    fc.assert(
      fc.property(arbPaidSale, ({ total, rounding, tenders }) => {
        const state = tenderState(total, tenders, rounding);
        if (state.complete) completed++;
        const active = tenders.filter((t) => !t.reversal);
        const cashPaid = active.filter((t) => t.kind === 'cash').reduce((a, t) => a + t.amount, 0);
        expect(state.paid).toBe(active.reduce((a, t) => a + t.amount, 0));
        expect(state.nonCashExcess).toBe(0);
        expect(Math.abs(state.cashRounding) * 2).toBeLessThanOrEqual(rounding);
        expect(state.change).toBeLessThanOrEqual(cashPaid);
        if (state.complete) {
          expect(state.paid).toBe(state.total + state.cashRounding + state.change);
          expect(settleTenders(total, tenders, rounding).ok).toBe(true);
        } else {
          expect(state.change).toBe(0);
          expect(state.paid).toBeLessThan(state.total + Math.max(0, state.cashRounding) + 1);
          expect(codeOf(settleTenders(total, tenders, rounding))).toBe(ErrorCode.SALE_UNDERPAID);
        }
      }),
    );
    // The walk must reach both sides often, or the property would hold vacuously.
    expect(completed).toBeGreaterThan(20);
  });

  it('does not depend on the order the tenders were taken in', () => {
    fc.assert(
      fc.property(
        arbPaidSale.chain((sale) => fc.shuffledSubarray(sale.tenders, { minLength: sale.tenders.length }).map((shuffled) => ({ ...sale, shuffled }))),
        ({ total, rounding, tenders, shuffled }) => {
          expect(tenderState(total, shuffled, rounding)).toEqual(tenderState(total, tenders, rounding));
        },
      ),
    );
  });

  it('completes a sale paid with exactly the suggested cash, with no change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), arbRounding, (total, rounding) => {
        const ask = tenderState(total, [], rounding).cashToSettle;
        fc.pre(ask > 0);
        expect(tenderState(total, [cash('c', ask)], rounding)).toMatchObject({ complete: true, change: 0, due: roundCash(total, rounding) });
      }),
    );
  });
});

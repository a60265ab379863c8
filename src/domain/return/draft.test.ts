import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.js';
import { fixedClock, sequentialIds } from '../testing/fixtures.js';
import { cardTender } from '../testing/sales.js';
import { draftReturn, type ReturnDraftInput } from './draft.js';
import { returnLookupValues } from './lookup.js';

const input = (over: Partial<ReturnDraftInput> = {}): ReturnDraftInput => ({
  storeId: 'S2',
  deviceId: 'd-2',
  associateId: 'S2-1001',
  source: { kind: 'sale', saleId: 'sale-1' },
  lines: [{ lineNo: 1, sku: 'CAM-1', quantity: 1, reason: 'wrong_size', condition: 'resellable' }],
  priced: [{ lineNo: 1, quantity: 2, total: 5990 }],
  paidBy: {
    kind: 'sale',
    sale: { tenders: [cardTender('c', 5990)], totals: { total: 5990 } },
  },
  returnedBefore: new Map(),
  method: 'original_tender',
  approvedBy: null,
  approvalReason: null,
  customerId: null,
  newId: sequentialIds('r'),
  clock: fixedClock(),
  ...over,
});

describe('draftReturn', () => {
  it('records the refund the lines give, to the tender that paid, and is found by its sale', () => {
    const fact = draftReturn(input());
    expect(fact.payload.refund).toEqual({ method: 'original_tender', tenders: [{ kind: 'card', amount: 2995 }] });
    expect(returnLookupValues.returnSource(fact)).toEqual(['sale:sale-1']);
  });

  it("cannot be saved without a reason code on every line, nor with a manager's approval but no reason", () => {
    const noReason = () =>
      draftReturn(input({ lines: [{ lineNo: 1, sku: 'CAM-1', quantity: 1, reason: undefined as never, condition: 'damaged' }] }));
    expect(noReason).toThrow(DomainError);
    try {
      noReason();
    } catch (e) {
      expect((e as DomainError).fieldErrors.map((f) => f.path)).toEqual(['payload.lines.0.reason']);
    }
    expect(() => draftReturn(input({ approvedBy: 'S2-9001' }))).toThrow(/approval needs its reason/);
  });
});

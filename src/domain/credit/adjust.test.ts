import { describe, expect, it } from 'vitest';
import type { FactState } from '../fact/state.js';
import { ErrorCode } from '../kernel/errors.js';
import type { StaffMember } from '../staff/schema.js';
import { fixedClock, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { decideCreditAdjusted, draftCreditAdjusted } from './adjust.js';
import { postEntries } from './ledger.js';

const member = (id: string, role: StaffMember['role'], active = true) => ({ id, storeId: 'S1', role, active }) as StaffMember;
const staff: Record<string, StaffMember> = {
  'S1-9001': member('S1-9001', 'manager'),
  'S1-1001': member('S1-1001', 'associate'),
  'S1-9002': member('S1-9002', 'manager', false),
};
const state = { store: storeS1, document: (_: string, id: string) => staff[id] } as unknown as FactState;
const at = '2026-11-26T15:00:00.000Z';
const adjust = (associateId: string, over: { amount?: number; currency?: string } = {}) =>
  draftCreditAdjusted({
    code: 'GIFT7K2M9QXD4R8T',
    amount: over.amount ?? 1_500,
    currency: over.currency ?? 'BRL',
    reason: 'write_off',
    note: 'overdrawn offline, customer gone',
    storeId: 'S1',
    deviceId: 'D1',
    associateId,
    newId: sequentialIds('adj'),
    clock: fixedClock(at),
  });

describe('credit.adjusted', () => {
  it("a manager's write-off posts one adjust entry that brings an overdrawn credit back to zero and clears its flag", () => {
    const fact = adjust('S1-9001');
    const decision = decideCreditAdjusted(fact, state, at);
    expect(decision.status).toBe('accepted');
    const entries = decision.status === 'accepted' ? (decision.effects.credits ?? []) : [];
    expect(entries).toEqual([expect.objectContaining({ id: `${fact.id}:adjust`, kind: 'adjust', amount: 1_500, code: 'GIFT7K2M9QXD4R8T' })]);
    const overdrawn = postEntries(new Map(), [
      { id: 'r1', code: 'GIFT7K2M9QXD4R8T', kind: 'redeem', amount: -1_500, currency: 'BRL', storeId: 'S1', factId: 's1', offline: true, at },
    ]);
    expect(overdrawn.credits.get('GIFT7K2M9QXD4R8T')?.flag?.reason).toBe('overdrawn');
    const settled = postEntries(overdrawn.credits, entries);
    expect(settled.credits.get('GIFT7K2M9QXD4R8T')).toMatchObject({ balance: 0, flag: null });
  });

  it('is refused from an associate, an inactive manager, or in another currency than the store keeps', () => {
    expect(decideCreditAdjusted(adjust('S1-1001'), state, at)).toMatchObject({
      status: 'rejected',
      error: { code: ErrorCode.ASSOCIATE_NOT_ALLOWED },
    });
    expect(decideCreditAdjusted(adjust('S1-9002'), state, at)).toMatchObject({
      status: 'rejected',
      error: { code: ErrorCode.ASSOCIATE_NOT_ALLOWED },
    });
    expect(decideCreditAdjusted(adjust('S1-9001', { currency: 'EUR' }), state, at)).toMatchObject({
      status: 'rejected',
      error: { code: ErrorCode.VALIDATION_FAILED },
    });
  });

  it('cannot be drafted without an amount, a valid code or a note', () => {
    expect(() => adjust('S1-9001', { amount: 0 })).toThrow(/not 0/);
    expect(() =>
      draftCreditAdjusted({
        ...adjust('S1-9001').payload,
        note: '',
        code: 'GIFT7K2M9QXD4R8T',
        storeId: 'S1',
        deviceId: 'D1',
        associateId: 'S1-9001',
        newId: sequentialIds('x'),
        clock: fixedClock(at),
      }),
    ).toThrow();
    expect(() =>
      draftCreditAdjusted({
        ...adjust('S1-9001').payload,
        code: 'no',
        storeId: 'S1',
        deviceId: 'D1',
        associateId: 'S1-9001',
        newId: sequentialIds('x'),
        clock: fixedClock(at),
      }),
    ).toThrow();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../fact/schema.js';
import { completeCashSale } from '../sale/build-sale.js';
import type { Sale } from '../sale/schema.js';
import { fixedClock, storeS1 } from '../testing/fixtures.js';
import { foldMovements } from './ledger.js';
import { optimisticLevels, pendingMovements, type PendingFact } from './optimistic.js';
import { stockLevelId, type StockLevel } from './schema.js';

const SKUS = ['TEN-0001-42-PRE', 'CAM-0002-M-AZU', 'MEI-0003-U-BRA'];
const at = '2026-11-23T16:00:00.000Z';
let ids = 0;
const uuid = () => `01900000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;

const level = (sku: string, onHand: number, reserved = 0): StockLevel => ({
  id: stockLevelId('S1', sku),
  storeId: 'S1',
  sku,
  onHand,
  reserved,
  available: onHand - reserved,
  belowZero: onHand - reserved < 0,
  updatedAt: '2026-11-23T09:00:00.000Z',
});

const sale = (lines: { sku: string; quantity: number }[]): PendingFact => {
  const fact: Sale = completeCashSale({
    store: storeS1,
    deviceId: 'dev-1',
    associateId: 'A-7',
    lines: lines.map(({ sku, quantity }) => ({ sku, name: sku, quantity, unitPrice: 1000, taxClass: 'standard' })),
    cashTendered: 1_000_000,
    newId: uuid,
    clock: fixedClock(),
  });
  return { collection: 'sales', fact };
};

const count = (sku: string, counted: number): PendingFact => {
  const fact: Fact = {
    id: uuid(),
    kind: 'stock.count',
    storeId: 'S1',
    deviceId: 'dev-1',
    associateId: 'M-1',
    createdAtDevice: '2026-11-23T13:05:00.000-03:00',
    subjectId: sku,
    payload: { counted },
  };
  return { collection: 'facts', fact };
};

/** What staff see of a level (its time stamp is the server's business). */
const quantities = (levels: ReadonlyMap<string, StockLevel>) =>
  Object.fromEntries([...levels].map(([id, l]) => [id, { onHand: l.onHand, reserved: l.reserved, available: l.available, belowZero: l.belowZero }]));

/**
 * The server, as the sync server does it: each pushed fact decided in push order on the levels the facts before it
 * left, its movements folded with the one ledger function.
 */
function serverAccepts(levels: ReadonlyMap<string, StockLevel>, facts: readonly PendingFact[]): Map<string, StockLevel> {
  const current = new Map(levels);
  for (const { collection, fact } of facts) {
    const stock = { level: (storeId: string, sku: string) => current.get(stockLevelId(storeId, sku)) };
    const movements = (pendingMovements[collection] as (f: unknown, s: typeof stock, at: string) => never[])(fact, stock, at);
    for (const [id, l] of foldMovements(current, movements, at)) current.set(id, l);
  }
  return current;
}

const arbitraryFact = fc.oneof(
  fc
    .array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 })
    .map((lines) => () => sale(lines.map((l, i) => ({ ...l, sku: SKUS[(SKUS.indexOf(l.sku) + i) % SKUS.length]! })))),
  fc.record({ sku: fc.constantFrom(...SKUS), counted: fc.integer({ min: 0, max: 20 }) }).map(
    ({ sku, counted }) =>
      () =>
        count(sku, counted),
  ),
);

describe('optimisticLevels', () => {
  it('lowers the level at once by an offline sale, and by nothing once the sale is decided', () => {
    const levels = new Map([[stockLevelId('S1', SKUS[0]!), level(SKUS[0]!, 5)]]);
    const pending = sale([{ sku: SKUS[0]!, quantity: 2 }]);
    expect(optimisticLevels(levels, [pending], at).get(stockLevelId('S1', SKUS[0]!))).toMatchObject({ onHand: 3, available: 3 });
    expect(optimisticLevels(levels, [], at)).toEqual(levels);
  });

  it('shows a pending count as the counted quantity, and a sale after it taken from the count', () => {
    const id = stockLevelId('S1', SKUS[1]!);
    const levels = new Map([[id, level(SKUS[1]!, 9, 2)]]);
    const shown = optimisticLevels(levels, [count(SKUS[1]!, 4), sale([{ sku: SKUS[1]!, quantity: 1 }])], at).get(id);
    expect(shown).toMatchObject({ onHand: 3, reserved: 2, available: 1 });
  });

  it('flags, never clamps, a pending sale of more than is on hand; a SKU never stocked goes below zero', () => {
    const shown = optimisticLevels(new Map(), [sale([{ sku: SKUS[2]!, quantity: 1 }])], at).get(stockLevelId('S1', SKUS[2]!));
    expect(shown).toMatchObject({ onHand: -1, available: -1, belowZero: true });
  });

  it('keeps an accepted fact on a level the server has not rewritten since the decision, and only there', () => {
    const id = stockLevelId('S1', SKUS[0]!);
    const decided = sale([{ sku: SKUS[0]!, quantity: 2 }]);
    const outcome = { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:05:00.000Z' } as const;
    const acceptedSale = { collection: 'sales', fact: { ...decided.fact, outcome } } as PendingFact;
    const before = new Map([[id, level(SKUS[0]!, 5)]]);
    expect(optimisticLevels(before, [acceptedSale], at).get(id)).toMatchObject({ onHand: 3 });
    const after = new Map([[id, { ...level(SKUS[0]!, 3), updatedAt: outcome.decidedAt }]]);
    expect(optimisticLevels(after, [acceptedSale], at).get(id)).toMatchObject({ onHand: 3 });
    const rejectedSale = { collection: 'sales', fact: { ...decided.fact, outcome: { ...outcome, status: 'rejected' } } } as PendingFact;
    expect(optimisticLevels(before, [rejectedSale], at).get(id)).toMatchObject({ onHand: 5 });
  });

  it('ignores a fact of a kind this app does not know', () => {
    const levels = new Map([[stockLevelId('S1', SKUS[0]!), level(SKUS[0]!, 5)]]);
    const unknown = count(SKUS[0]!, 1);
    const shown = optimisticLevels(levels, [{ collection: 'facts', fact: { ...(unknown.fact as Fact), kind: 'shelf.photo' } }], at);
    expect(quantities(shown)).toEqual(quantities(levels));
  });

  it('equals the server level whatever the server has accepted so far: no pending effect is lost or counted twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: SKUS.length, maxLength: SKUS.length }),
        fc.array(arbitraryFact, { maxLength: 12 }),
        fc.nat(),
        (onHand, makeFacts, split) => {
          const start = new Map(SKUS.map((sku, i) => [stockLevelId('S1', sku), level(sku, onHand[i]!)]));
          const facts = makeFacts.map((make) => make());
          const accepted = split % (facts.length + 1);
          // The device shows the same levels before any answer, after each answer, and once the server has all.
          const before = optimisticLevels(start, facts, at);
          const midway = optimisticLevels(serverAccepts(start, facts.slice(0, accepted)), facts.slice(accepted), at);
          const after = serverAccepts(start, facts);
          expect(quantities(midway)).toEqual(quantities(before));
          expect(quantities(optimisticLevels(after, [], at))).toEqual(quantities(before));
          // Every SKU a sale touched moved by exactly its sold quantity since the last count of it.
          for (const sku of SKUS) {
            const id = stockLevelId('S1', sku);
            const lastCount = facts.findLastIndex((f) => f.collection === 'facts' && f.fact.subjectId === sku);
            const base = lastCount >= 0 ? ((facts[lastCount]!.fact as Fact).payload.counted as number) : start.get(id)!.onHand;
            const sold = facts
              .slice(lastCount + 1)
              .flatMap((f) => (f.collection === 'sales' ? f.fact.lines : []))
              .filter((l) => l.sku === sku)
              .reduce((a, l) => a + l.quantity, 0);
            expect(before.get(id)?.onHand).toBe(base - sold);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

import type { StockView } from '../fact/state.js';
import { factKinds } from '../fact/kinds.js';
import type { DocumentOf, FactCollectionName } from '../protocol/collections.js';
import { saleMovements } from '../sale/decide-sale.js';
import { foldMovements } from './ledger.js';
import { stockLevelId, type StockLevel, type StockMovement } from './schema.js';

/**
 * Each fact collection's effect on stock while one of its facts waits for the server: the movements the server
 * records when it accepts the fact, from the same domain functions its decision uses. A typed map over the
 * registry's fact collections, so a new fact collection does not compile without saying what it does to stock.
 */
export const pendingMovements: {
  [N in FactCollectionName]: (fact: DocumentOf<N>, stock: StockView, at: string) => readonly StockMovement[];
} = {
  sales: (sale, _stock, at) => saleMovements(sale, at),
  facts: (fact, stock, at) => {
    const kind = Object.hasOwn(factKinds, fact.kind) ? factKinds[fact.kind as keyof typeof factKinds] : undefined;
    // A kind this app version does not know (pushed by a newer app sharing the store) shows no effect until decided.
    if (!kind?.movements) return [];
    const payload = kind.payload.safeParse(fact.payload);
    return payload.success ? kind.movements({ ...fact, payload: payload.data } as never, stock, at) : [];
  },
};

/** A fact of one of the registry's fact collections, with its collection. */
export type PendingFact = { [N in FactCollectionName]: { collection: N; fact: DocumentOf<N> } }[FactCollectionName];

/**
 * The optimistic truth a device shows: the server's levels plus the effect of facts the levels do not hold yet,
 * folded in the order they were pushed (each fact sees the levels the facts before it left, as the server's
 * decisions do). A fact counts while it waits for its outcome; once accepted, only on the levels whose `updatedAt`
 * is still before its `decidedAt` (the server writes the level in the same transaction, never moving `updatedAt`
 * back), because the outcome may reach the device before the new level does; a rejected fact counts nowhere.
 * Answers every level given, and the levels the facts touched.
 */
export function optimisticLevels(levels: ReadonlyMap<string, StockLevel>, facts: readonly PendingFact[], at: string): Map<string, StockLevel> {
  const current = new Map(levels);
  const stock: StockView = { level: (storeId, sku) => current.get(stockLevelId(storeId, sku)) };
  for (const { collection, fact } of facts) {
    const outcome = fact.outcome;
    if (outcome?.status === 'rejected') continue;
    const movementsOf = pendingMovements[collection] as (fact: PendingFact['fact'], stock: StockView, at: string) => readonly StockMovement[];
    const movements = movementsOf(fact, stock, outcome?.decidedAt ?? at).filter((m) => {
      if (!outcome) return true;
      const server = levels.get(stockLevelId(m.storeId, m.sku));
      return !server || server.updatedAt < outcome.decidedAt;
    });
    for (const [id, level] of foldMovements(current, movements, at)) current.set(id, level);
  }
  return current;
}

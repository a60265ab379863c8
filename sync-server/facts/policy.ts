import type { CollectionName, Decision, FactState, Outcome } from '../../src/domain/index.js';

/** What every fact has, whatever its collection: the engine authorizes, stores and answers facts by these. */
export interface FactDocument {
  id: string;
  storeId: string;
  deviceId: string;
  outcome?: Outcome | undefined;
}

/**
 * What deciding a batch reads, declared by the policy and read by the engine with one query per collection, per
 * lookup key and for the levels, however many facts the batch holds.
 */
export interface LoadPlan {
  /** Documents by id. */
  documents?: { readonly [N in CollectionName]?: readonly string[] };
  /** Documents by a registry lookup key: collection → key name → values. */
  keys?: { readonly [N in CollectionName]?: Readonly<Record<string, readonly string[]>> };
  /** Stock levels the decisions read (a count compares with on hand). */
  levels?: readonly { storeId: string; sku: string }[];
  /**
   * The price history of these SKUs, from the price in force `withinMs` before the load on (a price check honours
   * prices replaced within a window): one query for all of them.
   */
  prices?: { skus: readonly string[]; withinMs: number };
  /** The settings the pushing store had before, replaced within the last `withinMs`: one query. */
  replacedStores?: { withinMs: number };
  /** Proofs of purchase (QR texts) to verify against the `keys` collection: one query for their keys. */
  proofs?: readonly string[];
}

/**
 * How the server decides the facts of one kind (a sale, a stock count…). The engine (engine.ts) does everything
 * else the same way for every fact: authorization, idempotency, storing the outcome, writing the effects.
 * Method syntax on purpose: a policy for a specific fact type fits where a general one is expected.
 */
export interface FactPolicy<F extends FactDocument> {
  /** Pure: what the decisions of these (new, not yet stored) facts read. */
  load(facts: readonly F[]): LoadPlan;
  /** Pure (a domain function): accepted with its effects, or rejected with the reason staff will read. */
  decide(fact: F, state: FactState, decidedAt: string): Decision;
}

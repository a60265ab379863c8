import type { PriceRecord, ReplacedStore } from '../catalog/price-history.js';
import type { Store } from '../catalog/schema.js';
import { collections, type CollectionName, type DocumentOf, type FactCollectionName } from '../protocol/collections.js';
import { applyMovement } from '../stock/ledger.js';
import { stockLevelId, type StockLevel } from '../stock/schema.js';
import type { ProofSummary } from '../proof/schema.js';
import type { Effects } from './decision.js';

/** Stock levels as a decision (or a device's optimistic view) sees them. */
export interface StockView {
  /** The level of a SKU in a store; undefined when it was never stocked (0 on hand). */
  level(storeId: string, sku: string): StockLevel | undefined;
}

/**
 * What a fact's decision reads: the pushing device's store, and the documents and levels its policy asked for, as
 * the facts decided before it in the same push left them (two facts of one batch see each other's effects).
 * Reading something the policy did not ask for throws: the policy's `load` must name everything `decide` reads.
 */
export interface FactState extends StockView {
  readonly store: Store;
  /** A live document by id (deleted documents read as absent). */
  document<N extends CollectionName>(collection: N, id: string): DocumentOf<N> | undefined;
  /** The live documents a declared lookup key (registry `lookupKeys`) finds for a value. */
  documentsByKey<N extends CollectionName>(collection: N, key: string, value: string): DocumentOf<N>[];
  /** A SKU's price history, oldest first, from the price in force at the start of the window the policy asked for. */
  priceHistory(sku: string): readonly PriceRecord[];
  /** The settings the store had before its current ones, replaced within the window the policy asked for. */
  replacedStores(): readonly ReplacedStore[];
  /**
   * What a proof of purchase the policy asked to verify says, when it verifies (its signature under a known key that
   * is not revoked); undefined when it does not.
   */
  verifiedProof(text: string): ProofSummary | undefined;
}

/**
 * The state of one push batch, in memory: filled from what the server read, then updated by each accepted fact's
 * effects, in push order. Pure: the server builds it from its reads, tests build it by hand.
 */
export class BatchState implements FactState {
  /** collection → id → body, or null when it was asked for and is absent. */
  private readonly docs = new Map<string, Map<string, unknown>>();
  /** `${collection}\0${key}\0${value}` → ids, for the key values asked for. */
  private readonly keys = new Map<string, Set<string>>();
  /** level id → level, or null when asked for and never stocked. */
  private readonly levels = new Map<string, StockLevel | null>();
  /** SKU → its price records, for the SKUs asked for. */
  private readonly prices = new Map<string, PriceRecord[]>();
  /** Undefined until the policy asks for the store's history. */
  private replaced: readonly ReplacedStore[] | undefined;
  /** Proof text → its summary when it verified, null when it did not (only the proofs asked for). */
  private readonly proofs = new Map<string, ProofSummary | null>();

  constructor(readonly store: Store) {}

  /** Records the documents read for `ids` (the live ones among them; the rest are absent). */
  loadDocuments(collection: CollectionName, ids: readonly string[], found: readonly unknown[]): this {
    const index = this.index(collection);
    for (const id of ids) if (!index.has(id)) index.set(id, null);
    for (const body of found) index.set(idOf(collection, body), body);
    return this;
  }

  /** Records the live documents a lookup key found for each of `values`. */
  loadKeys(collection: CollectionName, key: string, values: readonly string[], found: readonly unknown[]): this {
    for (const value of values) this.keys.set(keyOf(collection, key, value), new Set());
    for (const body of found) {
      const id = idOf(collection, body);
      this.index(collection).set(id, body);
      for (const value of keyValues(collection, key, body)) this.keys.get(keyOf(collection, key, value))?.add(id);
    }
    return this;
  }

  /** Records the levels read for `ids` (`${storeId}:${sku}`); ids not found were never stocked. */
  loadLevels(ids: readonly string[], found: readonly StockLevel[]): this {
    for (const id of ids) if (!this.levels.has(id)) this.levels.set(id, null);
    for (const level of found) this.levels.set(level.id, level);
    return this;
  }

  /** Records the price history read for `skus` (records oldest first; SKUs without any have none). */
  loadPrices(skus: readonly string[], records: readonly PriceRecord[]): this {
    for (const sku of skus) if (!this.prices.has(sku)) this.prices.set(sku, []);
    for (const record of records) this.prices.get(record.sku)?.push(record);
    return this;
  }

  /** Records the store's replaced settings read. */
  loadReplacedStores(replaced: readonly ReplacedStore[]): this {
    this.replaced = replaced;
    return this;
  }

  document<N extends CollectionName>(collection: N, id: string): DocumentOf<N> | undefined {
    const index = this.docs.get(collection);
    if (!index?.has(id)) throw new Error(`${collection} ${id} was not loaded: name it in the policy's load`);
    return (index.get(id) ?? undefined) as DocumentOf<N> | undefined;
  }

  documentsByKey<N extends CollectionName>(collection: N, key: string, value: string): DocumentOf<N>[] {
    const ids = this.keys.get(keyOf(collection, key, value));
    if (!ids) throw new Error(`${collection} by ${key} = ${value} was not loaded: name it in the policy's load`);
    return [...ids].map((id) => this.docs.get(collection)!.get(id) as DocumentOf<N>);
  }

  priceHistory(sku: string): readonly PriceRecord[] {
    const records = this.prices.get(sku);
    if (!records) throw new Error(`price history of ${sku} was not loaded: name it in the policy's load`);
    return records;
  }

  /** Records what the verification of proofs of purchase found (the server verifies; tests say it by hand). */
  loadProofs(found: ReadonlyMap<string, ProofSummary | null>): this {
    for (const [text, summary] of found) this.proofs.set(text, summary);
    return this;
  }

  verifiedProof(text: string): ProofSummary | undefined {
    if (!this.proofs.has(text)) throw new Error('this proof was not verified: ask for it in the policy’s load');
    return this.proofs.get(text) ?? undefined;
  }

  replacedStores(): readonly ReplacedStore[] {
    if (!this.replaced) throw new Error("the store's replaced settings were not loaded: ask for them in the policy's load");
    return this.replaced;
  }

  level(storeId: string, sku: string): StockLevel | undefined {
    const id = stockLevelId(storeId, sku);
    if (!this.levels.has(id)) throw new Error(`stock level ${id} was not loaded: name it in the policy's load`);
    return this.levels.get(id) ?? undefined;
  }

  /**
   * Applies an accepted fact's effects to what the batch knows, so the facts behind it decide on the new state.
   * Movements fold into the levels that were loaded (the others no later decision can read).
   */
  apply(effects: Effects): void {
    for (const m of effects.movements) {
      const id = stockLevelId(m.storeId, m.sku);
      if (this.levels.has(id)) this.levels.set(id, applyMovement(this.levels.get(id) ?? undefined, m, m.recordedAt));
    }
    for (const { collection, body } of effects.documents) this.put(collection, body);
  }

  /**
   * A fact this batch just stored (with its outcome): the facts decided after it find it by id or lookup key as if it
   * had been read, so a shift opened and closed offline and pushed in one batch closes.
   */
  recordFact(collection: FactCollectionName, body: unknown): void {
    this.put(collection, body);
  }

  private put(collection: CollectionName, body: unknown): void {
    const index = this.index(collection);
    const id = idOf(collection, body);
    const before = index.get(id);
    for (const key of Object.keys(collections[collection].lookupKeys)) {
      if (before) for (const value of keyValues(collection, key, before)) this.keys.get(keyOf(collection, key, value))?.delete(id);
      for (const value of keyValues(collection, key, body)) this.keys.get(keyOf(collection, key, value))?.add(id);
    }
    index.set(id, body);
  }

  private index(collection: string): Map<string, unknown> {
    let index = this.docs.get(collection);
    if (!index) {
      index = new Map();
      this.docs.set(collection, index);
    }
    return index;
  }
}

const idOf = (collection: CollectionName, body: unknown): string => String((body as Record<string, unknown>)[collections[collection].primaryKey]);
const keyOf = (collection: string, key: string, value: string) => `${collection}\u0000${key}\u0000${value}`;
function keyValues(collection: CollectionName, key: string, body: unknown): readonly string[] {
  const derive = (collections[collection].lookupKeys as Record<string, ((doc: never) => readonly string[]) | undefined>)[key];
  if (!derive) throw new Error(`${collection} declares no lookup key ${key}`);
  return derive(body as never);
}

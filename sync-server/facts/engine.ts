import {
  accepted,
  collections,
  DomainError,
  ErrorCode,
  rejected,
  storesOfDocument,
  type Clock,
  type EffectDocument,
  type CreditEntry,
  type EffectEvent,
  type FactCollectionName,
  type StockMovement,
} from '../../src/domain/index.js';
import { applyCreditEntries } from '../credits/ledger-store.js';
import { recordMovements } from '../ledger/apply-movements.js';
import { enqueueEvents } from '../outbox/enqueue.js';
import type { AdmittedPush, ApplyResult, PushRow } from '../policies/push.js';
import type { DeviceRecord, DocumentWrite, StoredDocument, StoreReads, StoreSql, StoreTx } from '../store/store.js';
import { CATALOG_COLLECTIONS, loadBatchState, prefetchCatalog, type CatalogSnapshot } from './load.js';
import type { FactDocument, FactPolicy } from './policy.js';
import { sameJson } from './same-json.js';

/**
 * Refuses the whole batch, before any write, when a fact claims another store or another device: a device pushes
 * only what it did itself, in its own store.
 */
export function authorizeFacts(rows: readonly PushRow<FactDocument>[], device: DeviceRecord): void {
  const fieldErrors = rows.flatMap(({ newDocumentState: fact }, i) => [
    ...(fact.storeId === device.storeId
      ? []
      : [{ path: `${i}.newDocumentState.storeId`, message: `this device belongs to store ${device.storeId}` }]),
    ...(fact.deviceId === device.id ? [] : [{ path: `${i}.newDocumentState.deviceId`, message: 'a device can only push what it recorded itself' }]),
  ]);
  if (fieldErrors.length > 0) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'facts may only be pushed by the device that recorded them, for its own store', fieldErrors);
  }
}

export interface FactBatch<F extends FactDocument> {
  collection: FactCollectionName;
  rows: readonly PushRow<F>[];
  device: DeviceRecord;
  clock: Clock;
  /** The policy deciding a fact (one per collection, or one per kind in `facts`). */
  policyOf(fact: F): FactPolicy<F>;
  /** The catalog read before the transaction (`prefetchFacts`); without it, everything is read inside. */
  catalog?: CatalogSnapshot;
}

/**
 * Reads, before the write transaction, the catalog the batch's decisions need (load.ts `prefetchCatalog`: why it is
 * safe). Plans are made for every pushed fact, the ones already stored included (found out only under the lock).
 */
export function prefetchFacts<F extends FactDocument>(
  reads: StoreReads & { sql: StoreSql },
  batch: Pick<FactBatch<F>, 'rows' | 'device' | 'clock' | 'policyOf'>,
): Promise<CatalogSnapshot> {
  const pushed = [...new Map(batch.rows.map((r) => [r.newDocumentState.id, withoutOutcome(r.newDocumentState)])).values()];
  return prefetchCatalog(reads, reads.sql, batch.device.storeId, plansOf(pushed, batch.policyOf), batch.clock());
}

/** An authorized fact batch: its catalog prefetched when the caller asks, then applied in the caller's transaction. */
export function admittedFacts<F extends FactDocument>(batch: Omit<FactBatch<F>, 'clock' | 'catalog'>): AdmittedPush {
  let catalog: CatalogSnapshot | undefined;
  return {
    async prefetch(reads, clock) {
      catalog = await prefetchFacts(reads, { ...batch, clock });
    },
    apply: (tx, clock) => applyFacts(tx, { ...batch, clock, ...(catalog ? { catalog } : {}) }),
  };
}

/**
 * Applies an authorized batch of facts in the caller's transaction, the same way for every fact collection:
 * - every pushed fact is answered with its decided state (RxDB conflict semantics) when the device's copy differs,
 *   as it does until the device has the outcome, so the device adopts the server's decision from the answer itself;
 * - a fact already stored (or earlier in the batch) changes nothing;
 * - an id another store already used refuses the whole batch, without revealing that store's fact;
 * - new facts are decided in push order, each on the state the facts before it left (one load for the batch);
 * - every fact is stored with its outcome; an accepted one's movements, documents and events are written with it,
 *   a rejected one changes nothing else and never blocks the facts behind it.
 * Reads: the store, the stored facts, then what the policies' plans name; writes: the documents, the movements
 * (through recordMovements, their levels written with the documents) and the outbox rows, each with one call.
 */
export async function applyFacts<F extends FactDocument>(tx: StoreTx, batch: FactBatch<F>): Promise<ApplyResult> {
  const { collection, rows, device, clock, catalog } = batch;
  const store = catalog?.store ?? (await tx.getStore(device.storeId));
  if (!store) throw new DomainError(ErrorCode.INTERNAL, `store ${device.storeId} of device ${device.id} is missing`);
  const pushed = rows.map((r) => r.newDocumentState);
  const stored = await tx.getDocuments(collection, [...new Set(pushed.map((f) => f.id))]);
  if (stored.some((d) => d.storeId !== device.storeId)) {
    // Never answer another store's fact as a conflict: that would hand its contents to this device.
    throw new DomainError(ErrorCode.FORBIDDEN, `this ${collection} id is already taken`, [
      { path: 'newDocumentState.id', message: 'id already taken' },
    ]);
  }
  const existing = new Map(stored.map((d) => [d.id, d]));
  const fresh = [...new Map(pushed.filter((f) => !existing.has(f.id)).map((f) => [f.id, withoutOutcome(f)])).values()];
  const state = await loadBatchState(tx, store, plansOf(fresh, batch.policyOf), clock(), catalog);

  const factWrites: DocumentWrite[] = [];
  const written = new Map<string, DocumentWrite>();
  /** Conflicts in push order: a stored master, or the id of a fact this batch writes (its seq is not known yet). */
  const conflicts: (StoredDocument | string)[] = [];
  const movements: StockMovement[] = [];
  const documents = new Map<string, EffectDocument>();
  const events: EffectEvent[] = [];
  const credits: CreditEntry[] = [];
  for (const fact of pushed) {
    const before = existing.get(fact.id);
    const earlier = written.get(fact.id);
    if (before) {
      if (!sameJson(JSON.parse(before.body), fact)) conflicts.push(before);
    } else if (earlier) {
      if (!sameJson(earlier.body, fact)) conflicts.push(earlier.id);
    } else {
      const decidedAt = clock().toISOString();
      const decision = batch.policyOf(fact).decide(withoutOutcome(fact), state, decidedAt);
      const outcome = decision.status === 'accepted' ? accepted(decidedAt) : rejected(decision.error.code, decision.error.message, decidedAt);
      const kept = decision.status === 'rejected' && decision.redact ? { ...withoutOutcome(fact), payload: {} } : withoutOutcome(fact);
      const write = { collection, id: fact.id, storeId: device.storeId, body: { ...kept, outcome } };
      written.set(fact.id, write);
      factWrites.push(write);
      // The facts behind it in the batch see it, decided, as if it had been read (a shift opened and closed offline).
      state.recordFact(collection, write.body);
      // Answered as decided even though it is new: RxDB's downstream drops a pulled or streamed document while the
      // device's own write of it is unacknowledged, so the push answer is the one sure way the outcome gets home.
      conflicts.push(fact.id);
      if (decision.status === 'accepted') {
        state.apply(decision.effects);
        movements.push(...decision.effects.movements);
        for (const d of decision.effects.documents) documents.set(`${d.collection}\u0000${documentId(d)}`, d);
        events.push(...decision.effects.events);
        credits.push(...(decision.effects.credits ?? []));
      }
    }
  }

  const effectWrites = [...documents.values()].map(effectWrite);
  const forbidden = effectWrites.find((w) => NOT_WRITTEN_BY_EFFECTS.has(w.collection));
  if (forbidden) throw new DomainError(ErrorCode.INTERNAL, `a fact's effects may not write ${forbidden.collection}`);
  // Inside the seq lock, round trips are what a chain's peak queues behind: the movements and the levels they change
  // are recorded in one, then every document of the batch is written in one.
  const ledger = await recordMovements(tx, movements);
  const seqs = await tx.putDocuments([...factWrites, ...effectWrites, ...ledger.levels]);
  await applyCreditEntries(tx, credits);
  if (events.length > 0) await enqueueEvents(tx, events, { at: clock() });

  const answered = new Map(factWrites.map((w, i) => [w.id, storedDocument(w, seqs[i]!)]));
  return { conflicts: conflicts.map((c) => (typeof c === 'string' ? answered.get(c)! : c)) };
}

/**
 * What a fact's effects never write as documents: the catalog, read before the seq lock (load.ts), where a fact
 * writing it would race with the facts deciding on it; and the stock levels, which change only through movements and
 * are read with them, before the batch's documents are written.
 */
const NOT_WRITTEN_BY_EFFECTS: ReadonlySet<string> = new Set([...CATALOG_COLLECTIONS, 'stock']);

/** One plan per policy, for the facts it decides. */
function plansOf<F extends FactDocument>(facts: readonly F[], policyOf: (fact: F) => FactPolicy<F>) {
  const byPolicy = new Map<FactPolicy<F>, F[]>();
  for (const fact of facts) {
    const policy = policyOf(fact);
    if (!byPolicy.has(policy)) byPolicy.set(policy, []);
    byPolicy.get(policy)!.push(fact);
  }
  return [...byPolicy].map(([policy, own]) => policy.load(own));
}

/** The server decides outcomes: a device's own value is ignored. */
const withoutOutcome = <F extends FactDocument>({ outcome: _ignored, ...fact }: F) => fact as F;

const documentId = (d: EffectDocument) => String((d.body as Record<string, unknown>)[collections[d.collection].primaryKey]);

/** Home store: the first store that sees the document; '' for shared ones and for those no store sees (a shipped order). */
function effectWrite(d: EffectDocument): DocumentWrite {
  return { collection: d.collection, id: documentId(d), storeId: storesOfDocument(collections[d.collection], d.body)[0] ?? '', body: d.body };
}

/** A document as this transaction stored it (what `getDocument` would answer after the write). */
const storedDocument = (w: DocumentWrite, seq: number): StoredDocument => ({
  collection: w.collection,
  id: w.id,
  storeId: w.storeId,
  seq,
  body: JSON.stringify(w.body),
  deleted: false,
});

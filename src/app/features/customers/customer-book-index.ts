import type { MangoQuerySelector } from 'rxdb';
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import {
  customerFactKinds,
  customerSearchEntry,
  optimisticBook,
  pendingCustomerFactIds,
  type CustomerProfile,
  type CustomerSearchEntry,
  type Fact,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import type { CustomerBook } from './customer-data.js';
import { exposeCustomerBookProbe } from './customer-book-probe.js';
import { lookedUpCustomers$ } from './customer-lookup.js';

/** Profiles read from IndexedDB per step of the first build: each step is a few ms, so the screen keeps answering. */
const BUILD_BATCH = 2_000;
const customerKinds = Object.keys(customerFactKinds);

/**
 * The store's book kept in step with the database change by change, instead of rebuilt whole on every change (a
 * 50,000-customer book took a large fraction of a second per change to re-read, re-fold, re-sort and re-index, so
 * typing while a profile replicated stuttered). Three parts:
 * - the replicated profiles, their search entries, and the live ones in name order, updated by each bulk of change
 *   events (a bulk is merged into the sorted list: no full sort after the first build);
 * - the customer facts of this device the server has not applied to a profile yet (pending, refused, or accepted
 *   and waiting for their profile): few, folded over only the profiles they name (optimisticBook) at each snapshot;
 * - the customers looked up in the chain (24 h, customer-lookup.ts).
 * Each snapshot is a CustomerBook as customer-data.ts defines it; the page of results is cut by searchBook.
 */
export class CustomerBookIndex {
  private readonly replicated = new Map<string, CustomerProfile>();
  private readonly entryOf = new Map<string, CustomerSearchEntry>();
  /** Every id merged into a replicated profile → that profile (a looked-up customer may be one of them now). */
  private readonly mergedInto = new Map<string, string>();
  /** The ids of the facts applied to a replicated profile (its history), counted per profile holding them. */
  private readonly applied = new Map<string, number>();
  /** Customer facts of this device not applied to a replicated profile (yet, or ever: refused). */
  private readonly waiting = new Map<string, Fact>();
  private lookedUp: readonly CustomerProfile[] = [];
  /** The live replicated profiles in name order, and their entries in the same order. */
  private live: CustomerProfile[] = [];
  private entries: CustomerSearchEntry[] = [];
  private readonly subject: BehaviorSubject<CustomerBook>;
  private readonly subscriptions: Subscription[] = [];
  private changedDuringBuild: Set<string> | null = new Set();
  private building = true;
  private stopped = false;
  private scheduled = false;
  private tombstonesSeen = false;

  constructor(
    private readonly db: VitrineDatabase,
    private readonly batchSize = BUILD_BATCH,
  ) {
    this.subject = new BehaviorSubject<CustomerBook>(this.snapshot());
    // Subscribed before the first read, so nothing replicated during the build is missed.
    this.subscriptions.push(
      db.customers.eventBulks$.subscribe((bulk) => {
        const upserts: CustomerProfile[] = [];
        const removed: string[] = [];
        for (const event of bulk.events) {
          this.changedDuringBuild?.add(event.documentId);
          if (event.operation === 'DELETE') {
            removed.push(event.documentId);
            this.tombstonesSeen = true;
          } else upserts.push(plain(event.documentData as unknown as CustomerProfile));
        }
        this.applyProfiles(upserts, removed);
      }),
      db.facts.eventBulks$.subscribe((bulk) => {
        let changed = false;
        for (const event of bulk.events) {
          const fact = (event.documentData ?? event.previousDocumentData) as unknown as Fact | undefined;
          if (!fact || !customerKinds.includes(fact.kind)) continue;
          changed = true;
          if (event.operation === 'DELETE') {
            this.waiting.delete(event.documentId);
            this.tombstonesSeen = true;
          } else this.noteFact(plain(event.documentData as unknown as Fact));
        }
        if (changed) this.schedule();
      }),
      lookedUpCustomers$(db).subscribe((profiles) => {
        this.lookedUp = profiles;
        this.schedule();
      }),
    );
  }

  get book$(): Observable<CustomerBook> {
    return this.subject.asObservable();
  }

  get book(): CustomerBook {
    return this.subject.value;
  }

  /** Whether the first read of the database is done (before, the book holds what has been read so far). */
  get ready(): boolean {
    return !this.building;
  }

  /** Reads every profile, a batch at a time, then this device's customer facts; resolves when the book is whole. */
  async build(): Promise<void> {
    let after: string | null = null;
    const profiles: CustomerProfile[] = [];
    for (;;) {
      const batch: CustomerProfile[] = await this.read<CustomerProfile>(
        this.db.customers,
        after === null ? { id: { $gte: '' } } : { id: { $gt: after } },
        'id',
      );
      if (this.stopped) return;
      for (const p of batch) if (!this.changedDuringBuild?.has(p.id)) profiles.push(plain(p));
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]!.id;
    }
    // One sort for the whole first read, not one merge per batch.
    for (const p of profiles) this.put(p);
    const fresh = profiles
      .filter((p) => p.mergedInto === null && this.replicated.get(p.id) === p)
      .map((p) => this.entryOf.get(p.id)!)
      .sort(compareEntries);
    ({ live: this.live, entries: this.entries } = mergeSorted(this.entries, fresh, this.replicated));
    const facts = await this.read<Fact>(this.db.facts, { kind: { $in: customerKinds } }, 'id', Number.MAX_SAFE_INTEGER);
    if (this.stopped) return;
    for (const f of facts) if (!this.waiting.has(f.id)) this.noteFact(plain(f));
    this.changedDuringBuild = null;
    this.building = false;
    this.emit();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.subscriptions) s.unsubscribe();
    this.subject.complete();
  }

  /** Straight from the storage: documents as data, not RxDocuments held in the collection's caches. */
  private async read<T>(
    collection: VitrineDatabase['customers'] | VitrineDatabase['facts'],
    selector: MangoQuerySelector<T>,
    sortBy: string,
    limit = this.batchSize,
  ): Promise<T[]> {
    const query = (collection as VitrineDatabase['facts']).find({ selector: selector as never, sort: [{ [sortBy]: 'asc' } as never], limit });
    return (await collection.storageInstance.query(query.getPreparedQuery() as never)).documents as unknown as T[];
  }

  /** Keeps a customer fact only while no replicated profile holds it (its id is in the profile's history). */
  private noteFact(fact: Fact): void {
    if (this.applied.has(fact.id)) this.waiting.delete(fact.id);
    else this.waiting.set(fact.id, fact);
  }

  private put(p: CustomerProfile): void {
    const previous = this.replicated.get(p.id);
    if (previous) this.forget(previous);
    this.replicated.set(p.id, p);
    this.entryOf.set(p.id, customerSearchEntry(p));
    for (const id of p.mergedFrom) this.mergedInto.set(id, p.id);
    for (const e of p.history) {
      this.applied.set(e.id, (this.applied.get(e.id) ?? 0) + 1);
      this.waiting.delete(e.id);
    }
  }

  private forget(p: CustomerProfile): void {
    this.replicated.delete(p.id);
    this.entryOf.delete(p.id);
    for (const id of p.mergedFrom) if (this.mergedInto.get(id) === p.id) this.mergedInto.delete(id);
    for (const e of p.history) {
      const n = (this.applied.get(e.id) ?? 1) - 1;
      if (n <= 0) this.applied.delete(e.id);
      else this.applied.set(e.id, n);
    }
  }

  private applyProfiles(upserts: readonly CustomerProfile[], removed: readonly string[]): void {
    const gone = new Set<string>(removed);
    for (const id of removed) {
      const previous = this.replicated.get(id);
      if (previous) this.forget(previous);
    }
    for (const p of upserts) {
      gone.add(p.id);
      this.put(p);
    }
    // The list without the changed profiles, then the live ones among them merged back in name order (a bulk may
    // hold several events of one profile: only its last version is the one kept).
    const fresh = upserts
      .filter((p) => p.mergedInto === null && this.replicated.get(p.id) === p)
      .map((p) => this.entryOf.get(p.id)!)
      .sort(compareEntries);
    const keptEntries = gone.size === 0 ? this.entries : this.entries.filter((e) => !gone.has(e.id));
    ({ live: this.live, entries: this.entries } = mergeSorted(keptEntries, fresh, this.replicated));
    this.schedule();
  }

  /** Snapshots are coalesced: a bulk of facts and its profiles arriving together make one new book. */
  private schedule(): void {
    if (this.scheduled || this.building) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.stopped) this.emit();
    });
  }

  private emit(): void {
    this.subject.next(this.snapshot());
    if (this.tombstonesSeen) {
      this.tombstonesSeen = false;
      // RxDB's cleanup plugin (and the replication code it brings) loads when there is something to purge.
      void import('./customer-tombstones.js').then(({ purgeCustomerTombstones }) => purgeCustomerTombstones(this.db)).catch(() => undefined);
    }
  }

  /** The book as customer-data.ts's bookOf would make it from the same profiles, facts and lookups. */
  private snapshot(): CustomerBook {
    const facts = [...this.waiting.values()];
    const refused = facts.filter((f) => f.outcome?.status === 'rejected').sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? 1 : -1));
    const pending = pendingCustomerFactIds(facts);
    const unapplied = facts.filter((f) => f.outcome?.status !== 'rejected');
    const lookedUp = this.lookedUp.filter((p) => !this.replicated.has(p.id) && !this.mergedInto.has(p.id));
    if (unapplied.length === 0 && lookedUp.length === 0) return { byId: this.replicated, live: this.live, entries: this.entries, pending, refused };
    // Only the profiles the waiting facts name (and the survivors they point to) are folded.
    const base = new Map<string, CustomerProfile>(lookedUp.map((p) => [p.id, p]));
    for (const f of unapplied) {
      let id: string | null = f.subjectId;
      for (let hops = 0; id && hops < 20; hops++) {
        const p: CustomerProfile | undefined = this.replicated.get(id);
        if (!p) break;
        base.set(p.id, p);
        id = p.mergedInto;
      }
      const survivor = this.mergedInto.get(f.subjectId);
      const p = survivor ? this.replicated.get(survivor) : undefined;
      if (p) base.set(p.id, p);
    }
    const folded = optimisticBook([...base.values()], unapplied);
    const overlay = new Map([...folded].filter(([id, p]) => this.replicated.get(id) !== p));
    if (overlay.size === 0) return { byId: this.replicated, live: this.live, entries: this.entries, pending, refused };
    const fresh = [...overlay.values()]
      .filter((p) => p.mergedInto === null)
      .map(customerSearchEntry)
      .sort(compareEntries);
    const byId = new LayeredMap(this.replicated, overlay);
    const kept = this.entries.filter((e) => !overlay.has(e.id));
    const { live, entries } = mergeSorted(kept, fresh, byId);
    return { byId, live, entries, pending, refused };
  }
}

/** A document as the app's other reads give it (toMutableJSON): without RxDB's own fields. */
function plain<T extends object>(doc: T): T {
  const { _deleted, _attachments, _meta, _rev, ...data } = doc as T & Record<'_deleted' | '_attachments' | '_meta' | '_rev', unknown>;
  return data as T;
}

/** Name order: the folded words of the name, then the id (stable for namesakes). */
const compareEntries = (a: CustomerSearchEntry, b: CustomerSearchEntry) =>
  a.names < b.names ? -1 : a.names > b.names ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Two lists of entries in name order as one, with the profiles they stand for: linear, no sort. */
function mergeSorted(
  a: readonly CustomerSearchEntry[],
  b: readonly CustomerSearchEntry[],
  profiles: ReadonlyMap<string, CustomerProfile>,
): { live: CustomerProfile[]; entries: CustomerSearchEntry[] } {
  const entries: CustomerSearchEntry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) entries[k++] = compareEntries(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) entries[k++] = a[i++]!;
  while (j < b.length) entries[k++] = b[j++]!;
  return { entries, live: entries.map((e) => profiles.get(e.id)!) };
}

/** The replicated profiles with the few this device changed ahead of the server on top, without copying the many. */
class LayeredMap implements ReadonlyMap<string, CustomerProfile> {
  constructor(
    private readonly under: ReadonlyMap<string, CustomerProfile>,
    private readonly over: ReadonlyMap<string, CustomerProfile>,
  ) {}
  get(id: string) {
    return this.over.get(id) ?? this.under.get(id);
  }
  has(id: string) {
    return this.over.has(id) || this.under.has(id);
  }
  get size() {
    let n = this.under.size;
    for (const id of this.over.keys()) if (!this.under.has(id)) n++;
    return n;
  }
  *entries(): MapIterator<[string, CustomerProfile]> {
    for (const entry of this.over) yield entry;
    for (const entry of this.under) if (!this.over.has(entry[0])) yield entry;
  }
  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }
  *values(): MapIterator<CustomerProfile> {
    for (const [, p] of this.entries()) yield p;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  forEach(fn: (value: CustomerProfile, key: string, map: ReadonlyMap<string, CustomerProfile>) => void) {
    for (const [id, p] of this.entries()) fn(p, id, this);
  }
}

const indexes = new WeakMap<VitrineDatabase, CustomerBookIndex>();

/** The one book index of a database, started on first use (the customers screen, the till's attach) and kept for its life. */
export function customerBookIndexOf(db: VitrineDatabase): CustomerBookIndex {
  let index = indexes.get(db);
  if (!index) {
    const created = new CustomerBookIndex(db);
    index = created;
    indexes.set(db, created);
    void created.build();
    db.onClose.push(() => created.stop());
    exposeCustomerBookProbe(db, created);
  }
  return index;
}

import { combineLatest, from, map, of, switchMap, type Observable } from 'rxjs';
import {
  can,
  decidePickupFact,
  isPickupFactKind,
  newId,
  optimisticOrder,
  stillAhead,
  pickupFactKinds,
  stockLevelId,
  type DomainError,
  type Fact,
  type Order,
  type PickupContext,
  type PickupFact,
  type PickupFactKindName,
  type Result,
  type PickupStep,
  type StaffMember,
  type StockLevel,
  verifyPin,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { OPEN_ORDER_STATES, type StoreOrder } from '../orders/store-orders.js';

/**
 * The pickup screens' data: the store's orders as this device's own pending pickup facts make them (the domain's
 * `optimisticOrder`, the same decision the server makes), with the facts themselves so the screen marks what waits
 * for the server and shows what it refused. Facts are read from the `facts` collection by subject (the order id).
 */
const PICKUP_KINDS = Object.keys(pickupFactKinds) as PickupFactKindName[];

/** Devices never hold the server-only fields; the domain's decision reads neither. */
export const asOrder = (o: StoreOrder): Order => ({ ...o, integrationId: '', pickupToken: null });

/** What deciding a pickup fact on the device reads besides the order: staff, product names, levels. */
export interface PickupView {
  staff: ReadonlyMap<string, StaffMember>;
  products: ReadonlyMap<string, { sku: string; name: string; category: string }>;
  levels: ReadonlyMap<string, StockLevel>;
}

export const contextOf = (view: PickupView, at = new Date().toISOString()): PickupContext => ({
  at,
  staff: (id) => view.staff.get(id),
  product: (sku) => view.products.get(sku),
  available: (sku) => view.levels.get(sku)?.available ?? 0,
});

/** The staff of the store, the products and levels of these SKUs, read once (a view is rebuilt when facts change). */
export async function loadView(db: VitrineDatabase, storeId: string, skus: Iterable<string>): Promise<PickupView> {
  const wanted = [...new Set(skus)];
  const [staff, products, levels] = await Promise.all([
    db.staff.find().exec(),
    db.products.findByIds(wanted).exec(),
    db.stock.findByIds(wanted.map((sku) => stockLevelId(storeId, sku))).exec(),
  ]);
  return {
    staff: new Map(staff.map((d) => [d.id, d.toJSON() as StaffMember])),
    products: new Map([...products.values()].map((d) => [d.sku, { sku: d.sku, name: d.name, category: d.category }])),
    levels: new Map([...levels.values()].map((d) => [d.sku, d.toJSON() as StockLevel])),
  };
}

/** SKUs a decision may name: the order's lines, scanned items, substitutes. */
function skusOf(order: Pick<StoreOrder, 'lines'>, facts: readonly Pick<Fact, 'payload'>[]): string[] {
  const skus = order.lines.map((l) => l.sku);
  for (const f of facts) {
    const p = f.payload as { sku?: unknown; substitute?: { sku?: unknown } | null };
    if (typeof p.sku === 'string') skus.push(p.sku);
    if (typeof p.substitute?.sku === 'string') skus.push(p.substitute.sku);
  }
  return skus;
}

/** An order as the pickup screens show it. */
export interface ShownOrder {
  /** The order with this device's pending facts folded on. */
  order: StoreOrder;
  /** The replicated order, as the server last said. */
  server: StoreOrder;
  /** This device's facts of the order still waiting for the server, oldest first. */
  pending: Fact[];
  /** Pending facts the server will refuse as things stand (another device got there first), with the reason. */
  refusedAhead: { factId: string; error: DomainError }[];
  /** This device's facts of the order the server rejected: kept on screen, never dropped. */
  rejected: Fact[];
  view: PickupView;
}

const byId = (a: Fact, b: Fact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const NO_VIEW: PickupView = { staff: new Map(), products: new Map(), levels: new Map() };

/** `detail`: the order's screen, which names products and staff; the queue reads the view only to fold facts. */
async function show(db: VitrineDatabase, storeId: string, order: StoreOrder, facts: Fact[], deviceId: string, detail: boolean): Promise<ShownOrder> {
  const mine = facts.filter((f) => f.deviceId === deviceId && isPickupFactKind(f.kind)).sort(byId);
  const pending = mine.filter((f) => !f.outcome);
  const ahead = mine.filter((f) => stillAhead(f, asOrder(order)));
  const view = detail || ahead.length ? await loadView(db, storeId, skusOf(order, mine)) : NO_VIEW;
  const folded = ahead.length ? optimisticOrder(asOrder(order), ahead, contextOf(view)) : { order: asOrder(order), refused: [] };
  const { integrationId: _i, pickupToken: _t, ...shown } = folded.order;
  return { order: shown, server: order, pending, refusedAhead: folded.refused, rejected: mine.filter((f) => f.outcome?.status === 'rejected'), view };
}

const toOrder = (d: { toMutableJSON(): unknown }) => d.toMutableJSON() as StoreOrder;
const toFact = (d: { toMutableJSON(): unknown }) => d.toMutableJSON() as Fact;

/** One order with its facts, live; null while the order is not on this device. */
export function pickupOrder$(db: VitrineDatabase, storeId: string, deviceId: string, orderId: string): Observable<ShownOrder | null> {
  return combineLatest([db.orders.findOne(orderId).$, db.facts.find({ selector: { subjectId: orderId } }).$]).pipe(
    switchMap(([doc, facts]) => (doc ? from(show(db, storeId, toOrder(doc), facts.map(toFact), deviceId, true)) : of(null))),
  );
}

/**
 * The queue: the store's open pickup orders, plus the orders this device has unsynced facts of (an order handed off
 * offline stays listed, marked, until the server has it) and the ones whose facts it refused today.
 */
export function pickupQueue$(db: VitrineDatabase, storeId: string, deviceId: string): Observable<ShownOrder[]> {
  const open$ = db.orders.find({ selector: { state: { $in: [...OPEN_ORDER_STATES] } } }).$;
  const mine$ = db.facts.find({ selector: { deviceId, kind: { $in: PICKUP_KINDS } } }).$;
  return combineLatest([open$, mine$]).pipe(
    switchMap(async ([open, mineDocs]) => {
      const since = Date.now() - 12 * 3_600_000;
      const recent = mineDocs.map(toFact).filter((f) => !f.outcome || Date.parse(f.outcome.decidedAt) > since);
      const orders = new Map(open.map((d) => [d.id, toOrder(d)]));
      // An accepted fact only folds onto an order still listed (its update may not be here yet); it lists nothing.
      const mine = recent.filter((f) => f.outcome?.status !== 'accepted' || orders.has(f.subjectId));
      const missing = [...new Set(mine.map((f) => f.subjectId))].filter((id) => !orders.has(id));
      if (missing.length) for (const d of (await db.orders.findByIds(missing).exec()).values()) orders.set(d.id, toOrder(d));
      const bySubject = new Map<string, Fact[]>();
      for (const f of mine) bySubject.set(f.subjectId, [...(bySubject.get(f.subjectId) ?? []), f]);
      return Promise.all(
        [...orders.values()]
          .filter((o) => o.fulfilment.type === 'pickup')
          .map((o) => show(db, storeId, o, bySubject.get(o.id) ?? [], deviceId, false)),
      );
    }),
  );
}

/** How many open pickup orders the store has, and how many customers wait: the tab's badge. */
export const pickupCounts$ = (db: VitrineDatabase): Observable<{ open: number; waiting: number }> =>
  db.orders
    .find({ selector: { state: { $in: [...OPEN_ORDER_STATES] } } })
    .$.pipe(map((docs) => ({ open: docs.length, waiting: docs.filter((d) => d.state === 'customer_waiting').length })));

/** The payload of each pickup fact kind, as the kind's schema parses it. */
export type PickupPayloads = { [K in PickupFactKindName]: Extract<PickupFact, { kind: K }>['payload'] };

export interface Recorder {
  db: VitrineDatabase;
  storeId: string;
  deviceId: string;
  staffId: string;
}

/** A pickup fact as this device would record it now (not written). */
export function draftFact<K extends PickupFactKindName>(by: Recorder, kind: K, orderId: string, payload: PickupPayloads[K]): PickupFact {
  return {
    id: newId(),
    kind,
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    createdAtDevice: new Date().toISOString(),
    subjectId: orderId,
    payload: pickupFactKinds[kind].payload.parse(payload),
  } as PickupFact;
}

/**
 * A manager approving a handoff on a photo ID types their staff number and PIN on this device: checked here, offline,
 * against the verifier replicated with the store's staff (the PIN never leaves the device). Answers the manager, or
 * null when the number, the PIN or the role does not fit.
 */
export async function verifyManagerOverride(db: VitrineDatabase, storeId: string, staffNumber: string, pin: string): Promise<StaffMember | null> {
  const doc = await db.staff.findOne({ selector: { storeId, staffNumber: staffNumber.trim() } }).exec();
  const member = doc?.toJSON() as StaffMember | undefined;
  if (!member?.active || !can(member.role, 'pickup.override')) return null;
  return (await verifyPin(pin, member.pinVerifier)) ? member : null;
}

/**
 * Checks a step against the order as this device shows it, with the server's own decision, and writes it durably
 * (the `facts` collection; replication pushes it when it can) only when it would be accepted now: a wrong item or
 * a wrong code is refused on the spot, with the reason, and nothing is recorded.
 */
export async function recordPickupStep(by: Recorder, shown: ShownOrder, fact: PickupFact): Promise<Result<PickupStep>> {
  // The scanned item or the substitute may be new to the view: load it, so a refusal names it.
  const missing = skusOf({ lines: [] }, [fact]).filter((sku) => !shown.view.products.has(sku));
  const view = missing.length ? await loadView(by.db, by.storeId, [...shown.view.products.keys(), ...missing]) : shown.view;
  const decided = decidePickupFact(fact, asOrder(shown.order), contextOf(view));
  if (decided.ok) await by.db.facts.insert(fact as Fact);
  return decided;
}

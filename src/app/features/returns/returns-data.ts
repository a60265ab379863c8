import { map, type Observable } from 'rxjs';
import {
  draftReturn,
  newId,
  normaliseReceiptNumber,
  orderLookupKey,
  returnableOfOrder,
  returnableOfSale,
  returnableOfSaleSummary,
  returnSourceKey,
  systemClock,
  type CustomerProfile,
  type Fact,
  type OrderLookupQuery,
  type RefundMethod,
  type Returnable,
  type ReturnLine,
  type ReturnRecorded,
  type ReturnSource,
  type Sale,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { lookupOrders } from '../../db/order-lookup.js';
import { currentShiftId } from '../shift/current-shift.js';
import { lookupSales } from './sale-lookup.js';

export type FindBy = 'number' | 'email' | 'phone';

export interface FoundPurchases {
  purchases: Returnable[];
  /** Some answers came from what this device looked up earlier (offline): when. */
  savedAt: number | null;
  /** The server could not be reached and nothing was saved: only this store's sales were searched. */
  offline: boolean;
}

export interface FindContext {
  db: VitrineDatabase;
  storeId: string;
  baseUrl: string;
  token: string;
}

/**
 * Finds what the customer bought: this store's sales from the device's replica (by receipt number, or by the
 * customer's email or phone through the store's customer book), and online orders and other stores' sales through
 * the server's lookups (kept on the device 24 hours). Offline, the replica and the saved lookups answer.
 */
export async function findPurchases(ctx: FindContext, by: FindBy, typed: string): Promise<FoundPurchases> {
  const value = typed.trim();
  const local = (await localSales(ctx, by, value)).map(returnableOfSale);
  let savedAt: number | null = null;
  let offline = false;
  const remote: Returnable[] = [];
  const options = { baseUrl: ctx.baseUrl, token: ctx.token };
  const tries: Promise<void>[] = [];
  const query: OrderLookupQuery = { [by]: value };
  tries.push(
    lookupOrders(ctx.db, query, options).then((answer) => {
      if (answer.source === 'saved') savedAt = answer.fetchedAt;
      remote.push(...answer.orders.map(returnableOfOrder));
    }),
  );
  // By number, only when this store has no such receipt; by email or phone always: other stores sold to them too.
  if (by !== 'number' || local.length === 0) {
    const asked = by === 'number' ? { receiptNumber: value } : by === 'email' ? { email: value } : { phone: value };
    tries.push(
      lookupSales(ctx.db, asked, options).then((answer) => {
        if (answer.source === 'saved') savedAt = answer.fetchedAt;
        remote.push(...answer.sales.map(returnableOfSaleSummary));
      }),
    );
  }
  for (const result of await Promise.allSettled(tries)) {
    if (result.status === 'rejected') {
      if (isNetworkUnreachable(result.reason)) offline = true;
      else if (local.length === 0 && remote.length === 0) throw result.reason;
    }
  }
  const seen = new Set(local.map((p) => returnSourceKey(p.source)));
  return { purchases: [...local, ...remote.filter((p) => !seen.has(returnSourceKey(p.source)))], savedAt, offline };
}

async function localSales({ db, storeId }: FindContext, by: FindBy, value: string): Promise<Sale[]> {
  if (by === 'number') {
    const number = normaliseReceiptNumber(value);
    const docs = await db.sales.find({ selector: { storeId, receiptNumber: number } }).exec();
    return docs.map((d) => d.toJSON() as Sale).filter((s) => s.outcome?.status !== 'rejected');
  }
  const key = by === 'email' ? orderLookupKey.email(value) : orderLookupKey.phone(value);
  const customers = (await db.customers.find().exec())
    .map((d) => d.toJSON() as CustomerProfile)
    .filter((c) => (by === 'email' ? c.email === key : c.phone !== null && key.length >= 8 && orderLookupKey.phone(c.phone).endsWith(key.slice(-8))));
  if (customers.length === 0) return [];
  const docs = await db.sales.find({ selector: { storeId, customerId: { $in: customers.map((c) => c.id) } } }).exec();
  return docs
    .map((d) => d.toJSON() as Sale)
    .filter((s) => s.outcome?.status !== 'rejected')
    .sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? 1 : -1));
}

const sameSource = (a: ReturnSource, b: ReturnSource) => returnSourceKey(a) === returnSourceKey(b);

/** This store's returns on the device (any of its tills', and this till's unsynced ones), newest first, live. */
export function storeReturns$(db: VitrineDatabase): Observable<ReturnRecorded[]> {
  return db.facts
    .find({ selector: { kind: 'return.recorded' } })
    .$.pipe(map((docs) => docs.map((d) => d.toJSON() as unknown as ReturnRecorded).sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? 1 : -1))));
}

/**
 * Units of each line already taken back: what the purchase's source says (the server's count for a lookup) or what
 * this store's returns on the device add up to (its unsynced ones included), whichever is more.
 */
export function returnedUnitsOf(purchase: Returnable, returns: readonly ReturnRecorded[]): Map<number, number> {
  const mine = new Map<number, number>();
  for (const r of returns) {
    if (r.outcome?.status === 'rejected' || !sameSource(r.payload.source, purchase.source)) continue;
    for (const l of r.payload.lines) mine.set(l.lineNo, (mine.get(l.lineNo) ?? 0) + l.quantity);
  }
  return new Map(purchase.lines.map((l) => [l.lineNo, Math.max(l.returned, mine.get(l.lineNo) ?? 0)]));
}

export interface ReturnRecorder {
  db: VitrineDatabase;
  storeId: string;
  deviceId: string;
  staffId: string;
}

export interface ReturnInput {
  purchase: Returnable;
  lines: ReturnLine[];
  returnedBefore: ReadonlyMap<number, number>;
  method: RefundMethod;
  approval: { managerId: string; reason: string } | null;
}

/**
 * Records the return on this device as a `return.recorded` fact (it syncs when it can), with the refund computed as
 * the server will, and the register shift open on this till so its Z report counts it. Throws field errors (a line
 * without a reason) before anything is written.
 */
export async function recordReturn(by: ReturnRecorder, input: ReturnInput): Promise<ReturnRecorded> {
  const { purchase } = input;
  const fact = draftReturn({
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    source: purchase.source,
    lines: input.lines,
    priced: purchase.lines.map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total })),
    paidBy: purchase.paidBy,
    returnedBefore: input.returnedBefore,
    method: input.method,
    approvedBy: input.approval?.managerId ?? null,
    approvalReason: input.approval?.reason.trim() || null,
    customerId: purchase.customerId,
    shiftId: await currentShiftId(by.db),
    // Another store's sale taken back offline has no lookup behind it: its verified proof stands for one.
    ...(purchase.proof ? { proof: purchase.proof } : {}),
    newId,
    clock: systemClock,
  });
  await by.db.facts.insert(fact as unknown as Fact);
  recorded.set(fact.id, purchase);
  return fact;
}

/** The purchases of returns recorded on this screen since the app opened: the receipt names their number and items. */
const recorded = new Map<string, Returnable>();
export const purchaseOfRecorded = (returnId: string): Returnable | undefined => recorded.get(returnId);

/** What a refused return's conflict message names: who took the units first, where and when (the server's words). */
export interface ReturnConflict {
  associateId: string | null;
  storeId: string | null;
  deviceId: string | null;
  at: string | null;
}

/** Reads the earlier return out of an over-return refusal ("… already returned by X at store S on device D, T (…"). */
export function conflictOf(message: string | null | undefined): ReturnConflict | null {
  const match = /already returned by (\S+) at store (\S+) on device (\S+), (\S+) \(return/.exec(message ?? '');
  return match ? { associateId: match[1]!, storeId: match[2]!, deviceId: match[3]!, at: match[4]! } : null;
}

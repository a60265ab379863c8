import { combineLatest, firstValueFrom, map, type Observable } from 'rxjs';
import {
  foldTransfers,
  isOpenTransfer,
  newId,
  transferFactKinds,
  type Fact,
  type StockLevel,
  type Transfer,
  type TransferRequestPayload,
} from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { optimisticStockLevels$ } from '../../db/optimistic-stock.js';

/** Every kind a transfer's history is made of (the server's `hold.expired` included). */
export const TRANSFER_KINDS = [...Object.keys(transferFactKinds), 'hold.expired'];

/** Who records a step on this device. */
export interface TransferRecorder {
  db: VitrineDatabase;
  storeId: string;
  deviceId: string;
  staffId: string;
}

/**
 * Every hold and transfer this device knows (its store's requests and those asked of it: the facts of both stores
 * replicate to both), folded with the domain's table, this device's pending steps on top. Open ones first, then the
 * newest.
 */
export function transfers$(db: VitrineDatabase): Observable<Transfer[]> {
  return db.facts
    .find({ selector: { kind: { $in: TRANSFER_KINDS } } })
    .$.pipe(
      map((docs) =>
        foldTransfers(docs.map((d) => d.toMutableJSON() as Fact)).sort(
          (a, b) => Number(isOpenTransfer(b.state)) - Number(isOpenTransfer(a.state)) || b.requestedAt.localeCompare(a.requestedAt),
        ),
      ),
    );
}

/** Transfers waiting for this store: requests to accept or decline, and parcels in transit to it to scan in. */
export const needsThisStore = (t: Transfer, storeId: string) =>
  (t.fromStoreId === storeId && t.state === 'requested') || (t.requestingStoreId === storeId && t.state === 'in_transit');

export const waitingCount$ = (db: VitrineDatabase, storeId: string): Observable<number> =>
  transfers$(db).pipe(map((list) => list.filter((t) => needsThisStore(t, storeId)).length));

/** The open transfers of one SKU this store asked for (the other-stores panel shows them on each store's row). */
export const openTransfersOfSku$ = (db: VitrineDatabase, storeId: string, sku: string): Observable<Transfer[]> =>
  transfers$(db).pipe(
    map((list) => list.filter((t) => t.sku === sku && isOpenTransfer(t.state) && (t.requestingStoreId === storeId || t.fromStoreId === storeId))),
  );

/** Writes a fact durably on the device (replication pushes it when it can); its payload parsed by its kind. */
async function record(
  by: TransferRecorder,
  kind: keyof typeof transferFactKinds,
  subjectId: string | null,
  payload: Record<string, unknown>,
): Promise<Fact> {
  const id = newId();
  const fact: Fact = {
    id,
    kind,
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    createdAtDevice: new Date().toISOString(),
    subjectId: subjectId ?? id,
    payload: transferFactKinds[kind].payload.parse(payload) as Record<string, unknown>,
  };
  await by.db.facts.insert(fact);
  return fact;
}

/** Asks another store to hold or send units: the request's id is the transfer's. */
export const requestTransfer = (by: TransferRecorder, request: TransferRequestPayload) => record(by, 'transfer.requested', null, request);

export type TransferStepKind = Exclude<keyof typeof transferFactKinds, 'transfer.requested'>;

/**
 * Records a step of a transfer, naming the other store, the SKU and the quantity as the request has them. Accepting
 * records what this device shows as available, so a hold beyond it is flagged to both stores.
 */
export async function recordTransferStep(
  by: TransferRecorder,
  transfer: Transfer,
  kind: TransferStepKind,
  extra: Record<string, unknown> = {},
): Promise<Fact> {
  const peerStoreId = by.storeId === transfer.fromStoreId ? transfer.requestingStoreId : transfer.fromStoreId;
  const base = { peerStoreId, sku: transfer.sku, quantity: transfer.quantity };
  if (kind === 'transfer.accepted') {
    const level = await availableHere(by.db, by.storeId, transfer.sku);
    return record(by, kind, transfer.id, { ...base, holdUntil: transfer.holdUntil, availableSeen: level?.available ?? 0, ...extra });
  }
  return record(by, kind, transfer.id, { ...base, ...extra });
}

/** This store's level of a SKU as the device shows it now (its own pending facts included). */
export const availableHere = async (db: VitrineDatabase, storeId: string, sku: string): Promise<StockLevel | undefined> =>
  (await firstValueFrom(optimisticStockLevels$(db, storeId, [sku]))).get(sku);

/** Product names of the SKUs shown, by SKU, with their barcodes (a received parcel is scanned). */
export const productsOf$ = (db: VitrineDatabase, skus: readonly string[]): Observable<Map<string, { name: string; barcode: string | null }>> =>
  db.products
    .findByIds([...skus])
    .$.pipe(map((docs) => new Map([...docs.values()].map((d) => [d.sku, { name: d.name, barcode: d.barcode ?? null }]))));

/**
 * Levels of this store that went below zero (two offline sales of the last unit), offered for a count, with the
 * counts this device already sent for them and the server has not decided yet.
 */
export function belowZero$(db: VitrineDatabase, storeId: string): Observable<{ levels: StockLevel[]; pendingCounts: Set<string> }> {
  return combineLatest([db.stock.find({ selector: { storeId, belowZero: true } }).$, db.facts.find({ selector: { kind: 'stock.count' } }).$]).pipe(
    map(([levels, counts]) => ({
      levels: levels.map((d) => d.toMutableJSON() as StockLevel).sort((a, b) => a.available - b.available || a.sku.localeCompare(b.sku)),
      pendingCounts: new Set(counts.filter((c) => !c.outcome).map((c) => c.subjectId)),
    })),
  );
}

/** A count of a SKU (`stock.count`): the server records counted − on hand as an adjustment. */
export async function recordCount(by: TransferRecorder, sku: string, counted: number): Promise<void> {
  const id = newId();
  await by.db.facts.insert({
    id,
    kind: 'stock.count',
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    createdAtDevice: new Date().toISOString(),
    subjectId: sku,
    payload: { counted },
  });
}

import type { Clock } from '../../src/domain/index.js';
import type { Sale } from '../../src/domain/index.js';
import type { DeviceRecord, StoreTx } from '../store/store.js';
import { applySales, authorizeSales, type ApplyResult } from './sales.js';

/** One validated row of a push body. */
export interface PushRow<Doc> {
  assumedMasterState?: Doc | null | undefined;
  newDocumentState: Doc;
}

/**
 * How a fact collection's pushes are authorized (before any write, whole batch) and applied (inside one
 * transaction). A collection devices may write must have an entry here.
 */
export interface PushPolicy<Doc> {
  authorize(rows: readonly PushRow<Doc>[], device: DeviceRecord): void;
  apply(tx: StoreTx, rows: readonly PushRow<Doc>[], device: DeviceRecord, clock: Clock): Promise<ApplyResult>;
}

export const pushPolicies: Record<string, PushPolicy<never> | undefined> = {
  sales: { authorize: authorizeSales, apply: applySales } satisfies PushPolicy<Sale> as PushPolicy<never>,
};

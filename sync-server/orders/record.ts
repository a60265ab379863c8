import type { IdGenerator, Order, StockMovement } from '../../src/domain/index.js';
import { applyMovements } from '../ledger/apply-movements.js';
import { enqueueEvents, type EventDraft } from '../outbox/enqueue.js';
import type { StoreTx } from '../store/store.js';
import { orderWrite } from './documents.js';

/**
 * Writes what an integration's order became, in the caller's transaction: its stock movements (through
 * applyMovements), the order document and the event telling the integration, so all commit together or not at all.
 */
export async function recordOrderChange(
  tx: StoreTx,
  order: Order,
  movements: readonly StockMovement[],
  event: Pick<EventDraft, 'integrationId' | 'type' | 'payload'>,
  { at, newId }: { at: string; newId: IdGenerator },
): Promise<void> {
  await applyMovements(tx, movements);
  await tx.putDocuments([orderWrite(order)]);
  await enqueueEvents(tx, [{ ...event, aggregateType: 'order', aggregateId: order.id }], { at: new Date(at), newId });
}

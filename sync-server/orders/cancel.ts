import { cancelOrder, orderCancelledPayload, type Clock, type Integration, type IdGenerator, type Order } from '../../src/domain/index.js';
import { assertMayServeStore } from '../integrations/require-integration.js';
import { applyMovements } from '../ledger/apply-movements.js';
import { enqueueEvents } from '../outbox/enqueue.js';
import type { StoreTx } from '../store/store.js';
import { integrationOrder, orderWrite } from './documents.js';

/**
 * Cancels an integration's order inside the caller's transaction: the cancelled order, the release of its
 * reservations and the `order.cancelled` event commit together. Cancelling a cancelled order writes nothing.
 */
export async function cancelIntegrationOrder(
  tx: StoreTx,
  integration: Integration,
  id: string,
  { clock, newId }: { clock: Clock; newId: IdGenerator },
): Promise<Order> {
  const before = await integrationOrder(tx, integration.id, id);
  if (before.storeId !== null) assertMayServeStore(integration, before.storeId, 'storeId');
  const at = clock().toISOString();
  const cancelled = cancelOrder(before, at);
  if (!cancelled.ok) throw cancelled.error;
  const { order, movements, changed } = cancelled.value;
  if (!changed) return order;
  await applyMovements(tx, movements);
  await tx.putDocuments([orderWrite(order)]);
  await enqueueEvents(
    tx,
    [
      {
        integrationId: integration.id,
        aggregateType: 'order',
        aggregateId: order.id,
        type: 'order.cancelled',
        payload: orderCancelledPayload(before, order),
      },
    ],
    { at: new Date(at), newId },
  );
  return order;
}

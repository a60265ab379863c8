import { cancelOrder, orderCancelledPayload, type Clock, type Integration, type IdGenerator, type Order } from '../../src/domain/index.js';
import { assertMayServeStore } from '../integrations/require-integration.js';
import type { StoreTx } from '../store/store.js';
import { integrationOrder } from './documents.js';
import { recordOrderChange } from './record.js';

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
  await recordOrderChange(
    tx,
    order,
    movements,
    { integrationId: integration.id, type: 'order.cancelled', payload: orderCancelledPayload(before, order) },
    { at, newId },
  );
  return order;
}

import type { Clock, IdGenerator, Order } from '../../../src/domain/index.js';
import { arriveOrder } from '../../../src/domain/pickup/decide.js';
import { firstNameOf, type ArrivalRequest } from '../../../src/domain/pickup/customer-page.js';
import type { Logger } from '../../logger.js';
import { orderWrite } from '../../orders/documents.js';
import { enqueueEvents } from '../../outbox/enqueue.js';
import { enqueueArrivalAlerts } from '../../push/arrival-alert.js';
import type { SyncStore } from '../../store/store.js';
import { findOrderByPickupToken } from '../token.js';

/**
 * "I'm here" from the customer's page: the `arrive` transition of the pickup table applied to the order the token
 * opens, in one transaction with its `order.customer_arrived` event and the alerts to the store's pickup phones. The
 * order document's change reaches the store's devices through the sync stream like any write. Pressing it again
 * (or the geofence firing after the button) finds the arrival recorded and writes nothing. Answers the order as it
 * now is, or undefined when the token opens none (404).
 */
export async function recordCustomerArrival(
  store: SyncStore,
  token: string,
  request: ArrivalRequest,
  { clock, newId, logger }: { clock: Clock; newId: IdGenerator; logger: Logger },
): Promise<Order | undefined> {
  const { order, arrived } = await store.transaction(async (tx) => {
    const now = clock();
    const before = await findOrderByPickupToken(tx, token, now);
    if (!before) return { order: undefined, arrived: false };
    const at = now.toISOString();
    const where = before.fulfilment.type === 'pickup' ? before.fulfilment.mode : 'counter';
    const step = arriveOrder(before, { where, note: request.note }, at);
    if (!step.ok) throw step.error;
    if (!step.value.changed) return { order: before, arrived: false };
    const after = step.value.order;
    await tx.putDocuments([orderWrite(after)]);
    await enqueueEvents(tx, step.value.events, { at: now, newId });
    const storeSettings = await tx.getStore(after.storeId!);
    await enqueueArrivalAlerts(
      tx,
      {
        orderId: after.id,
        number: after.number,
        storeId: after.storeId!,
        locale: storeSettings?.locale,
        customerFirstName: firstNameOf(after.customer.name),
        where,
        note: request.note,
        at,
      },
      { newId },
    );
    return { order: after, arrived: true };
  });
  if (arrived) logger.info('customer arrived', { orderId: order!.id, storeId: order!.storeId, source: request.source });
  return order;
}

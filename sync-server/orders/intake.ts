import {
  acceptOrder,
  orderProofSummary,
  DomainError,
  ErrorCode,
  orderAcceptedPayload,
  reservationLevelIds,
  reserveOrder,
  type Clock,
  type IdGenerator,
  type Integration,
  type Order,
  type OrderIntake,
  type Product,
  type StockLevel,
} from '../../src/domain/index.js';
import { assertMayServeStore } from '../integrations/require-integration.js';
import type { StoreTx, SyncStore } from '../store/store.js';
import { signServerProofNow } from '../proof/server-keys.js';
import { matchOrderCustomerAtIntake } from '../customers/intake.js';
import { ordersByKey } from './documents.js';
import { recordOrderChange } from './record.js';

export interface IntakeDeps {
  clock: Clock;
  newId: IdGenerator;
}

/**
 * Takes in a validated order for an integration inside the caller's transaction: the order document, its
 * reservation movements at the pickup store (through applyMovements, so `reserved` rises and `available` falls) and
 * the `order.accepted` event commit together or not at all. Used by POST /api/orders and by the demo seed.
 */
export async function intakeOrder(tx: StoreTx, integration: Integration, intake: OrderIntake, { clock, newId }: IntakeDeps): Promise<Order> {
  const { fulfilment } = intake;
  if (fulfilment.type === 'pickup') assertMayServeStore(integration, fulfilment.storeId, 'fulfilment.storeId');
  const taken = (await ordersByKey(tx, 'number', intake.number)).find((o) => o.integrationId === integration.id);
  if (taken) {
    const message = `order number ${intake.number} was already taken in as order ${taken.id}`;
    throw new DomainError(ErrorCode.ORDER_NUMBER_TAKEN, message, [{ path: 'number', message }]);
  }
  const skus = [...new Set(intake.lines.map((l) => l.sku))];
  const products = (await tx.getDocuments('products', skus)).filter((d) => !d.deleted).map((d) => JSON.parse(d.body) as Product);
  const at = clock().toISOString();
  const decided = acceptOrder(intake, {
    id: newId(),
    integrationId: integration.id,
    at,
    productsBySku: new Map(products.map((p) => [p.sku, p])),
    pickupStore: fulfilment.type === 'pickup' ? await tx.getStore(fulfilment.storeId) : undefined,
  });
  if (!decided.ok) throw decided.error;
  const levels = await tx.getDocuments('stock', reservationLevelIds(decided.value));
  const { order, movements } = reserveOrder(decided.value, new Map(levels.map((d) => [d.id, JSON.parse(d.body) as StockLevel])));
  await recordOrderChange(
    tx,
    order,
    movements,
    { integrationId: integration.id, type: 'order.accepted', payload: orderAcceptedPayload(order) },
    { at, newId },
  );
  await matchOrderCustomerAtIntake(tx, order, { at, newId });
  return order;
}

/**
 * The order's proof of purchase signed by the server, for the intake answer (the platform's confirmation QR). The
 * signing key must be loaded (warmServerProofKey) before the transaction that takes the order in.
 */
export function orderProof(store: SyncStore, order: Order): { text: string; kid: string; summary: ReturnType<typeof orderProofSummary> } {
  const summary = orderProofSummary(order);
  const text = signServerProofNow(store, summary);
  if (text === null) throw new DomainError(ErrorCode.INTERNAL, 'the proof-of-purchase key is not loaded');
  return { text, kid: text.split('.')[1]!, summary };
}

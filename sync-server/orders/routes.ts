import { Hono } from 'hono';
import { z } from 'zod';
import { ID_MAX_LENGTH, OrderIntakeSchema, OrderNumberSchema, ProofSummarySchema } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { answerIdempotently } from '../integrations/idempotency.js';
import { requireIntegration, type IntegrationEnv } from '../integrations/require-integration.js';
import { defineRoute, failure, named, ok } from '../http/route.js';
import { cancelIntegrationOrder } from './cancel.js';
import { ApiOrderSchema, integrationOrder, ordersByKey, toApiOrder } from './documents.js';
import { orderRequestExample } from './example.js';
import { intakeOrder, orderProof } from './intake.js';
import { warmServerProofKey } from '../proof/server-keys.js';

/** 200 lines of long SKUs and names fit well under this. */
const ORDER_BODY_MAX_BYTES = 256 * 1024;

const integrationFailures = {
  401: failure('UNAUTHENTICATED: no, unknown or revoked API key'),
  403: failure('FORBIDDEN: a device token, a key without the scope, or a key that may not serve the pickup store'),
};
const OrderIdParams = z.object({ id: z.string().min(1).max(ID_MAX_LENGTH) });
const orderAnswer = named('Order', ApiOrderSchema);
/**
 * The intake answer also carries the order's proof of purchase, signed by the server: the platform shows `proof.text`
 * as a QR on its confirmation, and any store's till verifies it offline for a return.
 */
const ProofOfPurchaseSchema = named(
  'ProofOfPurchase',
  z.object({
    text: z.string().describe('the QR code text: VP1.<kid>.<signature>.<summary>'),
    kid: z.string().describe('the server key that signed it (GET the `keys` collection to verify)'),
    summary: ProofSummarySchema,
  }),
);
const createdOrderAnswer = named('CreatedOrder', ApiOrderSchema.extend({ proof: ProofOfPurchaseSchema }));

/**
 * The order API of e-commerce integrations (API keys, never device tokens):
 *   POST /api/orders               (orders:write, Idempotency-Key) → 201 the order, reserved at its pickup store
 *   POST /api/orders/{id}/cancel   (orders:write, Idempotency-Key) → 200 the cancelled order, reservations released
 *   GET  /api/orders/{id}          (orders:read)                   → 200 the order
 *   GET  /api/orders?number=…      (orders:read)                   → 200 {orders: [...]} (none or one)
 * POSTs commit their effect, their event and their answer in one transaction, so a retry after a timeout or a crash
 * gets the same answer and never a second order.
 */
export function orderRoutes(deps: ResolvedDeps): Hono<IntegrationEnv> {
  const routes = new Hono<IntegrationEnv>();
  const ids = { clock: deps.clock, newId: deps.newId };

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/orders',
      operationId: 'createOrder',
      summary: 'Take in an online order',
      description:
        "The platform owns prices and coupons: the server checks that each line and the totals add up (within 1 minor unit per line) and never re-prices. A pickup order reserves its lines at the pickup store in the same transaction; a line the store cannot cover reserves what is available and records the shortfall (the order is never refused for stock). The order replicates to the pickup store's devices and `order.accepted` is sent to the integration's webhook. Send an `Idempotency-Key` and reuse it when retrying.",
      tags: ['orders'],
      auth: { integration: 'orders:write' },
      middleware: [requireIntegration(deps.store, 'orders:write')],
      body: named('OrderRequest', OrderIntakeSchema),
      bodyExample: orderRequestExample,
      bodyMaxBytes: ORDER_BODY_MAX_BYTES,
      responses: {
        201: {
          ...ok('the order as taken in, with its server `id` and its signed proof of purchase', createdOrderAnswer),
          headers: {
            'Idempotent-Replayed': {
              description: 'true when this is the stored answer to an earlier request with the same key',
              schema: { type: 'string' },
            },
          },
        },
        ...integrationFailures,
        409: failure('IDEMPOTENCY_KEY_REUSED: the key was used for another request; ORDER_NUMBER_TAKEN: the number was already taken in'),
        422: failure(
          'ORDER_TOTALS_MISMATCH (fieldErrors name each figure and what it should be), ORDER_UNKNOWN_SKU, ORDER_UNKNOWN_STORE, ORDER_CURRENCY_MISMATCH',
        ),
      },
    },
    async (c, { body }) => {
      // The signing key is loaded before the transaction: making it at first use takes a transaction of its own.
      await warmServerProofKey(deps.store, deps.clock);
      return answerIdempotently(
        c,
        deps.store,
        body,
        async (tx) => {
          const order = await intakeOrder(tx, c.get('integration'), body, ids);
          return { status: 201, body: { ...toApiOrder(order), proof: orderProof(deps.store, order) } };
        },
        {
          at: deps.clock(),
        },
      );
    },
  );

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/orders/:id/cancel',
      operationId: 'cancelOrder',
      summary: 'Cancel an order not yet collected',
      description:
        'Releases what the order holds at its pickup store and sends `order.cancelled`. Cancelling a cancelled order answers it unchanged. Send an `Idempotency-Key`.',
      tags: ['orders'],
      auth: { integration: 'orders:write' },
      middleware: [requireIntegration(deps.store, 'orders:write')],
      params: OrderIdParams,
      responses: {
        200: ok('the cancelled order', orderAnswer),
        ...integrationFailures,
        404: failure('NOT_FOUND: no such order of this integration'),
        409: failure(
          'ORDER_ALREADY_COLLECTED: the customer collected (some of) it, it can only be returned; ORDER_NOT_CANCELLABLE: shipped or expired; IDEMPOTENCY_KEY_REUSED',
        ),
      },
    },
    async (c, { params }) =>
      answerIdempotently(
        c,
        deps.store,
        { cancel: params.id },
        async (tx) => ({ status: 200, body: toApiOrder(await cancelIntegrationOrder(tx, c.get('integration'), params.id, ids)) }),
        {
          at: deps.clock(),
        },
      ),
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/orders/:id',
      operationId: 'getOrder',
      summary: 'An order of this integration',
      tags: ['orders'],
      auth: { integration: 'orders:read' },
      middleware: [requireIntegration(deps.store, 'orders:read')],
      params: OrderIdParams,
      responses: { 200: ok('the order', orderAnswer), ...integrationFailures, 404: failure('NOT_FOUND: no such order of this integration') },
    },
    async (c, { params }) => c.json(toApiOrder(await integrationOrder(deps.store, c.get('integration').id, params.id))),
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/orders',
      operationId: 'findOrders',
      summary: "This integration's order with a number",
      tags: ['orders'],
      auth: { integration: 'orders:read' },
      middleware: [requireIntegration(deps.store, 'orders:read')],
      query: z.object({ number: OrderNumberSchema }),
      responses: { 200: ok('the order with that number, if any', z.object({ orders: z.array(orderAnswer) })), ...integrationFailures },
    },
    async (c, { query }) => {
      const integrationId = c.get('integration').id;
      const orders = (await ordersByKey(deps.store, 'number', query.number)).filter((o) => o.integrationId === integrationId);
      return c.json({ orders: orders.map(toApiOrder) });
    },
  );

  return routes;
}

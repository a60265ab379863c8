import { z } from 'zod';

/**
 * Events the server posts to an integration's webhook. Each concerns one aggregate (an order) and carries its
 * sequence number within that aggregate (1, 2, …): a receiver applies them in sequence order, and the server never
 * posts an aggregate's event before the previous one was acknowledged. Later issues add types here.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.accepted',
  'order.cancelled',
  // Pickup (src/domain/pickup): staff transitions, the customer's arrival, the expiry job.
  'order.picking',
  'order.short',
  'order.substituted',
  'order.ready',
  'order.customer_arrived',
  'order.collected',
  'order.partially_collected',
  'order.expired',
  // A customer erased at their request (LGPD/GDPR): the platform erases its copy too. Data: the customer's ids only.
  'customer.erased',
  // Returns (src/domain/return): an online order returned in a store, refunded by the platform to its payment.
  'order.refund_requested',
] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

export const AGGREGATE_TYPES = ['order', 'customer'] as const;
export const AggregateTypeSchema = z.enum(AGGREGATE_TYPES);
export type AggregateType = z.infer<typeof AggregateTypeSchema>;

/** The JSON body of a webhook delivery. `data` is the event's payload (for order events: the order). */
export const WebhookEventSchema = z.object({
  id: z.string().describe('Event id; the same on every delivery attempt of the event (deduplicate by it).'),
  type: WebhookEventTypeSchema,
  occurredAt: z.string().describe('When the change was committed (ISO 8601, server clock).'),
  aggregateType: AggregateTypeSchema,
  aggregateId: z.string(),
  sequence: z.number().int().positive().describe("The event's position among its aggregate's events, from 1."),
  data: z.unknown(),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

import { Hono } from 'hono';
import { z } from 'zod';
import {
  accepted,
  RETURN_LOOKED_UP,
  returnedUnits,
  returnSourceKey,
  SaleLookupQuerySchema,
  SaleSummarySchema,
  saleLookupKey,
  toSaleSummary,
  type Fact,
  type ReturnRecorded,
  type Sale,
  type SaleLookupQuery,
  countryOf,
  customerKey,
  normalisePhone,
  type CustomerProfile,
} from '../../src/domain/index.js';
import type { StoredDocument, StoreTx } from '../store/store.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { createRateLimiter, RateLimitedError, type RateLimit } from '../http/rate-limit.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';

/** The same pace as the order lookup: a counter answers a few customers a minute. */
export const SALE_LOOKUPS_PER_DEVICE: RateLimit = { limit: 30, windowMs: 60_000 };

/**
 * GET /api/lookup/sales?receiptNumber=…|email=…|phone=… (device token): a device of ANY store finds a sale of the chain
 * by the number on its receipt, or the sales of the customer an email or phone finds, for a return, and gets only
 * what a return needs (SaleSummary: lines with what came back already,
 * what each tender kind paid). A device asking about another store's sale leaves an audit fact `return.looked-up`
 * (its store, device, the sale; found by the sale's `returnSource` key): the server accepts a return of another
 * store's sale only from a store that looked it up. Rate limited per device and logged without the typed value.
 */
export function saleLookupRoutes(deps: ResolvedDeps, limit: RateLimit = SALE_LOOKUPS_PER_DEVICE): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const perDevice = createRateLimiter('saleLookupPerDevice', limit, deps.store, deps.clock);

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/lookup/sales',
      operationId: 'lookupSales',
      summary: "Find a sale of the chain by its receipt number, or a customer's sales by their email or phone (for returns)",
      description:
        'Answers the accepted sale with that receipt number, if any: its lines with units already returned and what each tender kind paid, without customer, card or Pix details. Looking up another store’s sale is recorded and allows this store to take it back.',
      tags: ['returns'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      query: SaleLookupQuerySchema,
      responses: {
        200: ok(
          'the sales found (by receipt number 0 or 1; by email or phone the customer’s newest 20)',
          z.object({ sales: z.array(named('SaleSummary', SaleSummarySchema)) }),
        ),
        400: failure('VALIDATION_FAILED: not exactly one of receiptNumber, email, phone'),
        ...deviceFailures,
        429: rateLimited('RATE_LIMITED: too many lookups from this device'),
      },
    },
    async (c, { query }) => {
      const device = c.get('device');
      const decision = await perDevice.hit(device.id);
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'sale lookups from this device');
      const at = deps.clock().toISOString();
      const summaries = await deps.store.transaction(async (tx) => {
        const sales = await salesFound(tx, query, device.storeId);
        const answered = [];
        const audits: Fact[] = [];
        for (const sale of sales) {
          const source = { kind: 'sale', saleId: sale.id } as const;
          const facts = (await tx.findByKey('facts', 'returnSource', returnSourceKey(source))).map((d) => JSON.parse(d.body) as Fact);
          const returns = facts.filter((f) => f.kind === 'return.recorded' && f.outcome?.status === 'accepted') as unknown as ReturnRecorded[];
          const summary = toSaleSummary(sale, returnedUnits(returns));
          if (!summary) continue;
          answered.push(summary);
          const seen = facts.some((f) => f.kind === RETURN_LOOKED_UP && f.storeId === device.storeId);
          if (sale.storeId !== device.storeId && !seen) {
            audits.push({
              id: deps.newId(),
              kind: RETURN_LOOKED_UP,
              storeId: device.storeId,
              deviceId: device.id,
              associateId: device.id.slice(0, 40),
              createdAtDevice: at,
              subjectId: sale.id,
              payload: { source },
              outcome: accepted(at),
            });
          }
        }
        if (audits.length > 0) await tx.putDocuments(audits.map((f) => ({ collection: 'facts', id: f.id, storeId: f.storeId, body: f })));
        return answered;
      });
      deps.logger.info('sale lookup', { deviceId: device.id, storeId: device.storeId, found: summaries.map((s) => s.receiptNumber) });
      return c.json({ sales: summaries });
    },
  );

  return routes;
}

/** A customer's sales answered at most (newest first): a lookup by email or phone is for what they bring back. */
export const SALES_PER_CUSTOMER_LOOKUP = 20;

/**
 * The sales a query names: by receipt number, or every sale of the customer an email or phone finds (their merged
 * ids too), newest first.
 */
async function salesFound(tx: StoreTx, query: SaleLookupQuery, storeId: string): Promise<Sale[]> {
  const live = (docs: readonly StoredDocument[]) => docs.filter((d) => !d.deleted).map((d) => JSON.parse(d.body) as Sale);
  if (query.receiptNumber !== undefined) return live(await tx.findByKey('sales', 'receiptNumber', saleLookupKey.receiptNumber(query.receiptNumber)));
  const store = await tx.getStore(storeId);
  const phone = query.phone !== undefined ? normalisePhone(query.phone, store ? countryOf(store) : null) : null;
  const found =
    query.email !== undefined
      ? await tx.findByKey('customers', 'email', customerKey.email(query.email))
      : phone
        ? await tx.findByKey('customers', 'phone', customerKey.phone(phone))
        : [];
  const profiles = found.filter((d) => !d.deleted).map((d) => JSON.parse(d.body) as CustomerProfile);
  const ids = profiles.flatMap((p) => [p.id, ...p.mergedFrom]).map(saleLookupKey.customer);
  if (ids.length === 0) return [];
  return live(await tx.findByKeys('sales', 'customer', ids))
    .sort((a, b) => (a.createdAtDevice < b.createdAtDevice ? 1 : -1))
    .slice(0, SALES_PER_CUSTOMER_LOOKUP);
}

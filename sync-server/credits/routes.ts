import { Hono } from 'hono';
import { z } from 'zod';
import {
  CreditCheckSchema,
  CreditEntryKindSchema,
  CreditFlagSchema,
  CreditOriginSchema,
  DomainError,
  ErrorCode,
  maskCreditCode,
  TypedCreditCodeSchema,
  type Credit,
} from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { createRateLimiter, RateLimitedError, type RateLimit } from '../http/rate-limit.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';
import { flaggedCredits, readCredit, type LedgerEntry } from './ledger-store.js';

/** A till checks a credit or two per sale; a device asking faster is guessing codes. */
export const CREDIT_LOOKUPS_PER_DEVICE: RateLimit = { limit: 30, windowMs: 60_000 };

const EntryViewSchema = z.object({
  position: z.int(),
  kind: CreditEntryKindSchema,
  amount: z.int(),
  currency: z.string(),
  storeId: z.string(),
  offline: z.boolean(),
  applied: z.boolean(),
  balanceAfter: z.int(),
  overdraw: z.int(),
  at: z.string(),
});

const CreditViewSchema = z.object({
  code: z.string(),
  currency: z.string(),
  balance: z.int().describe('minor units; below zero only while flagged overdrawn'),
  origin: CreditOriginSchema,
  issuedStoreId: z.string().nullable(),
  issuedAt: z.string().nullable(),
  flag: CreditFlagSchema.nullable().describe('why a manager must look at it (overdrawn by an offline redemption, another currency)'),
  entries: z.array(EntryViewSchema),
});

/** A ledger line as a device sees it: which store, never which sale (another store's sales are not its business). */
const entryView = ({ id: _id, factId: _fact, code: _code, origin: _origin, ...rest }: LedgerEntry) => rest;
const creditView = (credit: Credit, entries: readonly LedgerEntry[]) => ({ ...credit, entries: entries.map(entryView) });

/**
 * GET /api/credits/{code} (device token): a store credit's or gift card's balance and ledger, for the till to take it
 * as payment online (CreditCheckSchema `online`), from any store of the chain. Rate limited per device like the other
 * lookups; logged with the code masked. GET /api/credits/flagged: the credits flagged at the asking device's store
 * (an offline redemption that overdrew one), for its manager to follow up.
 */
export function creditRoutes(deps: ResolvedDeps, limit: RateLimit = CREDIT_LOOKUPS_PER_DEVICE): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const perDevice = createRateLimiter('creditLookupPerDevice', limit, deps.store, deps.clock);

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/credits/flagged',
      operationId: 'flaggedCredits',
      summary: "Store credits flagged at this device's store (overdrawn offline), for a manager",
      tags: ['credits'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      responses: {
        200: ok('the flagged credits, oldest flag first, code masked', z.object({ credits: z.array(named('CreditView', CreditViewSchema)) })),
        ...deviceFailures,
      },
    },
    async (c) => {
      const credits = await flaggedCredits(deps.store.sql, c.get('device').storeId);
      const views = await Promise.all(
        credits.map(async (credit) => {
          const found = await readCredit(deps.store.sql, credit.code);
          return { ...creditView(credit, found?.entries ?? []), code: maskCreditCode(credit.code) };
        }),
      );
      return c.json({ credits: views });
    },
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/credits/:code',
      operationId: 'creditBalance',
      summary: 'A store credit or gift card: balance and ledger, by the code the customer holds',
      description: `Any store of the chain may ask. ${CreditCheckSchema.options.join(', ')} are how tills record the check they made.`,
      tags: ['credits'],
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      params: z.object({ code: TypedCreditCodeSchema }),
      responses: {
        200: ok('the credit', named('CreditView', CreditViewSchema)),
        400: failure('VALIDATION_FAILED: not a credit code'),
        404: failure('NOT_FOUND: no store credit or gift card with this code'),
        ...deviceFailures,
        429: rateLimited('RATE_LIMITED: too many credit lookups from this device'),
      },
    },
    async (c, { params }) => {
      const device = c.get('device');
      const decision = await perDevice.hit(device.id);
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'credit lookups from this device');
      const found = await readCredit(deps.store.sql, params.code);
      deps.logger.info('credit lookup', { deviceId: device.id, storeId: device.storeId, code: maskCreditCode(params.code), found: !!found });
      if (!found) throw new DomainError(ErrorCode.NOT_FOUND, 'no store credit or gift card has this code: check it with the customer');
      return c.json(creditView(found.credit, found.entries));
    },
  );

  return routes;
}

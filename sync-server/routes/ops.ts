import { Hono } from 'hono';
import { z } from 'zod';
import type { ResolvedDeps } from '../app.js';
import { defineRoute, ok } from '../http/route.js';

/** A probe that hangs is worse than one that fails: a database that does not answer in this time is "not ready". */
export const READY_TIMEOUT_MS = 2_000;

/**
 * Probes for a process supervisor or load balancer:
 *   GET /health → 200 {status: "ok"} while the process serves HTTP (liveness; touches no database).
 *   GET /ready  → 200 {status: "ready"} when the database answers and is migrated; 503 {status: "unavailable",
 *                 reason} when it does not, or while the server drains for shutdown (take it out of rotation).
 *                 When ready it also says where mail goes and what the outbox holds:
 *                 {mail: {transport: "smtp" | "dir"}, outbox: {pending, failing, waitingForWebhookUrl}}.
 */
export function opsRoutes(deps: ResolvedDeps): Hono {
  const routes = new Hono();

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness: the process serves HTTP (no database call)',
      auth: 'public',
      responses: { 200: ok('alive', z.object({ status: z.literal('ok') })) },
    },
    (c) => c.json({ status: 'ok' }),
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/ready',
      operationId: 'ready',
      summary: 'Readiness: the database answers and is migrated, and the server is not draining',
      auth: 'public',
      responses: {
        200: ok(
          'ready',
          z.object({
            status: z.literal('ready'),
            mail: z.object({ transport: z.enum(['smtp', 'dir']) }).optional(),
            outbox: z.object({ pending: z.number(), failing: z.number(), waitingForWebhookUrl: z.number() }).optional(),
          }),
        ),
        503: ok(
          'not ready (database unreachable, migrations pending, shutting down)',
          z.object({ status: z.literal('unavailable'), reason: z.string() }),
        ),
      },
    },
    async (c) => {
      const unavailable = (reason: string) => c.json({ status: 'unavailable', reason }, 503, { 'Cache-Control': 'no-store' });
      if (deps.lifecycle.draining) return unavailable('shutting down');
      const check = deps.store.ready ? deps.store.ready() : deps.store.latestSeq();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([check, timeout]);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        deps.logger.warn('not ready', { reason });
        return unavailable(reason);
      } finally {
        clearTimeout(timer);
      }
      // Where mail goes (smtp, or files: "dir" in production means nobody receives it) and the undelivered
      // backlog, failing rows included: a receiver that has been down shows here, never as a silent drop.
      const outbox = deps.outbox && {
        mail: { transport: deps.outbox.mailTransport },
        outbox: await deps.outbox.counts().catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })),
      };
      return c.json({ status: 'ready', ...outbox }, 200, { 'Cache-Control': 'no-store' });
    },
  );

  return routes;
}

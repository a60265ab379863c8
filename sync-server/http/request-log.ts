import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import type { DeviceRecord } from '../store/store.js';

export type RequestIdEnv = { Variables: { requestId: string; device?: DeviceRecord } };

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A client's id is kept when it is short and plain (what proxies and tracing headers use); else a new one. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=-]{1,128}$/;
const PROBES = new Set(['/health', '/ready']);

/**
 * One JSON line per request, when its response starts (an SSE stream is logged when it opens):
 *   {"msg":"request","method","path","status","durationMs","requestId","deviceId"?,"storeId"?}
 * `path` has no query string, and nothing from headers or bodies is logged, so tokens, PINs and enrollment codes
 * never reach the log. The request id is echoed in `X-Request-Id` and available as `c.get('requestId')`.
 */
export function requestLog({
  logger,
  generator = () => crypto.randomUUID(),
  now = () => performance.now(),
}: {
  logger: Logger;
  generator?: () => string;
  now?: () => number;
}): MiddlewareHandler<RequestIdEnv> {
  return async (c, next) => {
    const started = now();
    const given = c.req.header(REQUEST_ID_HEADER);
    const requestId = given && SANE_REQUEST_ID.test(given) ? given : generator();
    c.set('requestId', requestId);
    c.header(REQUEST_ID_HEADER, requestId);
    try {
      await next();
    } finally {
      if (c.res.headers.get(REQUEST_ID_HEADER) !== requestId) {
        try {
          c.res.headers.set(REQUEST_ID_HEADER, requestId);
        } catch {
          /* immutable headers (a proxied response): the log line still has the id */
        }
      }
      const device = c.get('device');
      const fields: Record<string, unknown> = {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((now() - started) * 10) / 10,
        requestId,
      };
      if (device) Object.assign(fields, { deviceId: device.id, storeId: device.storeId });
      if (PROBES.has(c.req.path) && logger.debug) logger.debug('request', fields);
      else logger.info('request', fields);
    }
  };
}

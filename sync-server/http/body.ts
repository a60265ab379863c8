import type { Context } from 'hono';
import { DomainError, ErrorCode } from '../../src/domain/index.js';
import { jsonDepthScanner } from './json-depth.js';

/**
 * Body limits, sized per route to what it carries. Everything JSON is read by `readJson` below, which enforces the
 * route's limit while the bytes stream in (a lying or absent Content-Length changes nothing) and refuses deep
 * nesting before anything is parsed, so no body can hold the event loop for long.
 */

/** Commands (enrollment, staff changes, order actions): a few hundred bytes each. */
export const JSON_BODY_MAX_BYTES = 64 * 1024;

/**
 * A push: the app sends 50 rows a batch (src/app/db/replication.ts) and a sale of five lines is about 2 KiB, so a
 * batch is ~100 KiB. 1 MiB leaves each row of a full batch 20 KiB (a sale of ~70 lines, or a fact with a payload),
 * and the protocol's PUSH_ROWS_MAX (500) rows 2 KiB each.
 */
export const PUSH_BODY_MAX_BYTES = 1024 * 1024;

/** No request of ours nests deeper than ~8 levels (a push row's sale line is at 5). */
export const JSON_DEPTH_MAX = 32;

export interface JsonLimits {
  /** The largest body the route accepts; larger answers 413. Default JSON_BODY_MAX_BYTES. */
  maxBytes?: number;
}

/**
 * The request's JSON body. Not declared `application/json` answers 415 UNSUPPORTED_MEDIA_TYPE (a form or text/plain
 * post, what a page of another origin can send without a preflight, never reaches a handler); larger than `maxBytes`
 * answers 413 PAYLOAD_TOO_LARGE (at once when Content-Length says so, else when the streamed bytes pass the limit);
 * nested deeper than JSON_DEPTH_MAX, not UTF-8 or not JSON answers 400 VALIDATION_FAILED at `(root)`.
 */
export async function readJson(c: Context, { maxBytes = JSON_BODY_MAX_BYTES }: JsonLimits = {}): Promise<unknown> {
  if (!isJsonMediaType(c.req.header('content-type'))) {
    throw refusedUnread(c, new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'send the body as JSON with Content-Type: application/json'));
  }
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) throw refusedUnread(c, tooLarge(maxBytes));
  const bytes = await readLimited(c.req.raw.body, maxBytes).catch((error: unknown) => {
    throw error instanceof DomainError ? refusedUnread(c, error) : error;
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notJson('not UTF-8 text');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw notJson('not valid JSON');
  }
}

/** The body's bytes, refused (413, or 400 when too deep) as soon as what has arrived passes a limit. */
async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const depth = jsonDepthScanner(JSON_DEPTH_MAX);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      if (!depth.scan(read.value)) throw notJson(`nested deeper than ${JSON_DEPTH_MAX} levels`);
      chunks.push(read.value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

/**
 * A body refused before it was read whole is not read further: the connection closes after the answer. Otherwise
 * the HTTP server would drain up to 64 MB of each refused upload (a lingering close), which is the flood's CPU and
 * memory all over again.
 */
function refusedUnread(c: Context, error: DomainError): DomainError {
  c.header('Connection', 'close');
  return error;
}

const tooLarge = (maxBytes: number) => new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `body larger than ${maxBytes} bytes`);

const notJson = (why: string) => new DomainError(ErrorCode.VALIDATION_FAILED, 'body must be JSON', [{ path: '(root)', message: why }]);

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  // JSON is UTF-8 (RFC 8259); a body declared in another charset would be decoded wrongly.
  return parameters.every((p) => !p.startsWith('charset=') || p.slice('charset='.length).replace(/"/g, '') === 'utf-8');
}

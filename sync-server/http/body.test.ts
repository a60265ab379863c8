import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/index.js';
import { isJsonMediaType, JSON_BODY_MAX_BYTES, readJson } from './body.js';
import { statusOf } from './errors.js';

/** A JSON route: readJson in the handler, domain errors answered with our error body as the app does. */
function echoApp(maxBytes?: number) {
  const app = new Hono();
  app.post('/echo', async (c) => c.json({ got: await readJson(c, maxBytes === undefined ? {} : { maxBytes }) }));
  app.onError((error, c) =>
    error instanceof DomainError ? c.json(error.toJSON(), statusOf[error.code]) : c.json({ unexpected: String(error) }, 500),
  );
  return app;
}

/** A body streamed in chunks with no Content-Length (chunked), counting how many chunks the server pulled. */
function streamedBody(chunk: Uint8Array, chunks: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  ); // pulled only when read, so `pulled` counts what the server read
  return { stream, pulled: () => pulled };
}

const post = (app: Hono, body: BodyInit, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  app.request('/echo', { method: 'POST', body, headers, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

describe('readJson', () => {
  it('answers the parsed body when it fits', async () => {
    const res = await post(echoApp(), JSON.stringify({ a: [1, { b: 'ç' }] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { a: [1, { b: 'ç' }] } });
    expect(res.headers.get('connection')).toBeNull();
  });

  it('answers 413 PAYLOAD_TOO_LARGE from Content-Length alone, without reading the body', async () => {
    const { stream, pulled } = streamedBody(new Uint8Array(1024).fill(0x20), 200);
    const res = await post(echoApp(100 * 1024), stream, { 'Content-Type': 'application/json', 'Content-Length': String(200 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: `body larger than ${100 * 1024} bytes`, fieldErrors: [] });
    expect(pulled()).toBe(0);
    // The rest of a refused upload is not read: the connection closes after the answer.
    expect(res.headers.get('connection')).toBe('close');
  });

  it('answers 413 for a streamed body without Content-Length as soon as it passes the limit', async () => {
    const { stream, pulled } = streamedBody(new Uint8Array(16 * 1024).fill(0x20), 1_000);
    const res = await post(echoApp(64 * 1024), stream);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled()).toBeLessThanOrEqual(6);
  });

  it('limits a route that declares nothing to JSON_BODY_MAX_BYTES', async () => {
    const fits = JSON.stringify('x'.repeat(JSON_BODY_MAX_BYTES - 2));
    expect((await post(echoApp(), fits)).status).toBe(200);
    expect((await post(echoApp(), JSON.stringify('x'.repeat(JSON_BODY_MAX_BYTES - 1)))).status).toBe(413);
  });

  it('refuses deep nesting with 400 at (root) from the first chunk, long before the size limit or the parser', async () => {
    const { stream, pulled } = streamedBody(new Uint8Array(16 * 1024).fill(0x5b), 64);
    const res = await post(echoApp(1024 * 1024), stream);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'body must be JSON',
      fieldErrors: [{ path: '(root)', message: 'nested deeper than 32 levels' }],
    });
    expect(pulled()).toBe(1);
    expect(res.headers.get('connection')).toBe('close');
  });

  it('accepts the nesting real requests have', async () => {
    const nested = JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`) as unknown;
    expect((await post(echoApp(), JSON.stringify(nested))).status).toBe(200);
  });

  it('answers 400 at (root) for malformed JSON, an empty body and bytes that are not UTF-8', async () => {
    for (const body of ['{"a":', '', new Uint8Array([0x22, 0xff, 0xfe, 0x22])]) {
      const res = await post(echoApp(), body);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fieldErrors[0].path).toBe('(root)');
    }
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE to a body not declared JSON, before reading it', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ]) {
      const { stream, pulled } = streamedBody(new TextEncoder().encode('{"a":1}'), 1);
      const res = await post(echoApp(), stream, { 'Content-Type': contentType });
      expect(res.status, contentType).toBe(415);
      expect((await res.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(pulled()).toBe(0);
    }
    expect((await post(echoApp(), new Blob(['{"a":1}']), {})).status).toBe(415);
  });
});

describe('isJsonMediaType', () => {
  it('is application/json, in any case, with a UTF-8 charset or none', () => {
    expect(isJsonMediaType('application/json')).toBe(true);
    expect(isJsonMediaType('Application/JSON; charset=UTF-8')).toBe(true);
    expect(isJsonMediaType('application/json;charset="utf-8"')).toBe(true);
    expect(isJsonMediaType('application/json; charset=iso-8859-1')).toBe(false);
    expect(isJsonMediaType('application/jsonp')).toBe(false);
    expect(isJsonMediaType('text/json')).toBe(false);
    expect(isJsonMediaType(undefined)).toBe(false);
  });
});

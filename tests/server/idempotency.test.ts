import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/index.js';
import { answerIdempotently } from '../../sync-server/integrations/idempotency.js';
import { requireIntegration } from '../../sync-server/integrations/require-integration.js';
import { enqueueEvents } from '../../sync-server/outbox/enqueue.js';
import { listOutbox } from '../../sync-server/outbox/inspect.js';
import { startTestServer, type TestServer } from './harness.js';
import { integrationProbe, mintKey } from './integration-probe.js';

/**
 * Idempotency-Key on integration POSTs, on the test backend: the effect (an outbox event written in the request's
 * transaction, as order intake writes `order.accepted`) and the stored response commit together, once per key.
 */
let server: TestServer;
let key: string;
let integrationId: string;
let app: ReturnType<typeof integrationProbe>;
/** When set, the handler writes its document and then fails, as a server dying mid-request would. */
let crashAfterWrite = false;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 5 });
  const minted = await mintKey(server.store); // no webhook URL: its events stay in the outbox to be counted
  key = minted.apiKey;
  integrationId = minted.integration.id;
  app = integrationProbe(server.store, (a) =>
    a.post('/api/things', requireIntegration(server.store, 'orders:write'), async (c) => {
      const body = (await c.req.json()) as { name: string };
      return answerIdempotently(c, server.store, body, async (tx) => {
        const id = newId();
        await enqueueEvents(tx, [{ integrationId, aggregateType: 'order', aggregateId: body.name, type: 'order.accepted', payload: { id } }]);
        if (crashAfterWrite) throw new Error('killed mid-request');
        return { status: 201, body: { id, name: body.name } };
      });
    }),
  );
});
afterAll(() => server.close());

const post = (idempotencyKey: string | undefined, body: unknown) =>
  app.request('/api/things', {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });

const thingsNamed = async (name: string) => (await listOutbox(server.store, 'pending', 1_000)).filter((e) => e.aggregateId === name);

describe('Idempotency-Key', () => {
  it('a retry with the same key and body gets the same status and body, and the effect happens once', async () => {
    const k = newId();
    const first = await post(k, { name: 'retried' });
    const second = await post(k, { name: 'retried' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await thingsNamed('retried')).toHaveLength(1);
  });

  it('the same body with its keys in another order is the same request', async () => {
    const k = newId();
    const a = await app.request('/api/things', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Idempotency-Key': k },
      body: '{"name":"reordered","note":1}',
    });
    const b = await app.request('/api/things', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Idempotency-Key': k },
      body: '{"note":1,"name":"reordered"}',
    });
    expect(await b.text()).toBe(await a.text());
  });

  it('two requests racing with one key: one effect, both answered the same', async () => {
    const k = newId();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(k, { name: 'raced' })));
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(texts).size).toBe(1);
    expect(await thingsNamed('raced')).toHaveLength(1);
  });

  it('the same key with a different body answers 409 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const k = newId();
    await post(k, { name: 'original' });
    const reused = await post(k, { name: 'something else' });
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await thingsNamed('something else')).toHaveLength(0);
  });

  it('a POST without the header answers 400 naming it, and nothing is written', async () => {
    const res = await post(undefined, { name: 'keyless' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fieldErrors: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fieldErrors[0]!.path).toBe('headers.Idempotency-Key');
    expect(await thingsNamed('keyless')).toHaveLength(0);
  });

  it('a request that dies after writing leaves neither its effect nor its key; the retry completes it', async () => {
    const k = newId();
    crashAfterWrite = true;
    await expect(post(k, { name: 'crashed' })).rejects.toThrow('killed mid-request');
    crashAfterWrite = false;
    expect(await thingsNamed('crashed')).toHaveLength(0);
    const retry = await post(k, { name: 'crashed' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBeNull();
    expect(await thingsNamed('crashed')).toHaveLength(1);
  });

  it('keys are per integration: another integration may use the same key for its own request', async () => {
    const other = (await mintKey(server.store, { name: 'marketplace' })).apiKey;
    const k = newId();
    await post(k, { name: 'mine' });
    const theirs = await app.request('/api/things', {
      method: 'POST',
      headers: { Authorization: `Bearer ${other}`, 'Idempotency-Key': k },
      body: JSON.stringify({ name: 'theirs' }),
    });
    expect(theirs.status).toBe(201);
    expect(await thingsNamed('theirs')).toHaveLength(1);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/domain/index.js';
import { enqueueArrivalAlerts, type ArrivalForAlert } from '../../sync-server/push/arrival-alert.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { startPushServiceStandIn, type PushServiceStandIn } from './push-service-stand-in.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Arrival alerts by Web Push, on the test backend: devices subscribe; an arrival queued in the outbox reaches a
 * stand-in push service that checks the VAPID signature and decrypts the payload (push-service-stand-in.ts).
 */
let server: TestServer;
let push: PushServiceStandIn;

beforeAll(async () => {
  server = await startTestServer({
    catalogSize: 5,
    delivery: { timing: { pollMs: 20, backoffBaseMs: 30, backoffMaxMs: 200, requestTimeoutMs: 2_000 } },
  });
  push = await startPushServiceStandIn();
});
afterAll(async () => {
  await server.close();
  await push.close();
});
beforeEach(() => {
  push.respond = () => 201;
});

const api = async (method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

const subscriptionsOf = (storeId: string) =>
  queryRows<{ device_id: string; endpoint: string }>(
    server.store.sql,
    'SELECT device_id, endpoint FROM push_subscriptions WHERE store_id = ? ORDER BY device_id',
    [storeId],
  );

/** A device of `storeId` subscribed at the stand-in. */
async function pickupPhone(storeId: string) {
  const device = await server.enrollDevice(storeId, 'Curbside phone');
  const subscription = push.subscribe();
  const saved = await api('POST', '/api/push-subscriptions', { token: device.token, body: subscription.json });
  expect(saved.status).toBe(200);
  return { device, subscription };
}

const arrival = (storeId: string, over: Partial<ArrivalForAlert> = {}): ArrivalForAlert => ({
  orderId: newId(),
  number: `WEB-${Math.floor(Math.random() * 1e6)}`,
  storeId,
  locale: 'pt-BR',
  customerFirstName: 'Ana',
  where: 'curbside',
  note: 'carro azul, vaga 4',
  at: new Date().toISOString(),
  ...over,
});
const arrive = (a: ArrivalForAlert) => server.store.transaction((tx) => enqueueArrivalAlerts(tx, a));
const messagesFor = (subscriptionId: string) => push.received.filter((m) => m.subscriptionId === subscriptionId);

describe('push subscriptions', () => {
  it('publishes a VAPID public key, the same for a second server on the database (kept there, not regenerated)', async () => {
    const first = await api('GET', '/api/push/vapid-public-key');
    expect(first.status).toBe(200);
    const key = Buffer.from(first.body.publicKey, 'base64url');
    expect([key.length, key[0]]).toEqual([65, 4]);
    const second = await startTestServer({ catalogSize: 5, shareDatabaseWith: server });
    try {
      expect((await (await fetch(`${second.url}/api/push/vapid-public-key`)).json()).publicKey).toBe(first.body.publicKey);
    } finally {
      await second.close();
    }
  });

  it('stores one subscription per device: saving it again is a no-op, a new one replaces it, DELETE forgets it', async () => {
    const { device, subscription } = await pickupPhone('S3');
    expect(await api('POST', '/api/push-subscriptions', { token: device.token, body: subscription.json })).toMatchObject({ status: 200 });
    expect(await subscriptionsOf('S3')).toEqual([{ device_id: device.deviceId, endpoint: subscription.json.endpoint }]);
    const renewed = push.subscribe();
    await api('POST', '/api/push-subscriptions', { token: device.token, body: renewed.json });
    expect(await subscriptionsOf('S3')).toEqual([{ device_id: device.deviceId, endpoint: renewed.json.endpoint }]);
    expect((await api('DELETE', '/api/push-subscriptions', { token: device.token })).status).toBe(204);
    expect(await subscriptionsOf('S3')).toEqual([]);
  });

  it('refuses a subscription without a device token (401), and a non-https endpoint or short keys field by field (400)', async () => {
    const { json } = push.subscribe();
    expect((await api('POST', '/api/push-subscriptions', { body: json })).status).toBe(401);
    const token = await server.enroll('S3');
    const bad = await api('POST', '/api/push-subscriptions', {
      token,
      body: { endpoint: 'http://push.example.com/x', keys: { p256dh: 'abc', auth: json.keys.auth } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.map((e: { path: string }) => e.path).sort()).toEqual(['endpoint', 'keys.p256dh']);
    expect(await subscriptionsOf('S3')).toEqual([]);
  });
});

describe('arrival alerts', () => {
  it("reach every subscribed device of the store, signed with the server's VAPID key and encrypted for each browser", async () => {
    const phones = [await pickupPhone('S1'), await pickupPhone('S1')];
    const elsewhere = await pickupPhone('S2');
    const { body: vapid } = await api('GET', '/api/push/vapid-public-key');
    const a = arrival('S1');
    expect(await arrive(a)).toBe(2);

    for (const phone of phones) {
      await vi.waitFor(() => expect(messagesFor(phone.subscription.id)).toHaveLength(1), { timeout: 5_000 });
      const [message] = messagesFor(phone.subscription.id);
      expect(message!.invalid).toBeUndefined();
      expect(message!.status).toBe(201);
      expect(message!.vapid!.publicKey).toBe(vapid.publicKey);
      expect(message!.vapid!.claims).toMatchObject({ aud: push.url, sub: expect.stringMatching(/^mailto:|^https:/) });
      expect(message!.headers.urgency).toBe('high');
      expect(message!.payload).toEqual({
        type: 'order.customer_arrived',
        orderId: a.orderId,
        number: a.number,
        title: `Cliente chegou · pedido ${a.number}`,
        body: 'Ana está do lado de fora · carro azul, vaga 4',
        tag: `arrival-${a.orderId}`,
        url: `/#/pickup?orderId=${a.orderId}`,
        arrivedAt: a.at,
      });
    }
    expect(messagesFor(elsewhere.subscription.id)).toHaveLength(0);
  });

  it('a subscription the push service says is gone (410) is deleted and not retried; the other phones still get theirs', async () => {
    const gone = await pickupPhone('S2');
    const fine = await pickupPhone('S2');
    push.respond = (id) => (id === gone.subscription.id ? 410 : 201);
    await arrive(arrival('S2', { locale: 'en-US', where: 'counter', note: '' }));
    await vi.waitFor(() => expect(messagesFor(fine.subscription.id).at(-1)?.payload).toMatchObject({ body: 'Ana is at the counter' }), {
      timeout: 5_000,
    });
    await vi.waitFor(async () => expect((await subscriptionsOf('S2')).map((s) => s.device_id)).not.toContain(gone.device.deviceId), {
      timeout: 5_000,
    });
    expect(messagesFor(gone.subscription.id).map((m) => m.status)).toEqual([410]);
    const undelivered = await queryRows(
      server.store.sql,
      "SELECT id FROM outbox WHERE channel = 'push' AND delivered_at IS NULL AND aggregate_id = ?",
      [gone.device.deviceId],
    );
    expect(undelivered).toEqual([]);
    await arrive(arrival('S2'));
    await vi.waitFor(() => expect(messagesFor(fine.subscription.id).length).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    expect(messagesFor(gone.subscription.id)).toHaveLength(1);
  });

  it('a push service failing (500) is retried until it takes the alert, which arrives once', async () => {
    const phone = await pickupPhone('S3');
    push.respond = (id) => (id === phone.subscription.id && messagesFor(id).length < 2 ? 500 : 201);
    const a = arrival('S3');
    await arrive(a);
    await vi.waitFor(() => expect(messagesFor(phone.subscription.id).map((m) => m.status)).toEqual([500, 500, 201]), { timeout: 5_000 });
    expect(new Set(messagesFor(phone.subscription.id).map((m) => JSON.stringify(m.payload))).size).toBe(1);
  });

  it('a revoked device is not alerted', async () => {
    const phone = await pickupPhone('S3');
    await server.store.transaction((tx) => tx.revokeDevice(phone.device.deviceId, new Date().toISOString()));
    const before = push.received.length;
    const queued = await arrive(arrival('S3'));
    expect(queued).toBe((await subscriptionsOf('S3')).length - 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(push.received.slice(before).filter((m) => m.subscriptionId === phone.subscription.id)).toEqual([]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, type Order, type StoreSettings } from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { orderWrite } from '../../sync-server/orders/documents.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { newPickupCode, newPickupToken, PICKUP_TOKEN_GRACE_MS } from '../../sync-server/pickup/token.js';
import { startPushServiceStandIn, type PushServiceStandIn } from './push-service-stand-in.js';
import { mintKey } from './integration-probe.js';
import { startTestServer, type TestServer } from './harness.js';
import { subscribeEvents } from './sse-client.js';

/**
 * The customer's pickup page /pickup/{token} on the test backend: what it shows and hides, 404s that say nothing,
 * "I'm here" recorded once with its event, the store's phones alerted, rate limits. The server also serves a
 * stand-in app shell, to prove no /pickup address ever answers with it.
 */
const SHELL_MARKER = 'APP-SHELL-MARKER';
const PICTURE = 'https://images.example-cdn.com/s1/curbside-bays.jpg';
let server: TestServer;
let push: PushServiceStandIn;
let key: string;
let staticDir: string;
/** The server's clock runs this far ahead of real time (to expire closed orders' links). */
let clockOffsetMs = 0;
let skuCursor = 0;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'vitrine-shell-'));
  writeFileSync(join(staticDir, 'index.html'), `<!doctype html><title>${SHELL_MARKER}</title>`);
  server = await startTestServer({
    catalogSize: 30,
    staticDir,
    clock: () => new Date(Date.now() + clockOffsetMs),
    rateLimits: { pickupPerToken: { limit: 25, windowMs: 60_000 }, pickupPerIp: { limit: 10_000, windowMs: 60_000 } },
    delivery: { timing: { pollMs: 20, backoffBaseMs: 30, backoffMaxMs: 200 } },
  });
  push = await startPushServiceStandIn();
  key = (await mintKey(server.store)).apiKey;
  await putStoreSettings('S1', {
    pickupInstructions: { text: 'Park in the blue bays by the side door.', imageUrl: PICTURE },
    pickupGeofenceMeters: 150,
  });
});
afterAll(async () => {
  await server.close();
  await push.close();
  rmSync(staticDir, { recursive: true, force: true });
});

async function putStoreSettings(storeId: string, extra: Partial<StoreSettings>) {
  const { id: _id, ...settings } = (await server.store.getStore(storeId))!;
  const res = await fetch(`${server.url}/api/stores/${storeId}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...settings, ...extra }),
  });
  expect(res.status).toBe(200);
}

const storedOrder = async (id: string) => JSON.parse((await server.store.getDocument('orders', id))!.body) as Order;

/** An order taken in through the API and marked ready as the pickup.ready fact leaves it: picked, code and link token drawn. */
async function readyOrder(mode: 'counter' | 'curbside' = 'curbside') {
  const product = server.products[skuCursor++ % server.products.length]!;
  const input = pickupIntake('S1', [{ sku: product.sku, quantity: 1, unitPrice: product.price.amount }], {
    fulfilment: { type: 'pickup', storeId: 'S1', mode, promisedAt: '2026-11-23T16:00:00-03:00' },
  });
  const res = await fetch(`${server.url}/api/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': newId() },
    body: JSON.stringify(input),
  });
  expect(res.status).toBe(201);
  const order = await storedOrder(((await res.json()) as { id: string }).id);
  const token = newPickupToken();
  const code = newPickupCode();
  const at = new Date(Date.now() + clockOffsetMs).toISOString();
  const ready: Order = {
    ...order,
    state: 'ready',
    pickingAt: at,
    readyAt: at,
    lines: order.lines.map((l) => ({ ...l, picked: l.quantity })),
    pickup: { ...order.pickup!, code },
    pickupToken: token,
    updatedAt: at,
  };
  await server.store.transaction((tx) => tx.putDocuments([orderWrite(ready)]));
  return { order: ready, token, code };
}

/** The order as a handoff leaves it (the handoff fact's own tests are the pickup engineer's). */
async function handOff(orderId: string) {
  const at = new Date(Date.now() + clockOffsetMs).toISOString();
  const collected: Order = { ...(await storedOrder(orderId)), state: 'collected', collectedAt: at, updatedAt: at };
  await server.store.transaction((tx) => tx.putDocuments([orderWrite(collected)]));
}

const page = (token: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/pickup/${token}`, { headers: { Accept: 'text/html', ...headers } });
const state = async (token: string) => {
  const res = await fetch(`${server.url}/pickup/${token}/state`);
  return { status: res.status, body: await res.json() };
};
const arrive = async (token: string, body: unknown = { note: 'blue car, spot 4' }) => {
  const res = await fetch(`${server.url}/pickup/${token}/arrival`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
};
const arrivedEvents = (orderId: string) =>
  queryRows<{ type: string; payload: string }>(
    server.store.sql,
    "SELECT type, payload FROM outbox WHERE aggregate_id = ? AND type = 'order.customer_arrived'",
    [orderId],
  );

describe('the pickup page', () => {
  it("shows the order's state, the first name, the code and its QR, the store's instructions, and nothing private", async () => {
    const { order, token, code } = await readyOrder('curbside');
    const res = await page(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-language')).toBe('pt-BR'); // S1's locale
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data: https://images.example-cdn.com");
    const html = await res.text();
    expect(html).toContain(`Seu pedido ${order.number}`);
    expect(html).toContain('Olá, Ana');
    expect(html).toContain('Pronto para retirada.');
    expect(html).toContain(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(html).toMatch(/<figure class="qr"[^>]*><svg [^>]*viewBox/);
    expect(html).toContain('Park in the blue bays by the side door.');
    expect(html).toContain(`src="${PICTURE}"`);
    expect(html).toContain('data-geofence-meters="150"');
    expect(html).toContain('Cheguei');
    // Only what the page may know: no surname, contact, national id, payment, prices, nor the staff's app.
    for (const secret of [
      'Souza',
      order.customer.email,
      'ana.souza',
      '98765',
      '529.982.247-25',
      '52998224725',
      order.payments[0]!.reference,
      String(order.totals.total),
      SHELL_MARKER,
    ]) {
      expect(html, secret).not.toContain(secret);
    }
    // Its script and style sheet are this server's, at the addresses the page names.
    for (const asset of [...html.matchAll(/(?:src|href)="(\/pickup\/assets\/[^"]+)"/g)].map((m) => m[1]!)) {
      const served = await fetch(`${server.url}${asset}`);
      expect(served.status, asset).toBe(200);
      expect(served.headers.get('content-type')).toMatch(asset.includes('.js') ? /^text\/javascript/ : /^text\/css/);
    }
  });

  it("speaks the phone's language when it is English, the store's otherwise", async () => {
    const { order, token } = await readyOrder('counter');
    const english = await page(token, { 'Accept-Language': 'en-US,en;q=0.9,pt;q=0.5' });
    expect(english.headers.get('content-language')).toBe('en');
    const html = await english.text();
    expect(html).toContain(`Your order ${order.number}`);
    expect(html).toContain('I&#39;m here, at the counter');
    const french = await page(token, { 'Accept-Language': 'fr-FR,fr;q=0.9' });
    expect(french.headers.get('content-language')).toBe('pt-BR');
  });

  it('answers 404 with the same body for an unknown, a malformed and an expired link, on every route, never with the app shell', async () => {
    const closed = await readyOrder();
    const cancel = await fetch(`${server.url}/api/orders/${closed.order.id}/cancel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Idempotency-Key': newId() },
    });
    expect(cancel.status).toBe(200);
    // Cancelled: the page still says so for a while, then the link is dead.
    expect((await state(closed.token)).body.stage).toBe('cancelled');
    clockOffsetMs = PICKUP_TOKEN_GRACE_MS + 60_000;
    try {
      const tokens = { unknown: newPickupToken(), malformed: 'not-a-token', tooLong: 'x'.repeat(300), expired: closed.token };
      const answers: Record<string, string[]> = {};
      for (const [name, token] of Object.entries(tokens)) {
        const responses = [
          await page(token),
          await fetch(`${server.url}/pickup/${token}/state`),
          await fetch(`${server.url}/pickup/${token}/arrival`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
        ];
        expect(
          responses.map((r) => r.status),
          name,
        ).toEqual([404, 404, 404]);
        expect(responses[0]!.headers.get('content-type')).toMatch(/^text\/html/);
        answers[name] = await Promise.all(responses.map((r) => r.text()));
      }
      for (const name of Object.keys(tokens)) expect(answers[name], name).toEqual(answers.unknown);
      expect(answers.unknown![0]).toContain('Pickup link not found'); // no store known: the phone's language, else English
      expect(answers.unknown![0]).not.toContain(SHELL_MARKER);
      for (const path of ['/pickup', '/pickup/', `/pickup/${tokens.unknown}/`, `/pickup/${tokens.unknown}/other`, '/pickup/a/b/c']) {
        const res = await fetch(`${server.url}${path}`, { headers: { Accept: 'text/html' } });
        expect([path, res.status]).toEqual([path, 404]);
        expect(await res.text()).not.toContain(SHELL_MARKER);
      }
      // The shell still answers the app's own deep links.
      expect(await (await fetch(`${server.url}/sell`, { headers: { Accept: 'text/html' } })).text()).toContain(SHELL_MARKER);
    } finally {
      clockOffsetMs = 0;
    }
  });
});

describe("I'm here", () => {
  it('pressed ten times at once records one arrival, one event and one write; the store sees it on its sync stream', async () => {
    const { order, token } = await readyOrder('curbside');
    const device = await server.enroll('S1');
    const stream = await subscribeEvents(server.url, 'orders', device);
    try {
      const seqBefore = (await server.store.getDocument('orders', order.id))!.seq;
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => arrive(token, { note: i === 0 ? 'blue car, spot 4' : `press ${i}` })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      const stored = await storedOrder(order.id);
      expect(stored.state).toBe('customer_waiting');
      expect(stored.customerArrivedAt).not.toBeNull();
      expect(stored.pickup!.arrival).toEqual({ at: stored.customerArrivedAt, where: 'curbside', note: answers[0]!.body.arrival.note });
      expect(answers[0]!.body).toMatchObject({ stage: 'waiting', canArrive: false, arrival: { where: 'curbside' } });
      const seqAfter = (await server.store.getDocument('orders', order.id))!.seq;
      expect(
        (await server.store.pull({ collection: 'orders', storeId: 'S1', afterSeq: seqBefore, limit: 1000 })).documents.filter(
          (d) => d.id === order.id,
        ),
      ).toHaveLength(1);
      expect(seqAfter).toBeGreaterThan(seqBefore);
      const events = await arrivedEvents(order.id);
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.payload)).toMatchObject({ id: order.id, state: 'customer_waiting', arrival: { where: 'curbside' } });
      // Pressing again later changes nothing either.
      expect((await arrive(token)).body).toEqual(answers[0]!.body);
      expect(await arrivedEvents(order.id)).toHaveLength(1);
      await vi.waitFor(() => expect(JSON.stringify(stream.events)).toContain(`"state":"customer_waiting"`), { timeout: 2_000 });
      expect(JSON.stringify(stream.events)).toContain(order.id);
      expect(JSON.stringify(stream.events)).not.toContain(token); // the token stays on the server
    } finally {
      await stream.close();
    }
  });

  it("alerts the store's pickup phones by Web Push: VAPID-signed, encrypted, with the order number and the spot", async () => {
    const phone = await server.enrollDevice('S1', 'Curbside phone');
    const subscription = push.subscribe();
    const saved = await fetch(`${server.url}/api/push-subscriptions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${phone.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(subscription.json),
    });
    expect(saved.status).toBe(200);
    const { publicKey } = (await (await fetch(`${server.url}/api/push/vapid-public-key`)).json()) as { publicKey: string };
    const { order, token } = await readyOrder('curbside');
    const started = Date.now();
    expect((await arrive(token, { note: 'carro azul, vaga 4', source: 'geofence' })).status).toBe(200);
    await vi.waitFor(() => expect(push.received.filter((m) => m.subscriptionId === subscription.id)).toHaveLength(1), { timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    const [message] = push.received.filter((m) => m.subscriptionId === subscription.id);
    expect(message!.invalid).toBeUndefined();
    expect(message!.vapid!.publicKey).toBe(publicKey);
    expect(message!.payload).toMatchObject({
      type: 'order.customer_arrived',
      orderId: order.id,
      number: order.number,
      body: 'Ana está do lado de fora · carro azul, vaga 4',
    });
    expect(JSON.stringify(message!.payload)).toContain(order.number);
    expect(JSON.stringify(message!.payload)).toContain('vaga 4');
  });

  it('the state route follows every change: ready, waiting, collected', async () => {
    const { order, token } = await readyOrder('counter');
    expect((await state(token)).body).toMatchObject({ stage: 'ready', canArrive: true, mode: 'counter', number: order.number, arrival: null });
    await arrive(token, { note: '' });
    expect((await state(token)).body).toMatchObject({ stage: 'waiting', canArrive: false, arrival: { where: 'counter', note: '' } });
    await handOff(order.id);
    expect((await state(token)).body).toMatchObject({ stage: 'collected', canArrive: false });
  });

  it('is refused (409) for an order handed off before the customer checked in, and nothing changes', async () => {
    const { order, token } = await readyOrder('curbside');
    await handOff(order.id);
    const refused = await arrive(token);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ORDER_ALREADY_COLLECTED']);
    expect((await storedOrder(order.id)).customerArrivedAt).toBeNull();
    expect(await arrivedEvents(order.id)).toHaveLength(0);
  });

  it('refuses a body that is not the arrival shape, field by field (400), and writes nothing', async () => {
    const { order, token } = await readyOrder();
    const bad = await arrive(token, { note: 'x'.repeat(121), source: 'teleport' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.map((e: { path: string }) => e.path).sort()).toEqual(['note', 'source']);
    expect((await storedOrder(order.id)).customerArrivedAt).toBeNull();
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After past the limit per link; another link still opens', async () => {
    const { token } = await readyOrder();
    const other = await readyOrder();
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) statuses.push((await fetch(`${server.url}/pickup/${token}/state`)).status);
    expect(statuses.slice(0, 25)).toEqual(Array(25).fill(200));
    const refused = await fetch(`${server.url}/pickup/${token}/state`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await page(token)).status).toBe(429);
    expect((await state(other.token)).status).toBe(200);
  });

  it('answer 429 past the limit per address, whatever links it tries', async () => {
    const strict = await startTestServer({ catalogSize: 5, rateLimits: { pickupPerIp: { limit: 5, windowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${strict.url}/pickup/${newPickupToken()}`)).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    } finally {
      await strict.close();
    }
  });
});

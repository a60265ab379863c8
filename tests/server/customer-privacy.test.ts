import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERASED_NAME,
  factKinds,
  newId,
  OrderIntakeSchema,
  OrderSchema,
  systemClock,
  type CustomerExport,
  type EnrollResponse,
  type Fact,
  type Integration,
  type Order,
  type Sale,
} from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { intakeOrder } from '../../sync-server/orders/intake.js';
import { DEVICE_SILENT_AFTER_MS, purgeSeenTombstones, RESYNC_MESSAGE, SENT_GRACE_MS } from '../../sync-server/customers/tombstones.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { cashSale, deviceFact, pushFacts, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/**
 * A customer's rights on the server (SQLite, and PostgreSQL under server-pg): a manager exports everything held about
 * them, and erases them — the profile leaves every device's book with a deletion that carries no personal data, the
 * orders are pseudonymised and the sales kept, an audit fact says who did it, the platform is told, and a fact an
 * offline device pushes later about them is refused with CUSTOMER_ERASED.
 */
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let integration: Integration;
let n = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10, rateLimits: { signInPerDevice: { limit: 1_000, windowMs: 60_000 } } });
  s1 = await server.enrollDevice('S1', 'Till S1');
  s2 = await server.enrollDevice('S2', 'Till S2');
  integration = (await mintKey(server.store)).integration;
});
afterAll(() => server.close());

const MANAGER = { staffNumber: '9001', pin: '9999' };
const ASSOCIATE = { staffNumber: '1001', pin: '1234' };

const fact = deviceFact;
const push = (device: EnrollResponse, ...facts: Fact[]) => pushFacts(server.url, device, facts);
const outcome = async (f: Fact) => (JSON.parse((await server.store.getDocument('facts', f.id))!.body) as Fact).outcome;
const call = (device: EnrollResponse, path: string, manager = MANAGER) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${device.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ manager }),
  });

/** A customer of S1 with a note and a consent, a sale at S1, and an online order for pickup at S2 matched to them. */
async function customerWithHistory() {
  const id = newId();
  const phone = `+55119${String(60_000_000 + ++n).padStart(8, '0')}`;
  const email = `lia.${id.slice(-8)}@example.com`;
  await push(
    s1,
    fact(s1, 'customer.created', id, {
      name: 'Lia Prado',
      phone,
      email,
      consents: [{ channel: 'email', purpose: 'marketing', given: true, method: 'in_store' }],
    }),
  );
  await push(s1, fact(s1, 'customer.note-added', id, { text: 'prefers slim fit' }));
  const sale = { ...cashSale(s1.store, s1.deviceId, [{ product: server.products[1]!, quantity: 1 }]), customerId: id };
  expect((await syncClient(server.url, s1.token).push('sales', [pushRow(sale)])).status).toBe(200);
  const product = server.products[0]!;
  const input = pickupIntake('S2', [{ sku: product.sku, quantity: 1, unitPrice: product.price.amount }]);
  const orderInput = OrderIntakeSchema.parse({
    ...input,
    number: `WEB-${id.slice(-12)}`,
    customer: { name: 'Lia P.', email, phone, nationalId: null },
  });
  const order = await server.store.transaction((tx) => intakeOrder(tx, integration, orderInput, { clock: systemClock, newId }));
  return { id, phone, email, sale, order: order as Order };
}

describe('export', () => {
  it("answers a manager the profile with its notes, consents and history, the customer's sales and online orders", async () => {
    const c = await customerWithHistory();
    const res = await call(s1, `/api/customers/${c.id}/export`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as CustomerExport;
    expect(body.customer).toMatchObject({ id: c.id, name: 'Lia Prado', email: c.email, phone: c.phone });
    expect(body.customer.notes.map((x) => x.text)).toEqual(['prefers slim fit']);
    expect(body.customer.consentHistory).toEqual([expect.objectContaining({ channel: 'email', purpose: 'marketing', given: true })]);
    expect(body.customer.history.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'note_added', 'order_matched']));
    expect(body.sales.map((s) => s.id)).toEqual([c.sale.id]);
    expect(body.orders.map((o) => o.id)).toEqual([c.order.id]);
  });

  it('gives the same content as a readable page with ?format=html, every value escaped', async () => {
    const c = await customerWithHistory();
    await push(s1, fact(s1, 'customer.note-added', c.id, { text: '<script>alert(1)</script>' }));
    const res = await call(s1, `/api/customers/${c.id}/export?format=html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('Lia Prado');
    expect(page).toContain(c.sale.receiptNumber);
    expect(page).toContain(c.order.number);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
  });

  it('is refused to an associate and to a wrong PIN, and answers 404 for an unknown customer', async () => {
    const c = await customerWithHistory();
    expect((await (await call(s1, `/api/customers/${c.id}/export`, ASSOCIATE)).json()).error.code).toBe('FORBIDDEN');
    expect((await (await call(s2, `/api/customers/${c.id}/export`, { staffNumber: '9001', pin: '0000' })).json()).error.code).toBe('PIN_INVALID');
    expect((await call(s1, `/api/customers/${newId()}/export`)).status).toBe(404);
  });
});

describe('erasure', () => {
  it('removes the profile from every store’s devices with a deletion carrying only the id and stores', async () => {
    const c = await customerWithHistory();
    const res = await call(s1, `/api/customers/${c.id}/erase`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ customerId: c.id, erasedIds: [c.id], ordersPseudonymised: 1, salesKept: 1 });
    for (const device of [s1, s2]) {
      const docs = (await syncClient(server.url, device.token).pullAll('customers')).documents as Record<string, unknown>[];
      const tombstone = docs.find((d) => d.id === c.id);
      expect(tombstone).toEqual({ id: c.id, stores: ['S1', 'S2'], _deleted: true });
    }
    const stored = await server.store.getDocument('customers', c.id);
    expect(stored!.deleted).toBe(true);
    expect(stored!.body).not.toContain('Lia');
    expect(await server.store.findByKey('customers', 'phone', c.phone.slice(1))).toEqual([]);
    expect((await call(s1, `/api/customers/${c.id}/export`)).status).toBe(404);
  });

  it('pseudonymises the orders, keeps the sales, and deletes the customer facts that carried personal data', async () => {
    const c = await customerWithHistory();
    await call(s1, `/api/customers/${c.id}/erase`);
    const order = JSON.parse((await server.store.getDocument('orders', c.order.id))!.body) as Order;
    expect(order.customer.name).toBe(ERASED_NAME);
    // Still a valid order: devices and the platform read it as before.
    expect(OrderSchema.safeParse(order).success).toBe(true);
    expect(JSON.stringify(order)).not.toContain(c.email);
    expect(JSON.stringify(order)).not.toContain(c.phone);
    expect(order.totals).toEqual(c.order.totals);
    expect(await server.store.findByKey('orders', 'email', c.email)).toEqual([]);
    const sale = JSON.parse((await server.store.getDocument('sales', c.sale.id))!.body) as Sale;
    expect(sale.totals).toEqual(c.sale.totals);
    const facts = await queryRows<{ id: string; body: string }>(
      server.store.sql,
      "SELECT id, body FROM documents WHERE collection = 'facts' AND body LIKE ?",
      [`%${c.id}%`],
    );
    const customerFacts = facts.map((r) => JSON.parse(r.body) as Fact).filter((f) => f.kind !== 'customer.erased');
    expect(customerFacts.map((f) => f.kind).sort()).toEqual(['customer.created', 'customer.note-added']);
    for (const f of facts) expect(f.body).not.toMatch(/Lia|slim fit|example\.com/);
    for (const f of customerFacts) {
      // Deleted, so devices drop them (an accepted fact would otherwise show the customer again on the device) …
      expect((await server.store.getDocument('facts', f.id))!.deleted, f.kind).toBe(true);
      // … by a deletion a device still parses as a fact of its kind.
      expect(factKinds[f.kind as keyof typeof factKinds].payload.safeParse(f.payload).success, f.kind).toBe(true);
    }
  });

  it('leaves an audit fact saying who erased which id and when, without personal data, and tells the platform', async () => {
    const c = await customerWithHistory();
    await call(s1, `/api/customers/${c.id}/erase`);
    const [audit] = (await server.store.findByKey('facts', 'erasedCustomer', c.id)).map((d) => JSON.parse(d.body) as Fact);
    expect(audit).toMatchObject({ kind: 'customer.erased', subjectId: c.id, associateId: 'S1-9001', storeId: 'S1', deviceId: s1.deviceId });
    expect(audit!.outcome?.status).toBe('accepted');
    expect(JSON.stringify(audit)).not.toMatch(/Lia|example\.com|\+5511/);
    const events = await queryRows<{ integration_id: string; type: string; payload: string }>(
      server.store.sql,
      "SELECT integration_id, type, payload FROM outbox WHERE channel = 'webhook' AND aggregate_type = 'customer' AND aggregate_id = ?",
      [c.id],
    );
    expect(events.map((e) => [e.integration_id, e.type])).toContainEqual([integration.id, 'customer.erased']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ customerId: c.id });
    expect(events[0]!.payload).not.toMatch(/Lia|example\.com/);
  });

  it('refuses with CUSTOMER_ERASED a fact an offline device pushes later about the erased customer, keeping none of what it said', async () => {
    const c = await customerWithHistory();
    await call(s1, `/api/customers/${c.id}/erase`);
    const late = fact(s2, 'customer.note-added', c.id, { text: 'written offline before the erasure reached this tablet' });
    expect((await push(s2, late)).status).toBe(200);
    expect(await outcome(late)).toMatchObject({ status: 'rejected', code: 'CUSTOMER_ERASED' });
    // Kept as a refusal, without what it said about the erased person (it goes back to the tablet so too).
    const stored = (await server.store.getDocument('facts', late.id))!.body;
    expect(JSON.parse(stored).payload).toEqual({});
    expect(stored).not.toContain('written offline');
    expect((await push(s2, late)).status).toBe(200); // a retry changes nothing
    expect((await server.store.getDocument('facts', late.id))!.body).toBe(stored);
    expect((await server.store.getDocument('customers', c.id))!.deleted).toBe(true);
    const recreated = fact(s1, 'customer.created', c.id, { name: 'Lia Prado', phone: c.phone });
    await push(s1, recreated);
    expect(await outcome(recreated)).toMatchObject({ status: 'rejected', code: 'CUSTOMER_ERASED' });
  });

  it('is refused to an associate, leaving the customer as they were', async () => {
    const c = await customerWithHistory();
    expect((await (await call(s1, `/api/customers/${c.id}/erase`, ASSOCIATE)).json()).error.code).toBe('FORBIDDEN');
    expect((await server.store.getDocument('customers', c.id))!.deleted).toBe(false);
  });
});

describe('the deletions an erasure leaves', () => {
  /** Where each device's pulls of customers and facts stand, as a tablet keeps them between pulls. */
  const checkpoints = new Map<string, unknown>();
  const pullUp = async (device: EnrollResponse) => {
    for (const collection of ['customers', 'facts']) {
      const key = `${device.deviceId}:${collection}`;
      const { checkpoint } = await syncClient(server.url, device.token).pullAll(collection, 500, (checkpoints.get(key) ?? null) as never);
      checkpoints.set(key, checkpoint);
    }
  };
  /** The deletions of the customer still on the server (the profile's, and the customer facts'), by collection. */
  const tombstonesOf = async (id: string) =>
    (
      await queryRows<{ collection: string; deleted: number | boolean }>(
        server.store.sql,
        "SELECT collection, deleted FROM documents WHERE (collection = 'customers' AND id = ?) OR (collection = 'facts' AND body LIKE ?)",
        [id, `%"subjectId":"${id}"%`],
      )
    ).filter((r) => Boolean(r.deleted));

  it('are purged from the server once every device of the customer’s stores has them, and not before', async () => {
    await pullUp(s1);
    await pullUp(s2);
    const c = await customerWithHistory();
    await call(s1, `/api/customers/${c.id}/erase`);
    const deletions = (await tombstonesOf(c.id)).map((r) => r.collection).sort();
    expect(deletions).toEqual(['customers', 'facts', 'facts']);

    // S1's tablet pulls them (sent, then held: its next pull starts past them); S2's has not pulled yet.
    await pullUp(s1);
    await pullUp(s1);
    expect((await purgeSeenTombstones(server.store, Date.now())).waiting).toBeGreaterThan(0);
    // The profile's deletion waits for S2's tablet; the facts (S1's only) are S1's tablet's to see: gone.
    expect((await tombstonesOf(c.id)).map((r) => r.collection)).toEqual(['customers']);

    // Sent to S2's tablet, which never asks for that page again: after the grace it counts as seen.
    await pullUp(s2);
    await purgeSeenTombstones(server.store, Date.now());
    expect((await tombstonesOf(c.id)).map((r) => r.collection)).toEqual(['customers']);
    await purgeSeenTombstones(server.store, Date.now() + SENT_GRACE_MS);
    expect(await tombstonesOf(c.id)).toEqual([]);
    // Nothing of the customer is left on the server but the audit fact (ids, who, when) and the kept sales and orders.
    const left = await queryRows<{ collection: string; body: string }>(server.store.sql, 'SELECT collection, body FROM documents WHERE body LIKE ?', [
      `%${c.id}%`,
    ]);
    expect(left.map((r) => r.collection).sort()).toEqual(['facts', 'sales']);
    expect(left.map((r) => r.body).join()).not.toMatch(/Lia|example\.com|slim fit/);
  });

  it('do not wait for a device silent for 30 days, which must then start over: its pulls from behind them are refused', async () => {
    const s3 = await server.enrollDevice('S2', 'Silent tablet');
    await pullUp(s3);
    await pullUp(s1);
    await pullUp(s2);
    const c = await customerWithHistory();
    await call(s1, `/api/customers/${c.id}/erase`);
    await pullUp(s1);
    await pullUp(s1);
    await pullUp(s2);
    await pullUp(s2);
    // s3 never pulls again: its record holds the profile's deletion back …
    await purgeSeenTombstones(server.store, Date.now() + SENT_GRACE_MS);
    expect((await tombstonesOf(c.id)).map((r) => r.collection)).toEqual(['customers']);
    // … until it has been silent for 30 days.
    await purgeSeenTombstones(server.store, Date.now() + DEVICE_SILENT_AFTER_MS);
    expect(await tombstonesOf(c.id)).toEqual([]);
    // Back from behind the purged deletion, it could still hold the erased customer: refused until enrolled again.
    const back = await syncClient(server.url, s3.token).pull('customers', {
      checkpoint: checkpoints.get(`${s3.deviceId}:customers`) as never,
      limit: 500,
    });
    expect(back.status).toBe(403);
    expect(back.body.error.message).toBe(RESYNC_MESSAGE);
    // A device that has the deletion pulls on; a new one starts from scratch.
    expect(
      (await syncClient(server.url, s2.token).pull('customers', { checkpoint: checkpoints.get(`${s2.deviceId}:customers`) as never, limit: 500 }))
        .status,
    ).toBe(200);
    expect((await syncClient(server.url, s3.token).pull('customers', { checkpoint: null, limit: 500 })).status).toBe(200);
  });
});

describe('looking customers up in the chain', () => {
  it('is rate limited per device: the 21st lookup in a minute is refused, another device still looks up', async () => {
    const scraper = await server.enrollDevice('S2', 'Scraper');
    const lookup = (device: EnrollResponse, i: number) =>
      fetch(`${server.url}/api/lookup/customers?${new URLSearchParams({ email: `nobody.${i}@example.com` })}`, {
        headers: { Authorization: `Bearer ${device.token}` },
      });
    for (let i = 0; i < 20; i++) expect((await lookup(scraper, i)).status).toBe(200);
    const refused = await lookup(scraper, 20);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await lookup(s1, 0)).status).toBe(200);
  });
});

describe('access log', () => {
  it('records who opened which profile, when, as an accepted customer.viewed fact with no personal data', async () => {
    const c = await customerWithHistory();
    const before = (await server.store.getDocument('customers', c.id))!.seq;
    const viewed = fact(s2, 'customer.viewed', c.id, {});
    expect((await push(s2, viewed)).status).toBe(200);
    expect(await outcome(viewed)).toMatchObject({ status: 'accepted' });
    const stored = JSON.parse((await server.store.getDocument('facts', viewed.id))!.body) as Fact;
    expect(stored).toMatchObject({ kind: 'customer.viewed', subjectId: c.id, associateId: 'S2-1001', storeId: 'S2', payload: {} });
    // A view changes nothing: the profile is not rewritten (no sync traffic for a look).
    expect((await server.store.getDocument('customers', c.id))!.seq).toBe(before);
  });

  it('refuses a view logged under someone who is not staff of the store', async () => {
    const viewed = { ...fact(s1, 'customer.viewed', newId(), {}), associateId: 'S2-1001' };
    await push(s1, viewed);
    expect(await outcome(viewed)).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factKinds, newId, tasksOf, type CustomerProfile, type EnrollResponse, type Fact } from '../../src/domain/index.js';
import { cashSale, deviceFact, pushFacts, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Clienteling on the server, on both backends: tasks, assignment, wishlist and the outreach log are facts the
 * server decides in the push's transaction and replicates to every device of the store; a contact whose consent was
 * withdrawn before it arrived is refused (CUSTOMER_NO_CONSENT) and kept, refused, on record.
 */
let server: TestServer;
let s1: EnrollResponse;
let s1b: EnrollResponse;
let s2: EnrollResponse;
let phones = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10 });
  s1 = await server.enrollDevice('S1', 'Till S1');
  s1b = await server.enrollDevice('S1', 'Tablet S1');
  s2 = await server.enrollDevice('S2', 'Till S2');
});
afterAll(() => server.close());

const uniquePhone = () => `+55119${String(60_000_000 + ++phones).padStart(8, '0')}`;
const push = (device: EnrollResponse, ...facts: Fact[]) => pushFacts(server.url, device, facts);
const stored = async (f: Fact) => JSON.parse((await server.store.getDocument('facts', f.id))!.body) as Fact;
const profile = async (id: string) => JSON.parse((await server.store.getDocument('customers', id))!.body) as CustomerProfile;
const pulledFacts = async (device: EnrollResponse) => (await syncClient(server.url, device.token).pullAll('facts', 1000)).documents as Fact[];
const pulledCustomers = async (device: EnrollResponse) =>
  (await syncClient(server.url, device.token).pullAll('customers', 1000)).documents as CustomerProfile[];

async function customerIn(device: EnrollResponse, consents: object[] = []): Promise<string> {
  const id = newId();
  const created = deviceFact(device, 'customer.created', id, {
    name: 'Helena Costa',
    phone: uniquePhone(),
    email: `h.${id.slice(-8)}@example.com`,
    consents,
  });
  expect((await push(device, created)).status).toBe(200);
  return id;
}

describe('follow-up tasks', () => {
  it('are decided and reach the other devices of the store, done once, and not the devices of another store', async () => {
    const customer = await customerIn(s1);
    const task = deviceFact(s1, 'customer.task-added', customer, { text: 'call when the 38 arrives', dueOn: '2026-12-01', assignee: 'S1-1001' });
    const done = deviceFact(s1b, 'customer.task-done', customer, { taskId: task.id });
    expect((await push(s1, task)).status).toBe(200);
    expect((await stored(task)).outcome).toMatchObject({ status: 'accepted' });
    expect((await push(s1b, done)).status).toBe(200);
    expect((await stored(done)).outcome).toMatchObject({ status: 'accepted' });

    const onOtherTablet = tasksOf(await pulledFacts(s1b)).find((t) => t.id === task.id);
    expect(onOtherTablet).toMatchObject({ text: 'call when the 38 arrives', dueOn: '2026-12-01', done: { by: 'S1-1001' }, pending: false });
    expect((await pulledFacts(s2)).some((f) => f.id === task.id)).toBe(false);
  });

  it('are refused for pickup staff, and a done for a task of another store is refused, both kept with their reason', async () => {
    const customer = await customerIn(s1);
    const toPickup = deviceFact(s1, 'customer.task-added', customer, { text: 'x', dueOn: '2026-12-01', assignee: 'S1-2001' });
    const foreignDone = deviceFact(s2, 'customer.task-done', customer, { taskId: toPickup.id });
    await push(s1, toPickup);
    expect((await stored(toPickup)).outcome).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
    await push(s2, foreignDone);
    expect((await stored(foreignDone)).outcome).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
  });

  it('added and done offline in one push are decided together, and a retried push changes nothing', async () => {
    const customer = await customerIn(s1);
    const task = deviceFact(s1, 'customer.task-added', customer, { text: 'birthday next week', dueOn: '2026-12-02', assignee: 'S1-1001' });
    const done = deviceFact(s1, 'customer.task-done', customer, { taskId: task.id });
    expect((await push(s1, task, done)).status).toBe(200);
    expect((await stored(done)).outcome).toMatchObject({ status: 'accepted' });
    const before = await stored(done);
    await push(s1, task, done);
    expect(await stored(done)).toEqual(before);
  });
});

describe('the assigned associate', () => {
  it("brings a customer of another store into the store's book, so its devices receive the profile", async () => {
    const customer = await customerIn(s2);
    expect((await pulledCustomers(s1)).some((p) => p.id === customer)).toBe(false);
    const assigned = deviceFact(s1, 'customer.assigned', customer, { staffId: 'S1-1001' });
    await push(s1, assigned);
    expect((await stored(assigned)).outcome).toMatchObject({ status: 'accepted' });
    expect((await profile(customer)).stores).toEqual(['S2', 'S1']);
    expect((await pulledCustomers(s1b)).some((p) => p.id === customer)).toBe(true);
  });

  it('is refused for staff of another store', async () => {
    const customer = await customerIn(s1);
    const assigned = deviceFact(s1, 'customer.assigned', customer, { staffId: 'S2-1001' });
    await push(s1, assigned);
    expect((await stored(assigned)).outcome).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
  });
});

describe('the wishlist', () => {
  it('takes a SKU of the catalog and refuses an unknown one', async () => {
    const customer = await customerIn(s1);
    const known = deviceFact(s1, 'customer.wishlist-changed', customer, { sku: server.products[0]!.sku, wanted: true, availableThen: 0 });
    const unknown = deviceFact(s1, 'customer.wishlist-changed', customer, { sku: 'NO-SUCH-SKU', wanted: true });
    await push(s1, known, unknown);
    expect((await stored(known)).outcome).toMatchObject({ status: 'accepted' });
    expect((await stored(unknown)).outcome).toMatchObject({ status: 'rejected', code: 'UNKNOWN_SKU' });
  });
});

describe('outreach log', () => {
  const marketingSms = { channel: 'sms', purpose: 'marketing' };

  it('records a contact made with consent: channel, purpose, who and when, no message', async () => {
    const customer = await customerIn(s1, [{ ...marketingSms, given: true, method: 'in_store' }]);
    const contacted = deviceFact(s1, 'customer.contacted', customer, marketingSms);
    expect((await push(s1, contacted)).status).toBe(200);
    const fact = await stored(contacted);
    expect(fact).toMatchObject({ payload: marketingSms, associateId: 'S1-1001', outcome: { status: 'accepted' } });
    expect((await pulledFacts(s1b)).find((f) => f.id === contacted.id)?.outcome?.status).toBe('accepted');
  });

  it('refuses, and keeps on record, a contact whose consent was withdrawn on another device before it arrived', async () => {
    const customer = await customerIn(s1, [{ ...marketingSms, given: true, method: 'in_store' }]);
    // The tablet checked the consent and sent the SMS offline; meanwhile the till recorded the withdrawal.
    const contacted = deviceFact(s1b, 'customer.contacted', customer, marketingSms);
    await push(s1, deviceFact(s1, 'customer.consent-changed', customer, { ...marketingSms, given: false, method: 'in_store' }));
    expect((await push(s1b, contacted)).status).toBe(200);
    const fact = await stored(contacted);
    expect(fact.outcome).toMatchObject({ status: 'rejected', code: 'CUSTOMER_NO_CONSENT' });
    expect(fact.outcome?.message).toMatch(/withdrew consent to be contacted by sms for marketing/);
    // Consent for service never covered marketing: refused too.
    const service = await customerIn(s1, [{ channel: 'sms', purpose: 'service', given: true, method: 'in_store' }]);
    const wrongPurpose = deviceFact(s1, 'customer.contacted', service, marketingSms);
    await push(s1, wrongPurpose);
    expect((await stored(wrongPurpose)).outcome).toMatchObject({ status: 'rejected', code: 'CUSTOMER_NO_CONSENT' });
  });

  it('refuses anything about an erased customer', async () => {
    const customer = await customerIn(s1);
    const erased: Fact = {
      ...deviceFact(s1, 'customer.erased', customer, { mergedFrom: [] }),
      outcome: { status: 'accepted', code: null, message: null, decidedAt: new Date().toISOString() },
    };
    await server.store.transaction((tx) => tx.putDocuments([{ collection: 'facts', id: erased.id, storeId: 'S1', body: erased }]));
    const task = deviceFact(s1, 'customer.task-added', customer, { text: 'x', dueOn: '2026-12-01', assignee: 'S1-1001' });
    await push(s1, task);
    expect((await stored(task)).outcome).toMatchObject({ status: 'rejected', code: 'CUSTOMER_ERASED' });
  });
});

describe('the customer on the digital receipt', () => {
  it('shows the first name of the customer the sale names, and nothing for an anonymous sale', async () => {
    const customer = await customerIn(s1);
    const named = { ...cashSale(s1.store, s1.deviceId, [{ product: server.products[1]!, quantity: 1 }]), customerId: customer };
    const anonymous = cashSale(s1.store, s1.deviceId, [{ product: server.products[1]!, quantity: 1 }]);
    const res = await syncClient(server.url, s1.token).push('sales', [pushRow(named), pushRow(anonymous)]);
    expect(res.status).toBe(200);
    const page = await (await fetch(`${server.url}/receipts/${named.id}`)).text();
    expect(page).toContain('Helena');
    expect(page).not.toContain('Costa');
    const plain = await (await fetch(`${server.url}/receipts/${anonymous.id}`)).text();
    expect(plain).not.toContain('Helena');
  });
});

describe('erasure', () => {
  it("deletes the customer's tasks and wishlist with the profile, leaving nothing they said in the deletions", async () => {
    const customer = await customerIn(s1);
    const task = deviceFact(s1, 'customer.task-added', customer, { text: 'Helena wants the red 38', dueOn: '2026-12-01', assignee: 'S1-1001' });
    const wish = deviceFact(s1, 'customer.wishlist-changed', customer, { sku: server.products[2]!.sku, wanted: true });
    await push(s1, task, wish);
    const res = await fetch(`${server.url}/api/customers/${customer}/erase`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s1.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ manager: { staffNumber: '9001', pin: '9999' } }),
    });
    expect(res.status).toBe(200);
    for (const f of [task, wish]) {
      const doc = (await server.store.getDocument('facts', f.id))!;
      expect(doc.deleted).toBe(true);
      expect(doc.body).not.toMatch(/Helena|red 38/);
      const body = JSON.parse(doc.body) as Fact;
      expect(factKinds[f.kind as keyof typeof factKinds].payload.safeParse(body.payload).success).toBe(true);
    }
  });
});

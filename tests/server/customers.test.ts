import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newId,
  OrderIntakeSchema,
  systemClock,
  type CustomerProfile,
  type EnrollResponse,
  type Fact,
  type Integration,
} from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { intakeOrder } from '../../sync-server/orders/intake.js';
import { cashSale, deviceFact, pushFacts, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { mintKey } from './integration-probe.js';

/**
 * Customers on the server, on the test backend (SQLite, and PostgreSQL under server-pg): facts pushed by the
 * stores' devices are applied in the push's transaction, a second record of one person (same email, phone or CPF)
 * is merged into the first, online orders are matched at intake, and each profile reaches the devices of the stores
 * whose book holds it.
 */
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let integration: Integration;
let phones = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 20 });
  s1 = await server.enrollDevice('S1', 'Till S1');
  s2 = await server.enrollDevice('S2', 'Till S2');
  integration = (await mintKey(server.store)).integration;
});
afterAll(() => server.close());

/** A phone, email and CPF no other test of this file uses. */
const uniquePhone = () => `+55119${String(70_000_000 + ++phones).padStart(8, '0')}`;
const CPFS = ['52998224725', '12345678909', '11144477735'];

const fact = deviceFact;
const push = (device: EnrollResponse, ...facts: Fact[]) => pushFacts(server.url, device, facts);
const profile = async (id: string) => JSON.parse((await server.store.getDocument('customers', id))!.body) as CustomerProfile;
const outcome = async (f: Fact) => (JSON.parse((await server.store.getDocument('facts', f.id))!.body) as Fact).outcome;
const pulled = async (device: EnrollResponse) => (await syncClient(server.url, device.token).pullAll('customers')).documents as CustomerProfile[];

describe('customer facts', () => {
  it('create a profile in the creating store’s book, with consents recorded with when, who and how', async () => {
    const id = newId();
    const created = fact(s1, 'customer.created', id, {
      name: 'Ana Souza',
      phone: uniquePhone(),
      consents: [{ channel: 'email', purpose: 'service', given: true, method: 'in_store' }],
    });
    expect((await push(s1, created)).status).toBe(200);
    expect(await outcome(created)).toMatchObject({ status: 'accepted' });
    const p = await profile(id);
    expect(p).toMatchObject({ name: 'Ana Souza', stores: ['S1'], mergedInto: null });
    expect(p.consents).toEqual([expect.objectContaining({ channel: 'email', purpose: 'service', given: true, method: 'in_store', by: 'S1-1001' })]);
  });

  it('refuse an invalid email, phone or CPF and a consent change without channel and purpose, field by field, writing nothing', async () => {
    const id = newId();
    const bad = fact(s1, 'customer.created', id, { name: 'Ana', email: 'ana@', phone: '9876', nationalId: { kind: 'cpf', number: '52998224726' } });
    const res = await push(s1, bad);
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors.map((e: { path: string }) => e.path)).toEqual([
      '0.newDocumentState.payload.email',
      '0.newDocumentState.payload.phone',
      '0.newDocumentState.payload.nationalId.number',
    ]);
    const consent = await push(s1, fact(s1, 'customer.consent-changed', id, { given: true, method: 'in_store' }));
    expect(consent.status).toBe(400);
    expect(consent.body.error.fieldErrors.map((e: { path: string }) => e.path)).toEqual([
      '0.newDocumentState.payload.channel',
      '0.newDocumentState.payload.purpose',
    ]);
    expect(await server.store.getDocument('customers', id)).toBeUndefined();
  });
});

describe('one person created twice', () => {
  it.each([
    ['phone', () => ({ phone: uniquePhone() })],
    ['email', () => ({ email: `ana.${newId().slice(-8)}@example.com` })],
    ['CPF', () => ({ nationalId: { kind: 'cpf', number: CPFS.shift()! } })],
  ])('is merged by %s: one profile keeps both records’ notes, consents and history; the other points to it', async (_key, contact) => {
    const shared = contact();
    const first = newId();
    const second = newId();
    await push(s1, fact(s1, 'customer.created', first, { name: 'Ana', ...shared }));
    await push(s1, fact(s1, 'customer.note-added', first, { text: 'prefers slim fit' }));
    await push(s1, fact(s1, 'customer.consent-changed', first, { channel: 'whatsapp', purpose: 'marketing', given: true, method: 'in_store' }));
    const dup = fact(s2, 'customer.created', second, {
      name: 'Ana Souza',
      ...shared,
      consents: [{ channel: 'whatsapp', purpose: 'marketing', given: false, method: 'online' }],
    });
    expect((await push(s2, dup)).status).toBe(200);
    expect(await outcome(dup)).toMatchObject({ status: 'accepted' });

    const survivor = await profile(first);
    expect(survivor).toMatchObject({ name: 'Ana Souza', mergedFrom: [second], stores: ['S1', 'S2'] });
    expect(survivor.notes.map((n) => n.text)).toEqual(['prefers slim fit']);
    // The withdrawal was decided after the consent: it wins, and both decisions stay in the history.
    expect(survivor.consents).toEqual([expect.objectContaining({ channel: 'whatsapp', purpose: 'marketing', given: false, storeId: 'S2' })]);
    expect(survivor.consentHistory.map((d) => d.given)).toEqual([true, false]);
    expect(survivor.history.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'note_added', 'consent_changed', 'merged']));
    expect(await profile(second)).toMatchObject({ mergedInto: first, name: '—', phone: null, email: null, nationalId: null, notes: [] });

    // A tablet that still knows the merged-away id: its later note lands on the survivor.
    const late = fact(s2, 'customer.note-added', second, { text: 'call when the 38 arrives' });
    await push(s2, late);
    expect(await outcome(late)).toMatchObject({ status: 'accepted' });
    expect((await profile(first)).notes.map((n) => n.text)).toEqual(['prefers slim fit', 'call when the 38 arrives']);
  });

  it('merges two records of one push (two tablets offline, one batch), and a retried push changes nothing', async () => {
    const phone = uniquePhone();
    const a = fact(s1, 'customer.created', newId(), { name: 'Bruno', phone });
    const b = fact(s1, 'customer.created', newId(), { name: 'Bruno Lima', phone });
    expect((await push(s1, a, b)).status).toBe(200);
    const survivor = await profile(a.subjectId);
    expect(survivor.mergedFrom).toEqual([b.subjectId]);
    const seq = (await server.store.getDocument('customers', a.subjectId))!.seq;
    await push(s1, a, b);
    expect((await server.store.getDocument('customers', a.subjectId))!.seq).toBe(seq);
  });
});

describe('an edit', () => {
  it('changes only the fields it names, and merges the profile with another one whose email it now has', async () => {
    const email = `gil.${newId().slice(-8)}@example.com`;
    const kept = newId();
    const edited = newId();
    await push(s1, fact(s1, 'customer.created', kept, { name: 'Gil', email }));
    await push(s1, fact(s1, 'customer.created', edited, { name: 'Gilberto Souza', phone: uniquePhone() }));
    const rename = fact(s1, 'customer.updated', edited, { fields: { name: 'Gilberto S. Souza' } });
    expect((await push(s1, rename)).status).toBe(200);
    expect(await outcome(rename)).toMatchObject({ status: 'accepted' });
    expect(await profile(edited)).toMatchObject({ name: 'Gilberto S. Souza', mergedInto: null });

    const sameEmail = fact(s1, 'customer.updated', edited, { fields: { email: email.toUpperCase() } });
    expect((await push(s1, sameEmail)).status).toBe(200);
    expect(await outcome(sameEmail)).toMatchObject({ status: 'accepted' });
    expect(await profile(kept)).toMatchObject({ name: 'Gilberto S. Souza', email, mergedFrom: [edited] });
    expect(await profile(edited)).toMatchObject({ mergedInto: kept });
  });
});

describe('the store’s book on the devices', () => {
  it('reaches only the devices of the stores whose book holds the customer; after a merge, both stores converge on the survivor', async () => {
    const phone = uniquePhone();
    const mine = newId();
    await push(s1, fact(s1, 'customer.created', mine, { name: 'Carla', phone }));
    expect((await pulled(s1)).some((p) => p.id === mine)).toBe(true);
    expect((await pulled(s2)).some((p) => p.id === mine)).toBe(false);

    const theirs = newId();
    await push(s2, fact(s2, 'customer.created', theirs, { name: 'Carla Mendes', phone }));
    const onS2 = await pulled(s2);
    expect(onS2.find((p) => p.id === mine)).toMatchObject({ name: 'Carla Mendes', mergedInto: null });
    expect(onS2.find((p) => p.id === theirs)).toMatchObject({ mergedInto: mine });
    expect((await pulled(s1)).find((p) => p.id === mine)).toMatchObject({ name: 'Carla Mendes', mergedFrom: [theirs] });
  });
});

describe('a sale naming a customer', () => {
  it('puts the customer in the book of the store that sold, so its devices receive the profile (a merged-away id too)', async () => {
    const phone = uniquePhone();
    const first = newId();
    const second = newId();
    await push(s1, fact(s1, 'customer.created', first, { name: 'Fábio', phone }));
    await push(s1, fact(s1, 'customer.created', second, { name: 'Fábio Lima', phone }));
    expect((await pulled(s2)).some((p) => p.id === first)).toBe(false);

    // The S2 till was handed the merged-away id (a lookup, a receipt): its sale still reaches the survivor.
    const sale = { ...cashSale(s2.store, s2.deviceId, [{ product: server.products[3]!, quantity: 1 }]), customerId: second };
    const res = await syncClient(server.url, s2.token).push('sales', [pushRow(sale)]);
    expect(res.status).toBe(200);
    expect(res.body[0].outcome).toMatchObject({ status: 'accepted' });
    expect((await profile(first)).stores).toEqual(['S1', 'S2']);
    expect((await pulled(s2)).find((p) => p.id === first)).toMatchObject({ name: 'Fábio Lima', mergedInto: null });
  });
});

describe('looking a customer up in the whole chain', () => {
  const lookup = (device: EnrollResponse, query: Record<string, string>) =>
    fetch(`${server.url}/api/lookup/customers?${new URLSearchParams(query)}`, { headers: { Authorization: `Bearer ${device.token}` } }).then(
      async (res) => ({ status: res.status, body: await res.json() }),
    );

  it('finds a customer of another store’s book by email, phone or CPF (never a pointer), and refuses a malformed or double query', async () => {
    const id = newId();
    const phone = uniquePhone();
    const email = `helena.${id.slice(-8)}@example.com`;
    await push(s1, fact(s1, 'customer.created', id, { name: 'Helena', phone, email }));
    await push(s1, fact(s1, 'customer.created', newId(), { name: 'Helena Costa', phone }));
    for (const query of [{ email: email.toUpperCase() }, { phone }] as Record<string, string>[]) {
      const found = await lookup(s2, query);
      expect(found.status).toBe(200);
      expect(found.body.customers.map((p: CustomerProfile) => [p.id, p.name])).toEqual([[id, 'Helena Costa']]);
    }
    expect((await lookup(s2, { cpf: '52998224726' })).status).toBe(400);
    expect((await lookup(s2, { email, phone })).status).toBe(400);
    expect((await lookup(s2, { email: 'nobody@example.com' })).body.customers).toEqual([]);
  });
});

describe("a customer's purchases in the other stores", () => {
  const purchases = (device: EnrollResponse, id: string) =>
    fetch(`${server.url}/api/customers/${encodeURIComponent(id)}/purchases`, { headers: { Authorization: `Bearer ${device.token}` } }).then(
      async (res) => ({ status: res.status, body: await res.json() }),
    );

  it('counts the accepted sales of every other store, merged ids included, in amounts only; the asking store’s own sales are its own', async () => {
    const phone = uniquePhone();
    const first = newId();
    const second = newId();
    await push(s1, fact(s1, 'customer.created', first, { name: 'Irene', phone }));
    await push(s1, fact(s1, 'customer.created', second, { name: 'Irene Melo', phone })); // merged into first
    const inS2 = { ...cashSale(s2.store, s2.deviceId, [{ product: server.products[4]!, quantity: 2 }]), customerId: second };
    const inS1 = { ...cashSale(s1.store, s1.deviceId, [{ product: server.products[5]!, quantity: 1 }]), customerId: first };
    expect((await syncClient(server.url, s2.token).push('sales', [pushRow(inS2)])).status).toBe(200);
    expect((await syncClient(server.url, s1.token).push('sales', [pushRow(inS1)])).status).toBe(200);

    const fromS1 = await purchases(s1, first);
    expect(fromS1.status).toBe(200);
    expect(fromS1.body).toMatchObject({
      customerId: first,
      summary: { count: 1, total: inS2.totals.total },
      stores: [{ storeId: 'S2', count: 1, total: inS2.totals.total }],
    });
    expect(fromS1.body.stores[0].name).toEqual(expect.any(String));
    expect(JSON.stringify(fromS1.body)).not.toContain(server.products[4]!.sku); // no lines
    // The merged-away id answers for the survivor; S2 sees S1's sale as the other store.
    expect((await purchases(s1, second)).body.customerId).toBe(first);
    expect((await purchases(s2, first)).body.stores).toEqual([expect.objectContaining({ storeId: 'S1', count: 1, total: inS1.totals.total })]);
    expect((await purchases(s1, newId())).status).toBe(404);
  });
});

describe('online order intake', () => {
  const order = (customer: Record<string, unknown>) => {
    const product = server.products[0]!;
    const input = pickupIntake('S2', [{ sku: product.sku, quantity: 1, unitPrice: product.price.amount }]);
    return OrderIntakeSchema.parse({ ...input, number: `WEB-${newId().slice(-12)}`, customer: { ...input.customer, ...customer } });
  };
  const intake = (o: ReturnType<typeof order>) => server.store.transaction((tx) => intakeOrder(tx, integration, o, { clock: systemClock, newId }));
  const byEmail = async (email: string) =>
    (await server.store.findByKey('customers', 'email', email)).map((d) => JSON.parse(d.body) as CustomerProfile);

  it('matches the customer by email, phone or CPF to their profile and puts them in the pickup store’s book', async () => {
    const id = newId();
    const phone = uniquePhone();
    await push(s1, fact(s1, 'customer.created', id, { name: 'Davi Rocha', phone }));
    const placed = await intake(order({ name: 'Davi R.', email: `davi.${id.slice(-6)}@example.com`, phone, nationalId: null }));
    const matched = await profile(id);
    expect(matched).toMatchObject({ name: 'Davi Rocha', email: `davi.${id.slice(-6)}@example.com`, stores: ['S1', 'S2'] });
    expect(matched.history.filter((e) => e.kind === 'order_matched').map((e) => e.ref)).toEqual([placed.id]);
    expect((await pulled(s2)).some((p) => p.id === id)).toBe(true);
  });

  it('makes an unknown customer a new profile with no marketing consent', async () => {
    const email = `eva.${newId().slice(-8)}@example.com`;
    await intake(order({ name: 'Eva Lima', email, phone: uniquePhone(), nationalId: null }));
    const [created] = await byEmail(email);
    expect(created).toMatchObject({ name: 'Eva Lima', stores: ['S2'], consents: [], consentHistory: [] });
  });
});

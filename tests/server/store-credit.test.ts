import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeSale,
  CREDIT_AS_PIX_TXID,
  draftCreditAdjusted,
  draftReturn,
  formatCreditCode,
  newCreditCode,
  newId,
  systemClock,
  type EnrollResponse,
  type Fact,
  type PaymentTender,
  type Product,
  type Sale,
} from '../../src/domain/index.js';
import { cashTender } from '../../src/domain/testing/sales.js';
import { DEMO_STORES } from '../../sync-server/demo/stores.js';
import { bearer, mintKey } from './integration-probe.js';
import { cashSale, pushFacts, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Store credit through a real server (SQLite, and PostgreSQL under server-pg): a return refunded to credit issues it
 * under the code the device drew; any store's till redeems it, online after checking the balance or offline within
 * its store's limit; the server posts every redemption when the sale arrives, flags an overdraw for a manager
 * instead of refusing a sale the customer already left with, and posts nothing twice.
 */
let server: TestServer;
let s1: EnrollResponse;
let s2: EnrollResponse;
let receipt = 0;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 20 });
  s1 = await server.enrollDevice('S1', 'Caixa S1');
  s2 = await server.enrollDevice('S2', 'Caixa S2');
});
afterAll(() => server.close());

const api = async (device: EnrollResponse, path: string) => {
  const res = await fetch(`${server.url}/api${path}`, { headers: { Authorization: `Bearer ${device.token}` } });
  return { status: res.status, body: await res.json() };
};
const credit = (code: string, amount: number, check: 'online' | 'offline' | 'exchange'): PaymentTender => ({
  kind: 'credit',
  id: newId(),
  amount,
  code,
  check,
});

/** A sale rung up on `device`'s till, paid by the tenders given (built by the domain, as the till does). */
function sale(device: EnrollResponse, product: Product, tenders: (total: number) => PaymentTender[]): Sale {
  const total = product.price.amount;
  return completeSale({
    store: device.store,
    deviceId: device.deviceId,
    associateId: `${device.storeId}-1001`,
    receiptNumber: `${device.storeId}-01-${String(++receipt).padStart(6, '0')}`,
    lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice: total, taxClass: product.taxClass }],
    tenders: tenders(total),
    customerId: null,
    newId,
    clock: systemClock,
  });
}

const pushSale = (device: EnrollResponse, s: Sale, version?: number) => syncClient(server.url, device.token).push('sales', [pushRow(s)], version);
const outcomeOf = async (s: Sale) => JSON.parse((await server.store.getDocument('sales', s.id))!.body).outcome;
const factOutcome = async (f: Fact) => JSON.parse((await server.store.getDocument('facts', f.id))!.body).outcome;

/** A cash sale at S1, then its return at S1 refunded to store credit under a code the device drew. */
async function creditFromReturn(product: Product): Promise<{ code: string; amount: number; fact: Fact }> {
  const bought = cashSale(s1.store, s1.deviceId, [{ product, quantity: 1 }]);
  expect((await pushSale(s1, bought)).status).toBe(200);
  const code = newCreditCode();
  const fact = draftReturn({
    storeId: 'S1',
    deviceId: s1.deviceId,
    associateId: 'S1-1001',
    source: { kind: 'sale', saleId: bought.id },
    lines: [{ lineNo: 1, sku: product.sku, quantity: 1, reason: 'changed_mind', condition: 'resellable' }],
    approvedBy: null,
    approvalReason: null,
    customerId: null,
    priced: bought.lines,
    paidBy: { kind: 'sale', sale: bought },
    returnedBefore: new Map(),
    method: 'store_credit',
    creditCode: code,
    newId,
    clock: systemClock,
  }) as unknown as Fact;
  expect((await pushFacts(server.url, s1, [fact])).status).toBe(200);
  expect(await factOutcome(fact)).toMatchObject({ status: 'accepted' });
  return { code, amount: bought.totals.total, fact };
}

describe('store credit', () => {
  it("a return refunded to store credit issues it under the device's code, found by any store's till online", async () => {
    const product = server.products[0]!;
    const { code, amount } = await creditFromReturn(product);
    // Typed as printed (groups of four, lower case) at another store.
    const found = await api(s2, `/credits/${formatCreditCode(code).toLowerCase()}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ code, currency: 'BRL', balance: amount, origin: 'return', issuedStoreId: 'S1', flag: null });
    expect(found.body.entries).toEqual([expect.objectContaining({ position: 1, kind: 'issue', amount, storeId: 'S1', balanceAfter: amount })]);
    expect((await api(s2, `/credits/${newCreditCode()}`)).status).toBe(404);
    expect((await api(s2, '/credits/no')).status).toBe(400);
  });

  it('redeemed online at another store: the sale is accepted and the balance goes down by what it paid', async () => {
    const { code, amount } = await creditFromReturn(server.products[1]!);
    const product = server.products[2]!;
    const part = Math.min(amount, product.price.amount) - 100;
    const paid = sale(s2, product, (total) => [credit(code, part, 'online'), cashTender(newId(), total - part)]);
    expect((await pushSale(s2, paid)).status).toBe(200);
    expect(await outcomeOf(paid)).toMatchObject({ status: 'accepted' });
    const after = (await api(s2, `/credits/${code}`)).body;
    expect(after).toMatchObject({ balance: amount - part, flag: null });
    expect(after.entries.map((e: { kind: string; amount: number; storeId: string }) => [e.kind, e.amount, e.storeId])).toEqual([
      ['issue', amount, 'S1'],
      ['redeem', -part, 'S2'],
    ]);
    // The redeeming store's stock moved as for any sale.
    expect((await server.store.movementsFor('S2', product.sku)).some((m) => m.sourceId === paid.id)).toBe(true);
  });

  it('an offline redemption above the balance is accepted and flags the credit for the manager of the store that took it, never silently negative', async () => {
    const byPrice = [...server.products.slice(11)].sort((a, b) => a.price.amount - b.price.amount);
    const { code, amount } = await creditFromReturn(byPrice[0]!);
    const over = sale(s2, byPrice.at(-1)!, (total) => [credit(code, total, 'offline')]);
    expect(over.tenders[0]!.amount).toBeGreaterThan(amount);
    expect((await pushSale(s2, over)).status).toBe(200);
    expect(await outcomeOf(over)).toMatchObject({ status: 'accepted' });
    const flagged = (await api(s2, `/credits/${code}`)).body;
    const overdraw = over.totals.total - amount;
    expect(flagged).toMatchObject({ balance: -overdraw, flag: { reason: 'overdrawn', storeId: 'S2' } });
    expect(flagged.entries.at(-1)).toMatchObject({ kind: 'redeem', offline: true, storeId: 'S2', balanceAfter: -overdraw, overdraw });
    // S2's manager sees it (code masked); S1, where nothing was overdrawn, does not.
    const list = (await api(s2, '/credits/flagged')).body.credits;
    expect(list).toEqual([expect.objectContaining({ code: `••••${code.slice(-4)}`, balance: -overdraw })]);
    expect((await api(s1, '/credits/flagged')).body.credits).toEqual([]);
  });

  it('an offline redemption of a code the server never issued is accepted and shows as an overdrawn credit, not lost', async () => {
    const code = newCreditCode();
    const s = sale(s1, server.products[5]!, (total) => [credit(code, 500, 'offline'), cashTender(newId(), total - 500)]);
    expect((await pushSale(s1, s)).status).toBe(200);
    expect(await outcomeOf(s)).toMatchObject({ status: 'accepted' });
    expect((await api(s1, `/credits/${code}`)).body).toMatchObject({
      origin: 'unknown',
      balance: -500,
      flag: { reason: 'overdrawn', storeId: 'S1' },
    });
  });

  it('a retried push (lost answer) and a reversed credit tender post nothing more', async () => {
    const { code, amount, fact } = await creditFromReturn(server.products[6]!);
    const product = server.products[7]!;
    const reversedTender = { ...credit(code, 100, 'online'), reversal: { reason: 'entered_in_error' as const, reversedBy: 'S1-1001' } };
    const s = sale(s1, product, (total) => [reversedTender, credit(code, 200, 'online'), cashTender(newId(), total - 200)]);
    for (let i = 0; i < 3; i++) expect((await pushSale(s1, s)).status).toBe(200);
    expect((await pushFacts(server.url, s1, [fact])).status).toBe(200);
    const after = (await api(s1, `/credits/${code}`)).body;
    expect(after.balance).toBe(amount - 200);
    expect(after.entries.map((e: { kind: string }) => e.kind)).toEqual(['issue', 'redeem']);
  });

  it('a v2 app still syncs sales: its own sale is accepted as it is, and a credit sale reaches it as a Pix noted "store credit"', async () => {
    const v2Sale = cashSale(s2.store, s2.deviceId, [{ product: server.products[8]!, quantity: 1 }]);
    expect((await pushSale(s2, v2Sale, 2)).status).toBe(200);
    expect(await outcomeOf(v2Sale)).toMatchObject({ status: 'accepted' });

    const { code } = await creditFromReturn(server.products[9]!);
    const s = sale(s2, server.products[10]!, (total) => [credit(code, 300, 'online'), cashTender(newId(), total - 300)]);
    expect((await pushSale(s2, s)).status).toBe(200);
    const v2 = await syncClient(server.url, s2.token).pullAll('sales');
    expect(v2.documents.length).toBeGreaterThan(0);
    const asV2 = (await syncClient(server.url, s2.token).pull('sales', { version: 2, limit: 500 })).body.documents as Sale[];
    const seen = asV2.find((d) => d.id === s.id)!;
    expect(seen.tenders[0]).toMatchObject({ kind: 'pix', amount: 300, txid: CREDIT_AS_PIX_TXID, reference: `store credit ••••${code.slice(-4)}` });
    expect(JSON.stringify(seen)).not.toContain(code);
    expect(asV2.find((d) => d.id === v2Sale.id)).toBeDefined();
    const current = (await syncClient(server.url, s2.token).pull('sales', { limit: 500 })).body.documents as Sale[];
    expect(current.find((d) => d.id === s.id)!.tenders[0]).toMatchObject({ kind: 'credit', code });
  });

  it('a gift card sold at S1 is issued on the ledger when its sale arrives, once however often it is pushed, and spent at S2', async () => {
    const code = newCreditCode();
    const sold = completeSale({
      store: s1.store,
      deviceId: s1.deviceId,
      associateId: 'S1-1001',
      receiptNumber: `S1-01-${String(++receipt).padStart(6, '0')}`,
      lines: [],
      giftCards: [{ code, amount: 15_000 }],
      tenders: [cashTender(newId(), 15_000)],
      newId,
      clock: systemClock,
    });
    for (let i = 0; i < 2; i++) expect((await pushSale(s1, sold)).status).toBe(200);
    expect(await outcomeOf(sold)).toMatchObject({ status: 'accepted' });
    const issued = (await api(s2, `/credits/${code}`)).body;
    expect(issued).toMatchObject({ balance: 15_000, origin: 'gift_card', issuedStoreId: 'S1', flag: null });
    expect(issued.entries).toHaveLength(1);

    const product = server.products[12]!;
    const spent = sale(s2, product, (total) => [
      credit(code, Math.min(total, 15_000), 'online'),
      ...(total > 15_000 ? [cashTender(newId(), total - 15_000)] : []),
    ]);
    expect((await pushSale(s2, spent)).status).toBe(200);
    expect((await api(s2, `/credits/${code}`)).body.balance).toBe(15_000 - Math.min(product.price.amount, 15_000));
    // An app before gift cards (v3) sees the card as a line of its value, its code masked.
    const asV3 = (await syncClient(server.url, s1.token).pull('sales', { version: 3, limit: 500 })).body.documents as Sale[];
    const seen = asV3.find((d) => d.id === sold.id)!;
    expect(seen.lines).toEqual([expect.objectContaining({ name: `Gift card ••••${code.slice(-4)}`, total: 15_000 })]);
    expect(JSON.stringify(seen)).not.toContain(code);
  });

  it('a gift card paid with store credit, or a sale of nothing, is refused with its reason and issues nothing', async () => {
    const { code: creditCode } = await creditFromReturn(server.products[13]!);
    const card = newCreditCode();
    const base = completeSale({
      store: s1.store,
      deviceId: s1.deviceId,
      associateId: 'S1-1001',
      receiptNumber: `S1-01-${String(++receipt).padStart(6, '0')}`,
      lines: [],
      giftCards: [{ code: card, amount: 1_000 }],
      tenders: [cashTender(newId(), 1_000)],
      newId,
      clock: systemClock,
    });
    // What a tampered or buggy till could push: the card paid by credit.
    const byCredit: Sale = { ...base, id: newId(), tenders: [credit(creditCode, 1_000, 'online')] };
    expect((await pushSale(s1, byCredit)).status).toBe(200);
    expect(await outcomeOf(byCredit)).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED', message: expect.stringContaining('gift card') });
    const empty: Sale = { ...base, id: newId(), giftCards: [] };
    expect((await pushSale(s1, empty)).status).toBe(200);
    expect(await outcomeOf(empty)).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED' });
    expect((await api(s1, `/credits/${card}`)).status).toBe(404);
  });

  it("a manager writes off an overdrawn credit (credit.adjusted): back to zero, unflagged, once however often it is pushed; an associate's is refused", async () => {
    const code = newCreditCode();
    const over = sale(s2, server.products[14]!, (total) => [credit(code, 700, 'offline'), cashTender(newId(), total - 700)]);
    expect((await pushSale(s2, over)).status).toBe(200);
    expect((await api(s2, `/credits/${code}`)).body).toMatchObject({ balance: -700, flag: { reason: 'overdrawn' } });
    const adjust = (associateId: string) =>
      draftCreditAdjusted({
        code,
        amount: 700,
        currency: 'BRL',
        reason: 'write_off',
        note: 'customer gone, store absorbs it',
        storeId: 'S2',
        deviceId: s2.deviceId,
        associateId,
        newId,
        clock: systemClock,
      });
    const byAssociate = adjust('S2-1001');
    const byManager = adjust('S2-9001');
    for (let i = 0; i < 2; i++) expect((await pushFacts(server.url, s2, [byAssociate, byManager])).status).toBe(200);
    expect(await factOutcome(byAssociate)).toMatchObject({ status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED' });
    expect(await factOutcome(byManager)).toMatchObject({ status: 'accepted' });
    const after = (await api(s2, `/credits/${code}`)).body;
    expect(after).toMatchObject({ balance: 0, flag: null });
    expect(after.entries.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['redeem', -700],
      ['adjust', 700],
    ]);
    expect((await api(s2, '/credits/flagged')).body.credits.map((c: { code: string }) => c.code)).not.toContain(`••••${code.slice(-4)}`);
    expect(() =>
      draftCreditAdjusted({
        ...byManager.payload,
        amount: 0,
        code,
        storeId: 'S2',
        deviceId: s2.deviceId,
        associateId: 'S2-9001',
        newId,
        clock: systemClock,
      }),
    ).toThrow(/not 0/);
  });

  it("the store's offline limit is a setting of PUT /api/stores/{id} that reaches its tills; a negative one is refused", async () => {
    const { id: _id, ...settings } = DEMO_STORES.find((st) => st.id === 'S2')!;
    const { apiKey } = await mintKey(server.store, { scopes: ['stores:write'] });
    const put = (body: unknown) =>
      fetch(`${server.url}/api/stores/S2`, {
        method: 'PUT',
        ...bearer(apiKey, { 'Content-Type': 'application/json' }),
        body: JSON.stringify(body),
      });
    expect((await put({ ...settings, offlineCreditLimit: -1 })).status).toBe(400);
    expect((await put({ ...settings, offlineCreditLimit: 20000 })).status).toBe(200);
    const stores = (await syncClient(server.url, s2.token).pullAll('stores')).documents;
    expect(stores.find((st) => st.id === 'S2')).toMatchObject({ offlineCreditLimit: 20000 });
  });

  it('a device guessing codes is stopped: 30 lookups a minute, then 429 with the time to wait', async () => {
    const guesser = await server.enrollDevice('S3', 'Caixa S3');
    for (let i = 0; i < 30; i++) expect((await api(guesser, `/credits/${newCreditCode()}`)).status).toBe(404);
    const res = await fetch(`${server.url}/api/credits/${newCreditCode()}`, { headers: { Authorization: `Bearer ${guesser.token}` } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});

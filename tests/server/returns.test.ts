import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeRefund,
  damagedLocationOf,
  exportProofPublicKey,
  generateProofKeyPair,
  kidOf,
  saleProofSummary,
  signProof,
  newId,
  refundAmount,
  systemClock,
  type EnrollResponse,
  type Fact,
  type Order,
  type Product,
  type ReturnRecordedPayload,
  type Sale,
} from '../../src/domain/index.js';
import { cardTender, cashTender } from '../../src/domain/testing/sales.js';
import { upsertProducts } from '../../sync-server/catalog/products.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { deviceFact, pushFacts, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';
import { pickupWorld } from './pickup-fixture.js';

/**
 * `return.recorded` through a real server (SQLite, and PostgreSQL under server-pg): eligibility re-checked in the
 * fact's transaction, never more back than bought (two offline devices included), resellable vs damaged stock, and
 * an online order's refund told to its platform. Demo stores return within 30 days ('Meias e Íntimos': 0).
 */
let server: TestServer;
let world: ReturnType<typeof pickupWorld>;
let s1: EnrollResponse;
let s2: EnrollResponse;
let s2Phone: EnrollResponse;
const ASSOCIATE_S2 = 'S2-1001';
const MANAGER_S2 = 'S2-9001';
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 40 });
  const { apiKey } = await createIntegration(server.store, { name: 'webshop' }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  s1 = await server.enrollDevice('S1', 'Caixa S1');
  s2 = await server.enrollDevice('S2', 'Caixa S2');
  s2Phone = await server.enrollDevice('S2', 'Phone S2');
});
afterAll(() => server.close());

let receipt = 0;
/** An accepted S1 sale of these products, decided `daysAgo` days ago, paid half by card and the rest in cash. */
async function seedSale(items: { product: Product; quantity: number; discount?: number }[], daysAgo = 1): Promise<Sale> {
  const lines = items.map(({ product, quantity, discount = 0 }, i) => {
    const total = quantity * product.price.amount - discount;
    const tax = Math.round((total * 1800) / 11800);
    return {
      lineNo: i + 1,
      sku: product.sku,
      name: product.name,
      quantity,
      unitPrice: product.price.amount,
      discount,
      discounts: discount > 0 ? [{ source: 'manual' as const, scope: 'line' as const, reason: 'loyalty' as const, amount: discount }] : [],
      taxClass: product.taxClass,
      taxRateBp: 1800,
      net: total,
      tax,
      total,
    };
  });
  const total = lines.reduce((a, l) => a + l.total, 0);
  const card = Math.floor(total / 2);
  const decidedAt = new Date(Date.now() - daysAgo * DAY).toISOString();
  const sale: Sale = {
    id: newId(),
    storeId: 'S1',
    deviceId: s1.deviceId,
    associateId: 'S1-1001',
    currency: 'BRL',
    pricesIncludeTax: true,
    taxRounding: 'line',
    cashRoundingStep: 1,
    receiptNumber: `S1-01-${String(++receipt).padStart(6, '0')}`,
    shiftId: null,
    lines,
    voidedLines: [],
    tenders: [cardTender('t1', card), cashTender('t2', total - card)],
    discountApprovedBy: null,
    totals: { subtotal: total, discount: 0, tax: lines.reduce((a, l) => a + l.tax, 0), total, tendered: total, change: 0, cashRounding: 0 },
    customerId: null,
    customerTaxId: null,
    createdAtDevice: decidedAt,
    outcome: { status: 'accepted', code: null, message: null, decidedAt },
  };
  await server.store.transaction((tx) => tx.putDocuments([{ collection: 'sales', id: sale.id, storeId: 'S1', body: sale }]));
  return sale;
}

/** An S1 pickup order posted through the integration API, then collected in full `daysAgo` days ago. */
async function collectedOrder(items: number[], daysAgo: number): Promise<Order> {
  const posted = await world.postOrder(items);
  const collectedAt = new Date(Date.now() - daysAgo * DAY).toISOString();
  const order: Order = {
    ...(await world.order(posted.id)),
    state: 'collected',
    collectedAt,
    lines: posted.lines.map((l) => ({ ...l, reserved: 0, picked: l.quantity, collected: l.quantity })),
  };
  await server.store.transaction((tx) =>
    tx.putDocuments([{ collection: 'orders', id: order.id, storeId: 'S1', body: { ...order, integrationId: (order as Order).integrationId } }]),
  );
  return order;
}

type Line = ReturnRecordedPayload['lines'][number];
/** A return at `device`'s store, its refund computed as the device would (earlier returns of the lines given). */
function returnFact(
  device: EnrollResponse,
  source: { sale: Sale } | { order: Order },
  lines: Line[],
  over: Partial<ReturnRecordedPayload> & { associateId?: string; returnedBefore?: Map<number, number> } = {},
): Fact {
  const { associateId = device.storeId === 'S2' ? ASSOCIATE_S2 : 'S1-1001', returnedBefore = new Map(), ...payloadOver } = over;
  const priced = ('sale' in source ? source.sale.lines : source.order.lines).map(({ lineNo, quantity, total }) => ({ lineNo, quantity, total }));
  const amount = refundAmount(priced, lines, returnedBefore);
  const refund = computeRefund(
    'original_tender',
    amount,
    'sale' in source ? { kind: 'sale', sale: source.sale } : { kind: 'order', order: source.order },
  );
  const payload: ReturnRecordedPayload = {
    source: 'sale' in source ? { kind: 'sale', saleId: source.sale.id } : { kind: 'order', orderId: source.order.id },
    lines,
    refund,
    approvedBy: null,
    approvalReason: null,
    customerId: null,
    ...payloadOver,
  };
  return {
    id: newId(),
    kind: 'return.recorded',
    storeId: device.storeId,
    deviceId: device.deviceId,
    associateId,
    createdAtDevice: new Date().toISOString(),
    subjectId: newId(),
    payload,
  };
}
/** What the return screen does first for another store's sale: looks it up by its receipt number. */
async function lookUp(device: EnrollResponse, receiptNumber: string) {
  const res = await fetch(`${server.url}/api/lookup/sales?${new URLSearchParams({ receiptNumber })}`, {
    headers: { Authorization: `Bearer ${device.token}` },
  });
  return { status: res.status, body: await res.json() };
}
const push = (device: EnrollResponse, ...facts: Fact[]) =>
  syncClient(server.url, device.token).push(
    'facts',
    facts.map((f) => ({ assumedMasterState: null, newDocumentState: f })),
  );
const outcome = async (f: Fact) => JSON.parse((await server.store.getDocument('facts', f.id))!.body).outcome as Fact['outcome'];
const returnsAt = async (storeId: string, sku: string, f: Fact) =>
  (await server.store.movementsFor(storeId, sku)).filter((m) => m.sourceId === f.id).map((m) => [m.reason, m.quantity]);
const line = (lineNo: number, sku: string, quantity: number, condition: Line['condition'] = 'resellable'): Line => ({
  lineNo,
  sku,
  quantity,
  reason: 'wrong_size',
  condition,
});

describe('return.recorded', () => {
  it("takes back S1's sale at S2: resellable units into S2's stock, damaged ones into S2's damaged location (never sellable), the refund split as paid", async () => {
    const [shirt, shoes] = [server.products[0]!, server.products[1]!];
    const sale = await seedSale([
      { product: shirt, quantity: 2 },
      { product: shoes, quantity: 1 },
    ]);
    expect((await lookUp(s2, sale.receiptNumber.toLowerCase())).body.sales).toEqual([
      expect.objectContaining({
        id: sale.id,
        storeId: 'S1',
        lines: [expect.objectContaining({ returned: 0 }), expect.objectContaining({ returned: 0 })],
      }),
    ]);
    const fact = returnFact(s2, { sale }, [line(1, shirt.sku, 1, 'resellable'), line(1, shirt.sku, 1, 'damaged'), line(2, shoes.sku, 1, 'damaged')]);
    expect((await push(s2, fact)).status).toBe(200);
    expect(await outcome(fact)).toMatchObject({ status: 'accepted' });
    expect(await returnsAt('S2', shirt.sku, fact)).toEqual([['return', 1]]);
    expect(await returnsAt('S2', shoes.sku, fact)).toEqual([]);
    expect(await returnsAt('S1', shirt.sku, fact)).toEqual([]);
    // Damaged units go to the store's damaged location, which no till sells from.
    expect(await returnsAt(damagedLocationOf('S2'), shirt.sku, fact)).toEqual([['return', 1]]);
    expect(await returnsAt(damagedLocationOf('S2'), shoes.sku, fact)).toEqual([['return', 1]]);
    const level = async (storeId: string, sku: string) => JSON.parse((await server.store.getDocument('stock', `${storeId}:${sku}`))?.body ?? 'null');
    expect(await level(damagedLocationOf('S2'), shoes.sku)).toMatchObject({ onHand: 1 });
    // The lookup now answers what came back, so another store does not offer it again.
    expect((await lookUp(s2, sale.receiptNumber)).body.sales[0].lines.map((l: { returned: number }) => l.returned)).toEqual([2, 1]);
    // The whole sale back: half to the card, the rest in cash, as it was paid.
    const tenders = (fact.payload as ReturnRecordedPayload).refund.tenders;
    expect(tenders.map((t) => t.kind)).toEqual(['cash', 'card']);
    expect(tenders.reduce((a, t) => a + t.amount, 0)).toBe(sale.totals.total);
  });

  it('refuses a line never bought, a return without a reason code, a refund that is not what the lines give, an unknown sale', async () => {
    const [shirt, other] = [server.products[2]!, server.products[3]!];
    const sale = await seedSale([{ product: shirt, quantity: 1 }]);
    const notBought = returnFact(s1, { sale }, [line(1, other.sku, 1)]);
    const wrongLine = returnFact(s1, { sale }, [line(2, shirt.sku, 1)]);
    const good = returnFact(s1, { sale }, [line(1, shirt.sku, 1)]);
    const inflated = {
      ...good,
      id: newId(),
      payload: { ...good.payload, refund: { method: 'original_tender', tenders: [{ kind: 'cash', amount: 999_999 }] } },
    };
    const ghost = returnFact(s1, { sale: { ...sale, id: newId() } }, [line(1, shirt.sku, 1)]);
    const tooMany = returnFact(s1, { sale }, [line(1, shirt.sku, 2)]);
    expect((await push(s1, notBought, wrongLine, inflated, ghost, tooMany)).status).toBe(200);
    expect(await outcome(tooMany)).toMatchObject({ status: 'rejected', code: 'RETURN_EXCEEDS_BOUGHT' });
    expect((await outcome(tooMany))?.message).toContain('2 to return but only 1 of 1 bought remain');
    expect(await returnsAt('S1', shirt.sku, tooMany)).toEqual([]);
    expect(await outcome(notBought)).toMatchObject({ status: 'rejected', code: 'RETURN_LINE_NOT_BOUGHT' });
    expect(await outcome(wrongLine)).toMatchObject({ status: 'rejected', code: 'RETURN_LINE_NOT_BOUGHT' });
    expect(await outcome(inflated)).toMatchObject({ status: 'rejected', code: 'RETURN_REFUND_MISMATCH' });
    expect(await outcome(ghost)).toMatchObject({ status: 'rejected', code: 'RETURN_SOURCE_NOT_FOUND' });

    const noReason = { ...good, id: newId(), payload: { ...good.payload, lines: [{ ...line(1, shirt.sku, 1), reason: undefined }] } };
    const response = await push(s1, noReason as Fact);
    expect(response.status).toBe(400);
    expect(response.body.error.fieldErrors.map((e: { path: string }) => e.path)).toEqual(['0.newDocumentState.payload.lines.0.reason']);
    expect(await server.store.getDocument('facts', noReason.id)).toBeUndefined();
  });

  it("refuses another store's sale its store never looked up, and takes it back once a device of the store looked it up", async () => {
    const shirt = server.products[6]!;
    const sale = await seedSale([{ product: shirt, quantity: 1 }]);
    const blind = returnFact(s2, { sale }, [line(1, shirt.sku, 1)]);
    await push(s2, blind);
    const refused = await outcome(blind);
    expect(refused).toMatchObject({ status: 'rejected', code: 'RETURN_SOURCE_NOT_FOUND' });
    expect(refused?.message).toContain(`look it up by its receipt number from store S2`);
    expect(await returnsAt('S2', shirt.sku, blind)).toEqual([]);
    // S3's lookup does not open it to S2; S2's phone looking it up opens it to every S2 device.
    const s3 = await server.enrollDevice('S3', 'Caixa S3');
    expect((await lookUp(s3, sale.receiptNumber)).status).toBe(200);
    const stillBlind = returnFact(s2, { sale }, [line(1, shirt.sku, 1)]);
    await push(s2, stillBlind);
    expect(await outcome(stillBlind)).toMatchObject({ status: 'rejected', code: 'RETURN_SOURCE_NOT_FOUND' });
    const looked = await lookUp(s2Phone, sale.receiptNumber);
    expect(looked.body.sales).toHaveLength(1);
    // Only what a return needs: no customer, associate, device, card digits or approval codes.
    for (const secret of ['S1-1001', s1.deviceId, '4242', 'A1B2C3', 'customerId']) expect(JSON.stringify(looked.body)).not.toContain(secret);
    const afterLookup = returnFact(s2, { sale }, [line(1, shirt.sku, 1)]);
    await push(s2, afterLookup);
    expect(await outcome(afterLookup)).toMatchObject({ status: 'accepted' });
    expect((await lookUp(s2, 'NO-SUCH-RECEIPT')).body.sales).toEqual([]);
  });

  it("takes back another store's sale with no lookup when the return carries the selling till's signed proof (a till offline), never with a tampered one or another sale's", async () => {
    // The S1 till that rang the sale up signs its proof with the key it registered at enrollment.
    const pair = await generateProofKeyPair();
    const publicKey = await exportProofPublicKey(pair.publicKey);
    const enrolled = await fetch(`${server.url}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: await server.mintEnrollmentCode('S1'), name: 'Caixa S1 with a key', publicKey }),
    });
    expect(enrolled.status).toBe(200);
    const signer = { kid: await kidOf(publicKey), privateKey: pair.privateKey };
    const shirt = server.products[8]!;
    const sale = await seedSale([{ product: shirt, quantity: 2 }]);
    const other = await seedSale([{ product: shirt, quantity: 1 }]);
    const proof = await signProof(saleProofSummary(sale), signer);
    const withProof = (text: string) => {
      const f = returnFact(s2, { sale }, [line(1, shirt.sku, 1)]);
      return { ...f, payload: { ...f.payload, proof: text } } as Fact;
    };

    const [dot] = [proof.lastIndexOf('.')];
    const tampered = withProof(`${proof.slice(0, dot - 3)}${proof[dot - 3] === 'A' ? 'B' : 'A'}${proof.slice(dot - 2)}`);
    const anotherSales = withProof(await signProof(saleProofSummary(other), signer));
    const proven = withProof(proof);
    expect((await push(s2, tampered, anotherSales, proven)).status).toBe(200);
    expect(await outcome(tampered)).toMatchObject({ status: 'rejected', code: 'RETURN_SOURCE_NOT_FOUND' });
    expect(await outcome(anotherSales)).toMatchObject({ status: 'rejected', code: 'RETURN_SOURCE_NOT_FOUND' });
    expect(await outcome(proven)).toMatchObject({ status: 'accepted' });
    expect(await returnsAt('S2', shirt.sku, proven)).toHaveLength(1);
  });

  it("finds another store's sales by the customer's email or phone as typed, opening them to a return; never by two keys at once", async () => {
    const customerId = newId();
    const email = `lia.${customerId.slice(-8)}@example.com`;
    await pushFacts(server.url, s1, [deviceFact(s1, 'customer.created', customerId, { name: 'Lia Prado', email, phone: '+5511976543210' })]);
    const shirt = server.products[9]!;
    const bought = { ...(await seedSale([{ product: shirt, quantity: 1 }])), customerId };
    await server.store.transaction((tx) => tx.putDocuments([{ collection: 'sales', id: bought.id, storeId: 'S1', body: bought }]));
    await seedSale([{ product: shirt, quantity: 1 }]); // someone else's

    const ask = async (query: Record<string, string>) => {
      const res = await fetch(`${server.url}/api/lookup/sales?${new URLSearchParams(query)}`, { headers: { Authorization: `Bearer ${s2.token}` } });
      return { status: res.status, body: await res.json() };
    };
    for (const query of [{ email: email.toUpperCase() }, { phone: '(11) 97654-3210' }] as Record<string, string>[]) {
      const found = await ask(query);
      expect(found.status).toBe(200);
      expect(found.body.sales.map((x: { receiptNumber: string }) => x.receiptNumber)).toEqual([bought.receiptNumber]);
      expect(JSON.stringify(found.body)).not.toContain(customerId);
    }
    expect((await ask({ email: 'nobody@example.com' })).body.sales).toEqual([]);
    expect((await ask({ email, phone: '+5511976543210' })).status).toBe(400);
    const back = returnFact(s2, { sale: bought }, [line(1, shirt.sku, 1)]);
    await push(s2, back);
    expect(await outcome(back)).toMatchObject({ status: 'accepted' });
  });

  it("refuses outside the store's window unless an active manager of the store approves it with a reason", async () => {
    const shirt = server.products[4]!;
    const old = await seedSale([{ product: shirt, quantity: 3 }], 45);
    await lookUp(s2, old.receiptNumber);
    const unapproved = returnFact(s2, { sale: old }, [line(1, shirt.sku, 1)]);
    const foreignManager = returnFact(s2, { sale: old }, [line(1, shirt.sku, 1)], { approvedBy: 'S1-9001', approvalReason: 'loyal customer' });
    const byAssociate = returnFact(s2, { sale: old }, [line(1, shirt.sku, 1)], { approvedBy: ASSOCIATE_S2, approvalReason: 'loyal customer' });
    const approved = returnFact(s2, { sale: old }, [line(1, shirt.sku, 1)], { approvedBy: MANAGER_S2, approvalReason: 'loyal customer' });
    expect((await push(s2, unapproved, foreignManager, byAssociate, approved)).status).toBe(200);
    const unapprovedOutcome = await outcome(unapproved);
    expect(unapprovedOutcome).toMatchObject({ status: 'rejected', code: 'RETURN_OUTSIDE_POLICY' });
    expect(unapprovedOutcome?.message).toMatch(/returnable until .*a manager of store S2 must approve it/);
    expect(await outcome(foreignManager)).toMatchObject({ status: 'rejected', code: 'RETURN_OUTSIDE_POLICY' });
    expect(await outcome(byAssociate)).toMatchObject({ status: 'rejected', code: 'RETURN_OUTSIDE_POLICY' });
    expect(await outcome(approved)).toMatchObject({ status: 'accepted' });
    expect(await returnsAt('S2', shirt.sku, approved)).toEqual([['return', 1]]);
  });

  it('two S2 devices, both offline, return the last unit of a line: the second is rejected naming who, when and where took it', async () => {
    const shirt = server.products[5]!;
    const sale = await seedSale([{ product: shirt, quantity: 2 }]);
    await lookUp(s2, sale.receiptNumber);
    const till = returnFact(s2, { sale }, [line(1, shirt.sku, 2)]);
    const phone = returnFact(s2Phone, { sale }, [line(1, shirt.sku, 1)], { associateId: MANAGER_S2 });
    expect((await push(s2, till)).status).toBe(200);
    expect((await push(s2Phone, phone)).status).toBe(200);
    expect(await outcome(till)).toMatchObject({ status: 'accepted' });
    const conflict = await outcome(phone);
    expect(conflict).toMatchObject({ status: 'rejected', code: 'RETURN_EXCEEDS_BOUGHT' });
    expect(conflict?.message).toContain(`only 0 of 2 bought remain, already returned by ${ASSOCIATE_S2} at store S2 on device ${s2.deviceId}`);
    expect(conflict?.message).toContain(till.createdAtDevice);
    expect(conflict?.message).toMatch(/refund of \d+ by \w+.* was not recorded: follow it up with the customer/);
    expect(await returnsAt('S2', shirt.sku, phone)).toEqual([]);
    // The same over-return within one push (both devices' facts relayed together) is caught too.
    const other = await seedSale([{ product: shirt, quantity: 1 }]);
    await lookUp(s2, other.receiptNumber);
    const a = returnFact(s2, { sale: other }, [line(1, shirt.sku, 1)]);
    const b = returnFact(s2, { sale: other }, [line(1, shirt.sku, 1)]);
    await push(s2, a, b);
    expect([(await outcome(a))?.code, (await outcome(b))?.code]).toEqual([null, 'RETURN_EXCEEDS_BOUGHT']);

    // Different units of one line returned on both devices offline both stand, each refund as its device computed it
    // (a cent of rounding apart from what the server would give the second), never more units than bought.
    const three = await seedSale([{ product: shirt, quantity: 3, discount: 1 }]);
    await lookUp(s2Phone, three.receiptNumber);
    const onTill = returnFact(s2, { sale: three }, [line(1, shirt.sku, 1)]);
    const onPhone = returnFact(s2Phone, { sale: three }, [line(1, shirt.sku, 1)]);
    await push(s2, onTill);
    await push(s2Phone, onPhone);
    expect([(await outcome(onTill))?.status, (await outcome(onPhone))?.status]).toEqual(['accepted', 'accepted']);
    const unit = shirt.price.amount;
    expect([onTill, onPhone].map((f) => (f.payload as ReturnRecordedPayload).refund.tenders.reduce((sum, t) => sum + t.amount, 0))).toEqual([
      unit,
      unit,
    ]);
    // The server alone would have given the second one cent less (3 × price − 1 shared by units); two cents more is refused.
    const inflated = returnFact(s2Phone, { sale: three }, [line(1, shirt.sku, 1)]);
    const twoCents = {
      ...inflated,
      payload: { ...inflated.payload, refund: computeRefund('original_tender', unit + 2, { kind: 'sale', sale: three }) },
    };
    await push(s2Phone, twoCents);
    expect(await outcome(twoCents)).toMatchObject({ status: 'rejected', code: 'RETURN_REFUND_MISMATCH' });
  });

  it('a final-sale item (PUT /api/products finalSale) is refused within the window unless a manager approves; an online order keeps its 7 statutory days', async () => {
    const finalItem = { ...server.products[7]!, finalSale: true };
    await server.store.transaction((tx) => upsertProducts(tx, [finalItem], { at: new Date().toISOString(), source: 'test' }));
    const recent = await seedSale([{ product: finalItem, quantity: 2 }], 1);
    const unapproved = returnFact(s1, { sale: recent }, [line(1, finalItem.sku, 1)]);
    const approved = returnFact(s1, { sale: recent }, [line(1, finalItem.sku, 1)], { approvedBy: 'S1-9001', approvalReason: 'defective on arrival' });
    expect((await push(s1, unapproved, approved)).status).toBe(200);
    const refused = await outcome(unapproved);
    expect(refused).toMatchObject({ status: 'rejected', code: 'RETURN_OUTSIDE_POLICY' });
    expect(refused?.message).toContain('is a final sale');
    expect(await outcome(approved)).toMatchObject({ status: 'accepted' });

    // The same item bought online and collected 3 days ago comes back without a manager (CDC Art. 49).
    const order = await collectedOrder([1], 3);
    const onlineFinal = { ...server.products.find((p) => p.sku === order.lines[0]!.sku)!, finalSale: true };
    await server.store.transaction((tx) => upsertProducts(tx, [onlineFinal], { at: new Date().toISOString(), source: 'test' }));
    const statutory = returnFact(s1, { order }, [line(order.lines[0]!.lineNo, onlineFinal.sku, 1)]);
    expect((await push(s1, statutory)).status).toBe(200);
    expect(await outcome(statutory)).toMatchObject({ status: 'accepted' });
  });

  it("an online order returned within 7 days of collection at another store is refunded by the platform (order.refund_requested); after 7 days and the store's window, only with a manager", async () => {
    const order = await collectedOrder([2, 1], 3);
    const [first, second] = order.lines;
    const fact = returnFact(s2, { order }, [line(first!.lineNo, first!.sku, 1)]);
    expect((await push(s2, fact)).status).toBe(200);
    expect(await outcome(fact)).toMatchObject({ status: 'accepted' });
    expect((fact.payload as ReturnRecordedPayload).refund.tenders).toEqual([{ kind: 'platform', amount: Math.round(first!.total / 2) }]);
    const events = await queryRows<{ type: string; payload: string }>(
      server.store.sql,
      "SELECT type, payload FROM outbox WHERE aggregate_id = ? AND type = 'order.refund_requested'",
      [order.id],
    );
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      orderId: order.id,
      returnId: fact.subjectId,
      storeId: 'S2',
      amount: Math.round(first!.total / 2),
      lines: [{ lineNo: first!.lineNo, quantity: 1, reason: 'wrong_size' }],
    });
    expect(await returnsAt('S2', first!.sku, fact)).toEqual([['return', 1]]);
    expect((await world.order(order.id)).lines.map((l) => l.returned)).toEqual([1, 0]);

    // Store credit instead: no platform refund.
    const credit = returnFact(s2, { order }, [line(second!.lineNo, second!.sku, 1)], { returnedBefore: new Map() });
    const asCredit = {
      ...credit,
      payload: { ...credit.payload, refund: { method: 'store_credit', tenders: [{ kind: 'store_credit', amount: second!.total }] } },
    };
    await push(s2, asCredit);
    expect(await outcome(asCredit)).toMatchObject({ status: 'accepted' });
    const after = await queryRows<{ type: string }>(
      server.store.sql,
      "SELECT type FROM outbox WHERE aggregate_id = ? AND type = 'order.refund_requested'",
      [order.id],
    );
    expect(after).toHaveLength(1);

    const late = await collectedOrder([1], 40);
    const lateReturn = returnFact(s2, { order: late }, [line(late.lines[0]!.lineNo, late.lines[0]!.sku, 1)]);
    await push(s2, lateReturn);
    expect(await outcome(lateReturn)).toMatchObject({ status: 'rejected', code: 'RETURN_OUTSIDE_POLICY' });
  });
});

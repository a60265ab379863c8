import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collections, newId, type EnrollResponse, type Fact, type Sale } from '../../src/domain/index.js';
import { demoAssociateId } from '../../sync-server/demo/staff.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * `sale.receipt-requested`: an email receipt asked for at the till reaches the customer through the mail outbox,
 * once, whatever the pushes; only for a sale the server accepted.
 */
let server: TestServer;
let s1: EnrollResponse;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10, delivery: { timing: { pollMs: 20 } } });
  s1 = await server.enrollDevice('S1', 'Caixa 1');
});
afterAll(() => server.close());

const request = (saleId: string, email: unknown, associateId = demoAssociateId('S1')): Fact => ({
  id: newId(),
  kind: 'sale.receipt-requested',
  storeId: 'S1',
  deviceId: s1.deviceId,
  associateId,
  createdAtDevice: new Date().toISOString(),
  subjectId: saleId,
  payload: { email } as Record<string, unknown>,
});
const rows = (...facts: Fact[]) => facts.map((f) => ({ assumedMasterState: null, newDocumentState: f }));
const stored = async (id: string) => JSON.parse((await server.store.getDocument('facts', id))!.body) as Fact;
const mailRows = (saleId: string) =>
  queryRows<{ id: string }>(server.store.sql, "SELECT id FROM outbox WHERE channel = 'mail' AND aggregate_type = 'sale' AND aggregate_id = ?", [
    saleId,
  ]);

let sequence = 6;
async function acceptedSale(): Promise<Sale> {
  const receiptNumber = `S1-01-${String(++sequence).padStart(6, '0')}`;
  const sale = { ...cashSale(s1.store, s1.deviceId, [{ product: server.products[0]!, quantity: 2 }], 1_000), receiptNumber };
  const pushed = await syncClient(server.url, s1.token).push('sales', [pushRow(sale)], collections.sales.version);
  expect(pushed.status).toBe(200);
  const body = JSON.parse((await server.store.getDocument('sales', sale.id))!.body) as Sale;
  expect(body.outcome?.status).toBe('accepted');
  return body;
}

describe('email receipts', () => {
  it('send the accepted sale to the customer through the mail outbox, once even when the request is pushed twice', async () => {
    const sale = await acceptedSale();
    const client = syncClient(server.url, s1.token);
    const asked = request(sale.id, 'ana@example.com');
    expect((await client.push('facts', rows(asked))).status).toBe(200);
    // The till lost the answer and pushes the same request again.
    expect((await client.push('facts', rows(asked))).status).toBe(200);
    expect((await stored(asked.id)).outcome).toMatchObject({ status: 'accepted' });
    expect(await mailRows(sale.id)).toHaveLength(1);

    const [row] = await mailRows(sale.id);
    const file = join(server.dataDir, 'mail', `${row!.id}.eml`);
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 5_000 });
    const eml = readFileSync(file, 'utf8');
    expect(eml).toMatch(/^To: ana@example\.com$/m);
    // The store's language (S1 is a Brazilian store) and the receipt number in the subject.
    expect(eml).toMatch(/^Subject: .*S1-01-000007/m);
    const text = eml.replace(/=\r?\n/g, '');
    expect(text).toContain('Seu recibo');
    expect(text).toContain(`/receipts/${sale.id}`);
    expect(eml).toMatch(/Content-Type: image\/png; name=receipt-S1-01-000007\.png/);
    expect(readdirSync(join(server.dataDir, 'mail')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('are refused, with a reason the associate can act on, for a sale the server does not have', async () => {
    const asked = request(newId(), 'ana@example.com');
    expect((await syncClient(server.url, s1.token).push('facts', rows(asked))).status).toBe(200);
    expect((await stored(asked.id)).outcome).toMatchObject({
      status: 'rejected',
      code: 'NOT_FOUND',
      message: expect.stringMatching(/not on the server yet/),
    });
    expect(await mailRows(asked.subjectId)).toHaveLength(0);
  });

  it('are refused for a sale the server rejected: a receipt would show what was never recorded', async () => {
    const bad = cashSale(s1.store, s1.deviceId, [{ product: server.products[1]!, quantity: 1 }]);
    const tampered = { ...bad, lines: [{ ...bad.lines[0]!, unitPrice: 1, net: 1, total: 1, tax: 0 }] };
    await syncClient(server.url, s1.token).push('sales', [pushRow(tampered as Sale)], collections.sales.version);
    expect(JSON.parse((await server.store.getDocument('sales', bad.id))!.body).outcome).toMatchObject({ status: 'rejected' });
    const asked = request(bad.id, 'ana@example.com');
    expect((await syncClient(server.url, s1.token).push('facts', rows(asked))).status).toBe(200);
    expect((await stored(asked.id)).outcome).toMatchObject({ status: 'rejected', message: expect.stringMatching(/not accepted/) });
    expect(await mailRows(bad.id)).toHaveLength(0);
  });

  it('need a valid email address: the push is refused at the field', async () => {
    const sale = await acceptedSale();
    const res = await syncClient(server.url, s1.token).push('facts', rows(request(sale.id, 'not-an-email')));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('payload.email');
  });
});

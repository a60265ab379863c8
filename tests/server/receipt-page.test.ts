import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, newId, type EnrollResponse, type Sale } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { startTestServer, type TestServer } from './harness.js';

/** The customer's digital receipt page (`GET /receipts/{saleId}`): the accepted sale, readable on a phone, nothing more. */
let server: TestServer;
let s1: EnrollResponse;
const CPF = '52998224725';

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 10 });
  s1 = await server.enrollDevice('S1', 'Caixa 1');
});
afterAll(() => server.close());

async function push(sale: Sale) {
  expect((await syncClient(server.url, s1.token).push('sales', [pushRow(sale)], collections.sales.version)).status).toBe(200);
}

describe('the digital receipt page', () => {
  it('shows the accepted sale in the store’s language with its receipt number, lines, tender and a QR code, the CPF masked', async () => {
    const product = server.products[0]!;
    const sale = { ...cashSale(s1.store, s1.deviceId, [{ product, quantity: 2 }], 500), receiptNumber: 'S1-01-000321', customerTaxId: CPF };
    await push(sale);
    const res = await fetch(`${server.url}/receipts/${sale.id}`, { headers: { 'Accept-Language': 'en-US' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('pt-BR');
    const page = await res.text();
    expect(page).toContain('<html lang="pt-BR">');
    expect(page).toContain('Recibo S1-01-000321');
    expect(page).toContain(product.name);
    expect(page).toContain('Dinheiro');
    expect(page).toContain('<svg');
    // Only the last two digits of the CPF leave the till.
    expect(page).toContain('CPF: •••.•••.•••-25');
    expect(page).not.toContain(CPF);
    expect(page).not.toContain('529.982');
  });

  it('carries the security headers of the server’s other pages and loads nothing but its own style sheet', async () => {
    const sale = { ...cashSale(s1.store, s1.deviceId, [{ product: server.products[1]!, quantity: 1 }]), receiptNumber: 'S1-01-000322' };
    await push(sale);
    const res = await fetch(`${server.url}/receipts/${sale.id}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*style-src 'self'.*frame-ancestors 'none'/);
    const css = await fetch(`${server.url}${/href="([^"]+\.css[^"]*)"/.exec(await res.text())![1]}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });

  it('answers the same 404 page for an unknown id, a malformed one and a sale the server rejected', async () => {
    const bad = cashSale(s1.store, s1.deviceId, [{ product: server.products[2]!, quantity: 1 }]);
    const rejected = { ...bad, receiptNumber: 'S2-01-000001' }; // another store's number: recorded rejected
    await push(rejected);
    expect(JSON.parse((await server.store.getDocument('sales', rejected.id))!.body).outcome.status).toBe('rejected');
    const bodies = [];
    for (const id of [newId(), 'x'.repeat(300), encodeURIComponent('<script>'), rejected.id]) {
      const res = await fetch(`${server.url}/receipts/${id}`, { headers: { 'Accept-Language': 'en' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('Receipt not found');
    expect((await fetch(`${server.url}/receipts/a/b`)).status).toBe(404);
  });
});

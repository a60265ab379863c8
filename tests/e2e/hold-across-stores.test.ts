import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, stockLevelId, type StockLevel } from '../../src/domain/index.js';
import { applyMovements } from '../../sync-server/ledger/apply-movements.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { signIn } from './tablet.js';

/**
 * A hold across stores in real Chromium, two tablets: an associate at S1 (Paulista) asks S2 (Savassi) from the
 * "other stores" panel to hold a unit for a customer; S2's tablet shows the request live on its Transfers tab (badge
 * and queue, with the customer's name to hand it over) and accepts it; the unit is reserved at S2 on the server,
 * S1's panel shows its hold as held, and S1's "other stores" answer shows S2 with one unit fewer available.
 */
const STATIC_DIR = 'dist';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 120, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A tablet enrolled in `storeId` with its associate 1001 signed in (tablet.ts's openTablet is S1's). */
async function openStoreTablet(
  storeId: string,
  name: string,
  staff = { number: '1001', pin: '1234' },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode(storeId));
  await page.getByTestId('enroll-name').fill(name);
  await page.getByTestId('enroll-submit').click();
  await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 30_000 });
  await signIn(page, staff.number, staff.pin);
  await page.locator(`[data-testid="session"][data-staff-id="${storeId}-${staff.number}"]`).waitFor();
  return { context, page };
}

const level = async (storeId: string, sku: string) => {
  const doc = await server.store.getDocument('stock', stockLevelId(storeId, sku));
  return doc ? (JSON.parse(doc.body) as StockLevel) : { available: 0, reserved: 0, onHand: 0 };
};

describe('a hold across stores', () => {
  it('requested at S1 from other stores, accepted on an S2 tablet, shows in S1\'s "other stores" answer', async () => {
    const candidates = server.products.filter((p) => server.products.filter((q) => q.name === p.name).length === 1);
    let product = candidates[0]!;
    for (const p of candidates) {
      if ((await level('S2', p.sku)).available >= 2) {
        product = p;
        break;
      }
    }
    const before = await level('S2', product.sku);
    const s1 = await openStoreTablet('S1', 'Caixa Paulista');
    const s2 = await openStoreTablet('S2', 'Tablet Savassi');

    // S1: other stores → S2's row → hold for a customer.
    await s1.page.getByTestId('search-input').fill(product.name);
    await s1.page.locator(`[data-testid="open-other-stores"][data-sku="${product.sku}"]`).click();
    const dialog = s1.page.getByTestId('other-stores');
    await expect.poll(() => dialog.getAttribute('data-source')).toBe('server');
    const s2Row = dialog.locator('[data-testid="other-store"][data-store="S2"]');
    await s2Row.getByTestId('other-store-ask').click();
    const form = s2Row.getByTestId('transfer-request');
    expect(await form.getByTestId('transfer-mode-hold').isChecked()).toBe(true);
    await form.getByTestId('transfer-customer-name').fill('Maria Silva');
    await form.getByTestId('transfer-customer-phone').fill('+55 31 98888-7777');
    expect(await form.getByTestId('transfer-shared').textContent()).toContain('nome e o telefone');
    await form.getByTestId('transfer-send').click();
    await s2Row.getByTestId('other-store-sent').waitFor();
    await s2Row.locator('[data-testid="other-store-transfer"][data-state="requested"]').waitFor();

    // S2: the request arrives live; the tab counts it; staff accept it.
    await expect.poll(() => s2.page.getByTestId('nav-transfers-badge').getAttribute('data-count'), { timeout: 20_000 }).toBe('1');
    await s2.page.getByTestId('nav-transfers').click();
    const card = s2.page.getByTestId('transfers-incoming').locator('[data-testid="transfer"][data-state="requested"]');
    await card.waitFor();
    expect(await card.getByTestId('transfer-customer').textContent()).toContain('Maria Silva');
    await card.getByTestId('transfer-accept').click();
    await s2.page.getByTestId('transfers-incoming').locator('[data-testid="transfer"][data-state="held"]').waitFor();
    await expect.poll(async () => (await level('S2', product.sku)).reserved, { timeout: 20_000 }).toBe(before.reserved + 1);
    await expect.poll(() => s2.page.getByTestId('nav-transfers-badge').count()).toBe(0);

    // S1: its panel shows the hold held, and a new answer shows S2 with the unit reserved.
    await s2Row.locator('[data-testid="other-store-transfer"][data-state="held"]').waitFor({ timeout: 20_000 });
    await s1.page.getByTestId('other-stores-close').click();
    await s1.page.locator(`[data-testid="open-other-stores"][data-sku="${product.sku}"]`).click();
    const again = s1.page.getByTestId('other-stores');
    await expect.poll(() => again.getAttribute('data-source')).toBe('server');
    const row = again.locator('[data-testid="other-store"][data-store="S2"]');
    expect(Number(await row.getAttribute('data-available'))).toBe(before.available - 1);
    const reserved = before.reserved + 1;
    expect(await row.textContent()).toContain(`${reserved} ${reserved === 1 ? 'reservado' : 'reservados'}`);

    // Maria's profile at S1 (the request carried her phone, never her id) lists the hold held for her at S2.
    await s1.page.getByTestId('other-stores-close').click();
    await s1.page.getByTestId('nav-customers').click();
    await s1.page.getByTestId('customer-new').click();
    await s1.page.getByTestId('customer-name').fill('Maria Silva');
    await s1.page.getByTestId('customer-phone').fill('(31) 98888-7777');
    await s1.page.getByTestId('customer-save').click();
    await expect.poll(() => s1.page.getByTestId('p360-holds').getAttribute('data-value')).toBe('1');
    expect(await s1.page.getByTestId('p360-hold').textContent()).toContain(product.sku);
    await s1.context.close();
    await s2.context.close();
  });

  it('a level that went below zero is offered for a count on the Transfers tab, and the count corrects the ledger', async () => {
    const product = server.products[7]!;
    const before = await level('S1', product.sku);
    // Two offline sales of the last unit, as the server records them: one unit more sold than the ledger had.
    await server.store.transaction((tx) =>
      applyMovements(tx, [
        {
          id: newId(),
          storeId: 'S1',
          sku: product.sku,
          quantity: -(before.onHand + 1),
          reason: 'sale',
          sourceId: newId(),
          recordedAt: new Date().toISOString(),
        },
      ]),
    );
    expect(await level('S1', product.sku)).toMatchObject({ onHand: -1, belowZero: true });
    const manager = await openStoreTablet('S1', 'Tablet gerente', { number: '9001', pin: '9999' });
    await manager.page.getByTestId('nav-transfers').click();
    const row = manager.page.locator(`[data-testid="count-level"][data-sku="${product.sku}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-on-hand')).toBe('-1');
    await row.getByTestId('count-input').fill('2');
    await row.getByTestId('count-record').click();
    await expect.poll(async () => (await level('S1', product.sku)).onHand, { timeout: 20_000 }).toBe(2);
    expect(await level('S1', product.sku)).toMatchObject({ belowZero: false });
    const adjustments = (await server.store.movementsFor('S1', product.sku)).filter((m) => m.reason === 'adjustment');
    expect(adjustments.map((m) => m.quantity)).toEqual([3]);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    await manager.context.close();
  });
});

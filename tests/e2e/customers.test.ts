import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, OrderIntakeSchema, systemClock, type CustomerProfile, type Fact, type Sale } from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { intakeOrder } from '../../sync-server/orders/intake.js';
import { mintKey } from '../server/integration-probe.js';
import { syncClient } from '../server/client.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, sellByScanning } from './tablet.js';

/**
 * Customers in real Chromium: the same person created offline on two tablets (same phone) is one customer on both
 * once they sync; a customer attached at the till is on the sale and in their profile's purchases.
 */
const STATIC_DIR = 'dist';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 300, staticDir: STATIC_DIR });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function createCustomer(page: Page, fields: { name: string; phone: string; email?: string }): Promise<string> {
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-new').click();
  await page.getByTestId('customer-name').fill(fields.name);
  await page.getByTestId('customer-phone').fill(fields.phone);
  if (fields.email) await page.getByTestId('customer-email').fill(fields.email);
  await page.getByTestId('customer-save').click();
  await page.getByTestId('customer-profile').waitFor();
  return (await page.getByTestId('customer-profile').getAttribute('data-customer-id'))!;
}

/** What the tablet's own database holds for these ids (read in the page, from IndexedDB through the app's RxDB). */
const liveCustomerIds = async (page: Page, phoneDigits: string) => {
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-search').fill(phoneDigits);
  return page.getByTestId('customer-result').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-customer-id')));
};

describe('customers on the tablets', () => {
  it('a customer created offline on two tablets with the same phone is one customer on both after they sync', async () => {
    const a = await openTablet(browser, server, 'Caixa 1');
    const b = await openTablet(browser, server, 'Caixa 2');
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await a.page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    await b.page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();

    // A bad phone is refused on the field, offline, before anything is written.
    await a.page.getByTestId('nav-customers').click();
    await a.page.getByTestId('customer-new').click();
    await a.page.getByTestId('customer-name').fill('Ana Souza');
    await a.page.getByTestId('customer-phone').fill('98765');
    await a.page.getByTestId('customer-save').click();
    await a.page.getByTestId('customer-phone-error').waitFor();
    await a.page.getByTestId('customer-phone').fill('(11) 98765-4321');
    await a.page.getByTestId('customer-save').click();
    await a.page.getByTestId('customer-profile').waitFor();
    const idA = (await a.page.getByTestId('customer-profile').getAttribute('data-customer-id'))!;
    await a.page.getByTestId('customer-note-input').fill('Prefere modelagem slim');
    await a.page.getByTestId('customer-note-add').click();
    await expect.poll(() => a.page.getByTestId('customer-note').count()).toBe(1);

    const idB = await createCustomer(b.page, { name: 'Ana S. Souza', phone: '11 98765 4321', email: 'ana.souza@example.com' });
    expect(idB).not.toBe(idA);
    // Each tablet finds its own record by phone, offline, at once.
    expect(await liveCustomerIds(a.page, '98765')).toEqual([idA]);
    expect(await liveCustomerIds(b.page, '98765')).toEqual([idB]);

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    const byPhone = async () =>
      (await server.store.findByKey('customers', 'phone', '5511987654321')).map((d) => JSON.parse(d.body) as CustomerProfile);
    // Once every fact of both tablets reached the server (they push in their own time): one profile, the other
    // record merged into it, tablet A's note on it.
    await expect.poll(async () => (await byPhone()).map((p) => [p.mergedFrom.length, p.notes.length]), { timeout: 30_000 }).toEqual([[1, 1]]);
    const [survivor] = (await byPhone()) as [CustomerProfile];
    expect([idA, idB]).toContain(survivor.id);
    expect(survivor.mergedFrom).toEqual([survivor.id === idA ? idB : idA]);
    expect(survivor).toMatchObject({ email: 'ana.souza@example.com', notes: [expect.objectContaining({ text: 'Prefere modelagem slim' })] });

    // Both tablets converge: one customer for that phone, the same id, with the other tablet's note and email.
    for (const { page } of [a, b]) {
      await expect.poll(() => liveCustomerIds(page, '98765'), { timeout: 30_000 }).toEqual([survivor.id]);
      await page.getByTestId('customer-open').click();
      await expect.poll(() => page.getByTestId('customer-profile-email').textContent()).toBe('ana.souza@example.com');
      await expect.poll(() => page.getByTestId('customer-note').count()).toBe(1);
      await expect.poll(() => page.getByTestId('customer-pending').count()).toBe(0);
    }
    // The merged-away id still opens the survivor on the tablet that created it.
    const loser = survivor.id === idA ? { page: a.page, id: idA } : { page: b.page, id: idB };
    await loser.page.evaluate((id) => {
      location.hash = `#/customer?customerId=${id}`;
    }, loser.id);
    await expect.poll(() => loser.page.getByTestId('customer-profile').getAttribute('data-customer-id')).toBe(survivor.id);
    await a.context.close();
    await b.context.close();
  });

  it('edits a profile and records a consent in one tap, attaches the customer at the till in one tap; the sale carries them and shows in their profile, on another tablet too', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa 3');
    const customerId = await createCustomer(page, { name: 'Bruno Lima', phone: '(21) 99876-5432' });
    // An edit writes only what changed; a bad email is refused on its field.
    await page.getByTestId('customer-edit').click();
    await page.getByTestId('customer-email').fill('bruno@');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-edit-email-error').waitFor();
    await page.getByTestId('customer-email').fill('Bruno.Lima@Example.com');
    await page.getByTestId('customer-save').click();
    await expect.poll(() => page.getByTestId('customer-profile-email').textContent()).toBe('bruno.lima@example.com');
    // Consent recorded on the profile in one tap reaches the server with when, who and how.
    const whatsapp = page.locator('[data-testid="customer-consent"][data-channel="whatsapp"][data-purpose="marketing"]');
    await whatsapp.getByTestId('customer-consent-toggle').click();
    await expect.poll(() => whatsapp.getAttribute('data-state')).toBe('given');
    await expect
      .poll(async () => {
        const [doc] = await server.store.findByKey('customers', 'identity', customerId);
        return doc && (JSON.parse(doc.body) as CustomerProfile).consents;
      })
      .toEqual([expect.objectContaining({ channel: 'whatsapp', purpose: 'marketing', given: true, method: 'in_store', by: 'S1-1001' })]);
    const [stored] = await server.store.findByKey('customers', 'identity', customerId);
    expect(JSON.parse(stored!.body)).toMatchObject({ email: 'bruno.lima@example.com', phone: '+5521998765432' });
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('till-customer-add').click();
    // The search has the cursor: what the associate types (or a scanner sends) goes into it without another tap.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('customer-search');
    await page.keyboard.type('bruno');
    await expect.poll(() => page.getByTestId('customer-search').inputValue()).toBe('bruno');
    await page.getByTestId('till-customer-attach').click();
    await expect.poll(() => page.getByTestId('till-customer').getAttribute('data-customer-id')).toBe(customerId);

    const product = server.products.find((p) => p.active)!;
    const saleId = await sellByScanning(page, [product.barcode]);
    await expect.poll(async () => (await server.store.getDocument('sales', saleId))?.body, { timeout: 30_000 }).toBeTruthy();
    expect((JSON.parse((await server.store.getDocument('sales', saleId))!.body) as Sale).customerId).toBe(customerId);
    const created = await server.store.findByKey('customers', 'identity', customerId);
    expect(created).toHaveLength(1);

    await page.evaluate((id) => {
      location.hash = `#/customer?customerId=${id}`;
    }, customerId);
    await expect.poll(() => page.locator(`[data-testid="customer-sale"][data-sale-id="${saleId}"]`).count()).toBe(1);
    const sold = JSON.parse((await server.store.getDocument('sales', saleId))!.body) as Sale;
    await expect.poll(() => page.getByTestId('customer-purchase-summary').getAttribute('data-total')).toBe(String(sold.totals.total));
    // The profile fits a phone: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();

    // Another tablet of the store shows the sale in the customer's profile too (the sale and the profile replicate).
    const other = await openTablet(browser, server, 'Caixa 4');
    await other.page.evaluate((id) => {
      location.hash = `#/customer?customerId=${id}`;
    }, customerId);
    await expect.poll(() => other.page.locator(`[data-testid="customer-sale"][data-sale-id="${saleId}"]`).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => other.page.getByTestId('customer-purchase-summary').getAttribute('data-total')).toBe(String(sold.totals.total));
    await other.context.close();
  });

  it('finds a customer of another store by their whole phone online, still finds them offline afterwards, and shows their online order for pickup here', async () => {
    const s2 = await server.enrollDevice('S2', 'S2 till');
    const id = newId();
    const created: Fact = {
      id: newId(),
      kind: 'customer.created',
      storeId: 'S2',
      deviceId: s2.deviceId,
      associateId: 'S2-1001',
      createdAtDevice: new Date().toISOString(),
      subjectId: id,
      payload: { name: 'Carla Mendes', phone: '+5531991112222' },
    };
    expect((await syncClient(server.url, s2.token).push('facts', [{ assumedMasterState: null, newDocumentState: created }])).status).toBe(200);

    const { context, page } = await openTablet(browser, server, 'Caixa 4');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('(31) 99111-2222');
    await expect.poll(() => page.getByTestId('customer-result').count()).toBe(0);
    await page.getByTestId('customer-lookup').click();
    await expect.poll(() => page.getByTestId('customer-result').getAttribute('data-customer-id')).toBe(id);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('carla');
    await expect.poll(() => page.getByTestId('customer-result').getAttribute('data-customer-id')).toBe(id);

    // An online order for pickup here, by the same phone: matched at intake, the customer joins this store's book
    // and the order shows on their profile.
    await context.setOffline(false);
    const product = server.products[0]!;
    const intake = pickupIntake('S1', [{ sku: product.sku, quantity: 1, unitPrice: product.price.amount }]);
    const integration = (await mintKey(server.store)).integration;
    const order = await server.store.transaction((tx) =>
      intakeOrder(tx, integration, OrderIntakeSchema.parse({ ...intake, customer: { ...intake.customer, phone: '+5531991112222' } }), {
        clock: systemClock,
        newId,
      }),
    );
    await page.evaluate((customerId) => {
      location.hash = `#/customer?customerId=${customerId}`;
    }, id);
    const row = page.locator(`[data-testid="customer-order"][data-order-id="${order.id}"]`);
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain(order.number);
    await context.close();
  });
});

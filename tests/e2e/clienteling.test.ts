import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact, Sale } from '../../src/domain/index.js';
import { cashSale, pushRow, syncClient } from '../server/client.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, sellByScanning } from './tablet.js';

/**
 * Clienteling in real Chromium, two tablets of one store: a follow-up added on one shows on the other (and done
 * there shows back), a sale attached to the customer at one till shows in their profile on the other tablet with
 * the customer's name on the receipt, and outreach is offered only on a channel the customer consented to for the
 * purpose, opened in the device's app and logged; her purchase in another store shows in the profile, from the
 * server online and as its saved answer offline. (tests/e2e/customers.test.ts proves the sale in the profile on the
 * tablet that rang it; this one proves it on another tablet.)
 */
const STATIC_DIR = 'dist';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 200, staticDir: STATIC_DIR });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function createCustomer(page: Page, fields: { name: string; phone: string }): Promise<string> {
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-new').click();
  await page.getByTestId('customer-name').fill(fields.name);
  await page.getByTestId('customer-phone').fill(fields.phone);
  await page.getByTestId('customer-save').click();
  await page.getByTestId('customer-profile').waitFor();
  return (await page.getByTestId('customer-profile').getAttribute('data-customer-id'))!;
}

const openProfile = (page: Page, id: string) =>
  page.evaluate((customerId) => {
    location.hash = `#/customer?customerId=${customerId}`;
  }, id);

const storedFacts = async (kind: string) =>
  (await server.store.pull({ collection: 'facts', storeId: 'S1', afterSeq: 0, limit: 5_000 })).documents
    .map((d) => JSON.parse(d.body) as Fact)
    .filter((f) => f.kind === kind);

describe('clienteling on two tablets of a store', () => {
  it('a follow-up added on one tablet shows on the other, done there shows back; a sale at one till shows in the profile on the other, the name on the receipt', async () => {
    const a = await openTablet(browser, server, 'Caixa 1');
    const b = await openTablet(browser, server, 'Tablet 2');
    const customerId = await createCustomer(a.page, { name: 'Helena Costa', phone: '(11) 97777-1234' });

    await a.page.getByTestId('task-text').fill('Ligar quando chegar o 38');
    await a.page.getByTestId('task-due').fill('2030-01-15');
    await a.page.getByTestId('task-add').click();
    await expect.poll(() => a.page.getByTestId('customer-task').count()).toBe(1);

    // Tablet 2 receives the profile and the task through the server.
    await openProfile(b.page, customerId);
    const taskOnB = b.page.getByTestId('customer-task');
    await expect.poll(() => taskOnB.textContent(), { timeout: 30_000 }).toContain('Ligar quando chegar o 38');
    await expect.poll(() => taskOnB.textContent()).toContain('2030-01-15');
    await b.page.getByTestId('task-done').click();
    await expect.poll(() => a.page.locator('[data-testid="customer-task"][data-done="true"]').count(), { timeout: 30_000 }).toBe(1);
    expect((await storedFacts('customer.task-done')).map((f) => f.outcome?.status)).toEqual(['accepted']);

    // The associate's book on tablet 2 lists the open follow-ups of the signed-in associate (none left).
    await b.page.getByTestId('nav-customers').click();
    await b.page.getByTestId('my-customers-open').click();
    await b.page.getByTestId('my-customers').waitFor();
    expect(await b.page.getByTestId('book-tasks').count()).toBe(0);

    // A sale at tablet 1's till with the customer attached: their name on the receipt, the sale on tablet 2's profile.
    await a.page.getByTestId('nav-sell').click();
    await a.page.getByTestId('till-customer-add').click();
    await a.page.getByTestId('customer-search').fill('helena');
    await a.page.getByTestId('till-customer-attach').click();
    const product = server.products.find((p) => p.active)!;
    const saleId = await sellByScanning(a.page, [product.barcode]);
    await expect.poll(() => a.page.getByTestId('receipt-customer').textContent(), { timeout: 30_000 }).toContain('Helena Costa');
    await expect.poll(async () => (await server.store.getDocument('sales', saleId))?.body, { timeout: 30_000 }).toBeTruthy();
    const sale = JSON.parse((await server.store.getDocument('sales', saleId))!.body) as Sale;
    expect(sale.customerId).toBe(customerId);

    await openProfile(b.page, customerId);
    await expect.poll(() => b.page.locator(`[data-testid="customer-sale"][data-sale-id="${saleId}"]`).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => b.page.getByTestId('p360-ltv').getAttribute('data-value')).toBe(String(sale.totals.total));
    expect(await b.page.getByTestId('p360-visits').getAttribute('data-value')).toBe('1');

    // She buys in another store of the chain: the profile counts it from the server, and offline shows that answer.
    const s2 = await server.enrollDevice('S2', 'Till S2');
    const elsewhere = { ...cashSale(s2.store, s2.deviceId, [{ product, quantity: 2 }]), customerId };
    expect((await syncClient(server.url, s2.token).push('sales', [pushRow(elsewhere)])).status).toBe(200);
    await b.page.getByTestId('nav-sell').click();
    await openProfile(b.page, customerId);
    const otherStores = b.page.getByTestId('p360-other-stores');
    await expect.poll(() => otherStores.getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
    expect(await otherStores.getAttribute('data-source')).toBe('server');
    await expect.poll(() => b.page.getByTestId('p360-visits').getAttribute('data-value')).toBe('2');
    await b.context.setOffline(true);
    await b.page.getByTestId('nav-sell').click();
    await openProfile(b.page, customerId);
    await expect.poll(() => otherStores.getAttribute('data-source'), { timeout: 15_000 }).toBe('saved');
    expect(await otherStores.getAttribute('data-count')).toBe('1');
    await a.context.close();
    await b.context.close();
  });

  it('offers outreach only on a channel consented for the purpose, opens it in the device app and logs it', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa 3');
    const customerId = await createCustomer(page, { name: 'Igor Pereira', phone: '(21) 96666-4321' });
    // Where the app would open the SMS app, the test records the link instead.
    await page.evaluate(() => {
      (window as unknown as { opened: string[] }).opened = [];
      window.open = (url?: string | URL) => {
        (window as unknown as { opened: string[] }).opened.push(String(url));
        return null;
      };
    });
    const outreach = page.getByTestId('customer-outreach');
    await outreach.waitFor();
    // No consent at all: nothing to send, for service or marketing.
    expect(await outreach.getByTestId('outreach-send').count()).toBe(0);
    await outreach.getByTestId('outreach-none').waitFor();

    // Consent to SMS for marketing does not allow service messages.
    const smsMarketing = page.locator('[data-testid="customer-consent"][data-channel="sms"][data-purpose="marketing"]');
    await smsMarketing.getByTestId('customer-consent-toggle').click();
    await expect.poll(() => smsMarketing.getAttribute('data-state')).toBe('given');
    expect(await outreach.getByTestId('outreach-send').count()).toBe(0);
    await outreach.getByTestId('outreach-purpose-marketing').check();
    await expect
      .poll(() => outreach.getByTestId('outreach-send').evaluateAll((els) => els.map((e) => e.getAttribute('data-channel'))))
      .toEqual(['sms']);

    await outreach.getByTestId('outreach-send').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opened: string[] }).opened))
      .toEqual([expect.stringMatching(/^sms:\+5521966664321\?body=Ol%C3%A1%20Igor/)]);
    await expect
      .poll(
        async () => (await storedFacts('customer.contacted')).filter((f) => f.subjectId === customerId).map((f) => [f.payload, f.outcome?.status]),
        {
          timeout: 30_000,
        },
      )
      .toEqual([[{ channel: 'sms', purpose: 'marketing' }, 'accepted']]);
    await expect.poll(() => page.locator('[data-testid="customer-contact"][data-status="accepted"]').count(), { timeout: 30_000 }).toBe(1);

    // Withdrawn: the button goes at once.
    await smsMarketing.getByTestId('customer-consent-toggle').click();
    await expect.poll(() => outreach.getByTestId('outreach-send').count()).toBe(0);
    await context.close();
  });

  it("lists an associate's customers with a birthday suggestion, reached by WhatsApp in the store's language or turned into a follow-up", async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa 4');
    // Two days from now in the store's time zone, born in 1990.
    const inTwoDays = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date(Date.now() + 2 * 86_400_000));
    const birthday = `1990-${inTwoDays.slice(5)}`;
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-name').fill('Joana Reis');
    await page.getByTestId('customer-phone').fill('(11) 95555-0000');
    await page.getByTestId('customer-birthday').fill(birthday);
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-profile').waitFor();
    const customerId = (await page.getByTestId('customer-profile').getAttribute('data-customer-id'))!;
    const whatsapp = page.locator('[data-testid="customer-consent"][data-channel="whatsapp"][data-purpose="marketing"]');
    await whatsapp.getByTestId('customer-consent-toggle').click();
    await expect.poll(() => whatsapp.getAttribute('data-state')).toBe('given');
    await page.getByTestId('customer-assign-me').click();
    await expect.poll(() => page.getByTestId('customer-assignment').getAttribute('data-assigned')).toBe('S1-1001');

    await page.getByTestId('nav-customers').click();
    await page.getByTestId('my-customers-open').click();
    await page.locator(`[data-testid="book-customer"][data-customer-id="${customerId}"]`).waitFor();
    const suggestion = page.locator(`[data-testid="book-suggestion"][data-kind="birthday"][data-customer-id="${customerId}"]`);
    await suggestion.waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      (window as unknown as { opened: string[] }).opened = [];
      window.open = (url?: string | URL) => {
        (window as unknown as { opened: string[] }).opened.push(String(url));
        return null;
      };
    });
    await suggestion.locator('[data-testid="suggestion-outreach"][data-channel="whatsapp"]').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opened: string[] }).opened))
      .toEqual([expect.stringMatching(/^https:\/\/wa\.me\/5511955550000\?text=Ol%C3%A1%20Joana%2C%20feliz%20anivers%C3%A1rio/)]);
    await suggestion.getByTestId('suggestion-task').click();
    await expect.poll(() => page.getByTestId('book-tasks').getByTestId('customer-task').count()).toBe(1);
    await expect.poll(() => suggestion.count()).toBe(0);
    await context.close();
  });
});

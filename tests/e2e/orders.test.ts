import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newId, type OrderIntakeInput, type StockLevel } from '../../src/domain/index.js';
import { pickupIntake } from '../../src/domain/testing/orders.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { mintKey } from '../server/integration-probe.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels } from './tablet.js';

/**
 * Online orders reach the store's tablets: the e-commerce platform posts an order for pickup at S1, and within two
 * seconds it is on an S1 tablet with its lines, a flagged shortfall, and the reservation in the product's level
 * (available down, on hand unchanged); any order is found by number, also offline from what the tablet saved.
 */
let server: TestServer;
let browser: Browser;
let apiKey: string;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 60, staticDir: 'dist' });
  apiKey = (await mintKey(server.store)).apiKey;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function postOrder(input: OrderIntakeInput): Promise<{ id: string }> {
  const res = await fetch(`${server.url}/api/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': newId() },
    body: JSON.stringify(input),
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body as { id: string };
}

/** Two products S1 stocks that no order holds yet: one to reserve in full, one to order more of than S1 has. */
async function untouchedProducts(): Promise<[StockLevel, StockLevel]> {
  const levels = (await s1Levels(server)).filter((l) => l.reserved === 0 && l.available >= 2);
  expect(levels.length).toBeGreaterThanOrEqual(2);
  return [levels[0]!, levels[1]!];
}

const priceOf = (sku: string) => server.products.find((p) => p.sku === sku)!.price.amount;
const levelCell = (page: Page, sku: string) => page.locator(`[data-testid="order-line"][data-sku="${sku}"]`).getByTestId('stock-level');
const openOrderCount = async (page: Page) => {
  const badge = page.getByTestId('nav-orders-badge');
  return (await badge.count()) === 0 ? 0 : Number(await badge.getAttribute('data-count'));
};

describe('online orders on a tablet', () => {
  it('shows an order posted through the API within two seconds, with its reservation in the level and its shortfall flagged', async () => {
    const [reservedInFull, shortOf] = await untouchedProducts();
    const { page } = await openTablet(browser, server, 'Balcão');
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('orders-screen').waitFor();
    const openBefore = await openOrderCount(page);

    const input = pickupIntake('S1', [
      { sku: reservedInFull.sku, quantity: 1, unitPrice: priceOf(reservedInFull.sku) },
      { sku: shortOf.sku, quantity: shortOf.available + 2, unitPrice: priceOf(shortOf.sku) },
    ]);
    const postedAt = Date.now();
    const { id } = await postOrder(input);
    const row = page.locator(`[data-testid="order-item"][data-order-id="${id}"]`);
    await row.waitFor({ timeout: 2_000 });
    expect(Date.now() - postedAt).toBeLessThan(2_000);
    await expect.poll(() => openOrderCount(page)).toBe(openBefore + 1);
    expect(await row.getByTestId('order-shortfall').getAttribute('data-units')).toBe('2');

    await row.getByRole('button').click();
    const detail = page.locator(`[data-testid="order-detail"][data-order-id="${id}"]`);
    await detail.waitFor();
    expect(await detail.getByTestId('order-customer').textContent()).toContain('Ana Souza');
    // The reservation: available down by the units held, on hand unchanged (nothing left the shelf yet).
    const held = levelCell(page, reservedInFull.sku);
    await expect.poll(() => held.getAttribute('data-available')).toBe(String(reservedInFull.available - 1));
    expect(await held.getAttribute('data-on-hand')).toBe(String(reservedInFull.onHand));
    expect(await held.getAttribute('data-reserved')).toBe('1');
    // The line S1 could not cover: every unit it had is held, the rest flagged for the store.
    const shortLine = page.locator(`[data-testid="order-line"][data-sku="${shortOf.sku}"]`);
    expect(await shortLine.getAttribute('data-reserved')).toBe(String(shortOf.available));
    expect(await shortLine.getByTestId('line-shortfall').isVisible()).toBe(true);
    await expect.poll(() => levelCell(page, shortOf.sku).getAttribute('data-available')).toBe('0');
    expect(await page.getByTestId('order-shortfall-notice').isVisible()).toBe(true);

    // The selling screen shows the same level: an associate does not sell the unit a customer is coming for.
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search-input').fill(reservedInFull.sku);
    const result = page.locator(`[data-testid="search-result"][data-sku="${reservedInFull.sku}"]`).getByTestId('stock-level');
    await expect.poll(() => result.getAttribute('data-available')).toBe(String(reservedInFull.available - 1));
    expect(await result.getAttribute('data-on-hand')).toBe(String(reservedInFull.onHand));
  });

  it('finds an order of the chain by number online, and offline shows the saved answer with its age or says it needs the network', async () => {
    const [product] = await untouchedProducts();
    const shipped = pickupIntake('S2', [{ sku: product.sku, quantity: 1, unitPrice: priceOf(product.sku) }], {
      fulfilment: {
        type: 'ship',
        address: {
          recipient: 'Rui Lima',
          street: 'Rua das Flores',
          number: '12',
          city: 'Curitiba',
          region: 'PR',
          postalCode: '80010-000',
          country: 'BR',
        },
        carrier: null,
        trackingCode: null,
        promisedAt: '2026-11-28T18:00:00-03:00',
      },
    });
    await postOrder(shipped);
    const { page, context } = await openTablet(browser, server, 'Trocas');
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('open-lookup').click();

    const lookUp = async (number: string) => {
      await page.getByTestId('lookup-input').fill(number);
      await page.getByTestId('lookup-submit').click();
    };
    await lookUp(shipped.number.toLowerCase());
    const answer = page.getByTestId('lookup-answer');
    await expect.poll(() => answer.getAttribute('data-source')).toBe('server');
    expect(await page.locator(`[data-testid="lookup-result"][data-number="${shipped.number}"]`).textContent()).toContain('Curitiba');

    await context.setOffline(true);
    await page.getByTestId('lookup-offline').waitFor();
    await lookUp(shipped.number);
    await expect.poll(() => answer.getAttribute('data-source')).toBe('saved');
    expect(await page.getByTestId('lookup-saved').isVisible()).toBe(true);
    await lookUp('WEB-NEVER-SEEN');
    await page.getByTestId('lookup-error').waitFor();
    expect(await page.getByTestId('lookup-answer').count()).toBe(0);
    await context.setOffline(false);
  });

  it('on a phone, shows the list, then the chosen order alone with a way back', async () => {
    const [product] = await untouchedProducts();
    const { id } = await postOrder(pickupIntake('S1', [{ sku: product.sku, quantity: 1, unitPrice: priceOf(product.sku) }]));
    const { page } = await openTablet(browser, server, 'Celular');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-orders').click();
    const row = page.locator(`[data-testid="order-item"][data-order-id="${id}"]`);
    await row.getByRole('button').click();
    await page.locator(`[data-testid="order-detail"][data-order-id="${id}"]`).waitFor();
    expect(await row.isVisible()).toBe(false);
    await page.getByTestId('orders-back').click();
    await row.waitFor();
    expect(await page.getByTestId('order-detail').count()).toBe(0);
    // The phone's back gesture goes back a screen, not out of the app.
    await row.getByRole('button').click();
    await page.getByTestId('order-detail').waitFor();
    await page.goBack();
    await row.waitFor();
  });
});

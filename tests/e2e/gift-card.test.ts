import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newCreditCode, type Sale } from '../../src/domain/index.js';
import { readCredit } from '../../sync-server/credits/ledger-store.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { cartSaved, openTablet, s1Levels, scan } from './tablet.js';

/**
 * A gift card sold at the till in real Chromium, with the store's Wi-Fi down: the card's number scanned into the
 * dialog (a keyboard-wedge scanner), its value typed, an item beside it, paid in cash; the receipt prints the card's
 * slip. The cart survives a reload offline. Back online, the server issues the card on the credit ledger, and the
 * next customer's sale spends it: the card scanned at Pay, its balance checked.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 40, staticDir: 'dist' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const localSale = (page: Page, id: string) =>
  page.evaluate(
    (saleId) =>
      window
        .__vitrine!.db.sales.findOne(saleId)
        .exec()
        .then((d) => (d ? (d.toJSON() as unknown) : null)),
    id,
  ) as Promise<Sale | null>;

describe('a gift card sold at the till', () => {
  it('is sold offline beside an item, survives a reload, is issued by the server once synced and spent on the next sale', async () => {
    const stocked = (await s1Levels(server)).filter((l) => l.available >= 2).map((l) => server.products.find((p) => p.sku === l.sku)!);
    const item = stocked[0]!;
    const code = newCreditCode();
    const { context, page } = await openTablet(browser, server, 'Caixa vale-presente');
    await page.getByTestId('search-input').waitFor();
    await context.setOffline(true);

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await scan(page, item.barcode);
    await page.locator(`[data-testid="cart-line"][data-sku="${item.sku}"]`).waitFor();
    await page.getByTestId('sell-gift-card').click();
    await page.getByTestId('gift-card-dialog').waitFor();
    // A card that is no card: refused in the field, nothing added.
    await page.getByTestId('gift-card-add').click();
    await page.getByTestId('gift-card-code-error').waitFor();
    await scan(page, code);
    await page.getByTestId('gift-card-amount').fill('150');
    await page.getByTestId('gift-card-add').click();
    await page.locator(`[data-testid="gift-card-line"][data-code="${code}"]`).waitFor();
    expect(await page.getByTestId('gift-card-line').getAttribute('data-amount')).toBe('15000');

    // A reload offline keeps the card in the cart (a crash does not lose what was rung up).
    await cartSaved(page, 1);
    await page.reload();
    await page.locator(`[data-testid="gift-card-line"][data-code="${code}"]`).waitFor();

    await page.getByTestId('pay-button').click();
    await expect.poll(() => page.getByTestId('tender-remaining').getAttribute('data-amount')).toBe(String(item.price.amount + 15_000));
    await page.getByTestId('quick-tender').last().click();
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    await page.locator(`[data-testid="gift-card-slip"][data-code="${code}"]`).waitFor();
    const saleId = (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;
    const stored = (await localSale(page, saleId))!;
    expect(stored.giftCards).toEqual([{ code, amount: 15_000 }]);
    expect(stored.lines).toHaveLength(1);
    expect(stored.outcome).toBeUndefined();

    await context.setOffline(false);
    await expect
      .poll(async () => JSON.parse((await server.store.getDocument('sales', saleId))?.body ?? '{}').outcome?.status, { timeout: 30_000 })
      .toBe('accepted');
    const issued = (await readCredit(server.store.sql, code))!;
    expect(issued.credit).toMatchObject({ balance: 15_000, origin: 'gift_card', issuedStoreId: 'S1', flag: null });

    // The next customer pays with the card: its balance checked online, the item paid from it.
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search-input').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const cheap = [...stocked].sort((a, b) => a.price.amount - b.price.amount)[0]!;
    await scan(page, cheap.barcode);
    await page.locator(`[data-testid="cart-line"][data-sku="${cheap.sku}"]`).waitFor();
    await page.getByTestId('pay-button').click();
    await page.getByTestId('method-credit').click();
    // The card's number scanned at Pay lands in the credit's code field, not in the cart.
    await page.getByTestId('credit-code').waitFor();
    await scan(page, code);
    await expect.poll(() => page.getByTestId('credit-code').inputValue()).toBe(code);
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('credit-check').click();
    await expect.poll(() => page.getByTestId('credit-balance').getAttribute('data-amount')).toBe('15000');
    const spend = Math.min(cheap.price.amount, 15_000);
    await page.getByTestId('add-credit').click();
    await expect.poll(() => page.locator('[data-testid="tender-row"][data-kind="credit"]').count()).toBe(1);
    if (spend < cheap.price.amount) await page.getByTestId('quick-tender').last().click();
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    const spentId = (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;
    await expect
      .poll(async () => JSON.parse((await server.store.getDocument('sales', spentId))?.body ?? '{}').outcome?.status, { timeout: 30_000 })
      .toBe('accepted');
    expect((await readCredit(server.store.sql, code))!.credit.balance).toBe(15_000 - spend);
    await context.close();
  });
});

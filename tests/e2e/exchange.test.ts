import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ReturnRecorded, Sale } from '../../src/domain/index.js';
import { readCredit } from '../../sync-server/credits/ledger-store.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, s1Levels, scan, sellByScanning } from './tablet.js';

/**
 * An exchange at the till in real Chromium: the customer brings back an item bought at S1 and takes a dearer one
 * instead. The return is refunded as an exchange (its value becomes a store credit), the till opens with that credit
 * as a tender, the difference is paid in cash, and on the server the returned item is back in stock, the new one
 * out, and the credit's ledger shows it issued by the return and spent by the sale, at zero, unflagged.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 60, staticDir: 'dist' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const local = <T>(page: Page, collection: 'sales' | 'facts', id: string) =>
  page.evaluate(
    ({ c, docId }) =>
      window
        .__vitrine!.db[c].findOne(docId)
        .exec()
        .then((d) => (d ? (d.toJSON() as unknown) : null)),
    { c: collection, docId: id },
  ) as Promise<T | null>;

const serverOutcome = async (collection: string, id: string) =>
  JSON.parse((await server.store.getDocument(collection, id))?.body ?? '{}').outcome?.status as string | undefined;

const onHand = async (sku: string) => (await s1Levels(server)).find((l) => l.sku === sku)?.onHand ?? 0;

describe('an exchange at the till', () => {
  it('returns an item, rings a dearer one with the credit as a tender, takes the difference in cash; stock and the credit ledger on the server follow', async () => {
    const stocked = (await s1Levels(server)).filter((l) => l.available >= 2).map((l) => server.products.find((p) => p.sku === l.sku)!);
    const byPrice = [...stocked].sort((a, b) => a.price.amount - b.price.amount);
    const [cheap, dear] = [byPrice[0]!, byPrice.at(-1)!];
    expect(dear.price.amount).toBeGreaterThan(cheap.price.amount);
    const [cheapBefore, dearBefore] = [await onHand(cheap.sku), await onHand(dear.sku)];

    const { context, page } = await openTablet(browser, server, 'Caixa trocas');
    const boughtId = await sellByScanning(page, [cheap.barcode]);
    await expect.poll(() => local<Sale>(page, 'sales', boughtId).then((s) => s?.outcome?.status), { timeout: 20_000 }).toBe('accepted');
    const bought = (await local<Sale>(page, 'sales', boughtId))!;

    // The return: found by its receipt number, one unit back in resellable condition, refunded as an exchange.
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('returns-by-number').click();
    await page.getByTestId('returns-search').fill(bought.receiptNumber);
    await page.getByTestId('returns-find-submit').click();
    await page.getByTestId('returns-result').first().click();
    // A one-line purchase comes with its unit chosen already.
    await expect.poll(() => page.getByTestId('return-quantity').first().textContent()).toBe('1');
    await page.getByTestId('return-reason').first().selectOption('wrong_size');
    await page.getByTestId('return-condition-resellable').first().click();
    await page.getByTestId('refund-method-exchange').click();
    await expect.poll(() => page.getByTestId('returns-refund-total').getAttribute('data-amount')).toBe(String(cheap.price.amount));
    await page.getByTestId('returns-save').click();

    // The till opens with the return's credit: the new item, then pay the difference.
    await page.getByTestId('search-input').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await scan(page, dear.barcode);
    await page.locator(`[data-testid="cart-line"][data-sku="${dear.sku}"]`).waitFor();
    await page.getByTestId('pay-button').click();
    await page.getByTestId('exchange-note').waitFor();
    await expect.poll(() => page.locator('[data-testid="tender-row"][data-kind="credit"]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('tender-remaining').getAttribute('data-amount')).toBe(String(dear.price.amount - cheap.price.amount));
    await page.getByTestId('quick-tender').first().click();
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    const saleId = (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;

    const sale = (await local<Sale>(page, 'sales', saleId))!;
    const credit = sale.tenders.find((t) => t.kind === 'credit');
    expect(credit).toMatchObject({ kind: 'credit', amount: cheap.price.amount, check: 'exchange' });
    const returnId = credit!.id;
    const returned = (await local<ReturnRecorded>(page, 'facts', returnId))!;
    expect(returned.payload.refund).toMatchObject({ method: 'exchange', tenders: [{ kind: 'store_credit', amount: cheap.price.amount }] });
    const code = returned.payload.refund.creditCode!;
    expect(credit).toMatchObject({ code });

    // On the server, once synced: both accepted, the stock moved, the credit issued and spent to zero.
    await expect.poll(() => serverOutcome('sales', saleId), { timeout: 30_000 }).toBe('accepted');
    await expect.poll(() => serverOutcome('facts', returnId), { timeout: 30_000 }).toBe('accepted');
    expect(await onHand(cheap.sku)).toBe(cheapBefore);
    expect(await onHand(dear.sku)).toBe(dearBefore - 1);
    const ledger = (await readCredit(server.store.sql, code))!;
    expect(ledger.credit).toMatchObject({ balance: 0, flag: null, origin: 'return', issuedStoreId: 'S1' });
    expect(ledger.entries.map((e) => [e.kind, e.amount, e.factId])).toEqual(
      expect.arrayContaining([
        ['issue', cheap.price.amount, returnId],
        ['redeem', -cheap.price.amount, saleId],
      ]),
    );
    expect(ledger.entries).toHaveLength(2);
    await context.close();
  });
});

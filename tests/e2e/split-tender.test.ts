import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Fact, Sale } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { mintKey } from '../server/integration-probe.js';
import { openTablet, s1Levels, scan } from './tablet.js';

/**
 * The till's payments in real Chromium, offline: a plain cash sale in at most 4 taps after the scans; a split sale
 * (cash + Pix) with a manager-approved discount that completes offline and is accepted by the server once online;
 * a sale that is not paid cannot complete, a Pix cannot be recorded without its reference; a voided line and a voided
 * sale reach the server as the shift's record. Taps and the time from Pay to the sale written are printed.
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

/** Counts what the associate touches: each tap on a control, each field they type in. */
function counter() {
  const counts = { taps: 0, typed: 0 };
  return {
    counts,
    tap: async (target: Locator) => {
      counts.taps++;
      await target.click();
    },
    type: async (target: Locator, text: string) => {
      counts.typed++;
      await target.fill(text);
    },
    choose: async (target: Locator, value: string) => {
      counts.taps++;
      await target.selectOption(value);
    },
  };
}

async function goOffline(page: Page, context: { setOffline(offline: boolean): Promise<void> }) {
  await context.setOffline(true);
  await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
}

async function ringUp(page: Page, barcodes: string[]) {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (const code of barcodes) await scan(page, code);
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(new Set(barcodes).size);
}

const localSale = (page: Page, id: string) =>
  page.evaluate(
    (saleId) =>
      window
        .__vitrine!.db.sales.findOne(saleId)
        .exec()
        .then((d) => (d ? (d.toJSON() as unknown) : null)),
    id,
  ) as Promise<Sale | null>;

const brl = (minor: number) => (minor / 100).toFixed(2).replace('.', ',');

/** Products S1 has at least two of, to sell without running out. */
async function inStock(count: number) {
  const levels = (await s1Levels(server)).filter((l) => l.available >= 2);
  return levels.slice(0, count).map((l) => server.products.find((p) => p.sku === l.sku)!);
}

describe('paying at the till, offline', () => {
  it('rings a three-item cash sale by scanner in at most 4 taps after the scans', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa rápido');
    await goOffline(page, context);
    const products = await inStock(3);
    await ringUp(
      page,
      products.map((p) => p.barcode),
    );

    const { counts, tap } = counter();
    const started = performance.now();
    await tap(page.getByTestId('pay-button'));
    await tap(page.getByTestId('quick-tender').first());
    await tap(page.getByTestId('complete-sale'));
    await page.getByTestId('receipt').waitFor();
    const saleId = (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;
    const durableMs = performance.now() - started;
    const sale = await localSale(page, saleId);
    expect(sale?.lines).toHaveLength(3);
    expect(sale?.tenders.map((t) => t.kind)).toEqual(['cash']);
    expect(sale?.totals.change).toBe(0);
    console.log(`three-item cash sale: ${counts.taps} taps after the scans, Pay to durable ${durableMs.toFixed(0)} ms`);
    expect(counts.taps).toBeLessThanOrEqual(4);
    await context.close();
  });

  it('takes a split tender (cash + Pix) with a promotion and a manager-approved discount offline, refuses what is not paid or proven, and the server accepts the sale', async () => {
    // The chain runs 15 % off one of the items in every store, from its systems (PUT /api/promotions).
    const products = await inStock(6);
    const promoted = products[3]!;
    const day = 24 * 3600_000;
    const res = await fetch(`${server.url}/api/promotions`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${(await mintKey(server.store)).apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        promotions: [
          {
            id: 'E2E-SPLIT-15',
            name: '15% off',
            stores: null,
            currency: null,
            validFrom: new Date(Date.now() - day).toISOString(),
            validTo: new Date(Date.now() + 30 * day).toISOString(),
            active: true,
            priority: 0,
            stackable: false,
            rule: { kind: 'item_percent', target: { skus: [promoted.sku], categories: [] }, percentBp: 1500 },
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const { context, page } = await openTablet(browser, server, 'Caixa Pix');
    await goOffline(page, context);
    await ringUp(
      page,
      products.slice(3, 6).map((p) => p.barcode),
    );
    const promotion = page.locator(`[data-testid="cart-line"][data-sku="${promoted.sku}"] [data-testid="line-promotion"]`);
    await expect.poll(() => promotion.getAttribute('data-promotion-id')).toBe('E2E-SPLIT-15');
    const { counts, tap, type, choose } = counter();

    // 20 % off the sale is above S1's limit (10 %): a manager approves on the spot, offline. A wrong PIN is refused.
    const started = performance.now();
    await tap(page.getByTestId('cart-discount'));
    await type(page.getByTestId('discount-value'), '20');
    await choose(page.getByTestId('discount-reason'), 'customer_goodwill');
    await page.getByTestId('manager-approval').waitFor();
    await type(page.getByTestId('approve-manager-number'), '9001');
    // (Refusals are not counted as the sale's taps.)
    await page.getByTestId('approve-manager-pin').fill('1111');
    await page.getByTestId('discount-apply').click();
    await expect.poll(() => page.getByTestId('approve-error').getAttribute('data-reason')).toBe('wrong');
    await type(page.getByTestId('approve-manager-pin'), '9999');
    await tap(page.getByTestId('discount-apply'));
    await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('line-discount-amount').count()).toBe(3);

    const payStarted = performance.now();
    await tap(page.getByTestId('pay-button'));
    const due = Number(await page.getByTestId('tender-remaining').getAttribute('data-amount'));
    expect(due).toBeGreaterThan(0);

    // Part in cash: not enough to complete.
    const cash = Math.floor(due / 2);
    await type(page.getByTestId('tendered-input'), brl(cash));
    await page.getByTestId('change-short').waitFor();
    expect(await page.getByTestId('complete-sale').isDisabled()).toBe(true);
    await tap(page.getByTestId('add-cash'));
    await expect.poll(() => page.getByTestId('tender-remaining').getAttribute('data-amount')).toBe(String(due - cash));
    expect(await page.getByTestId('complete-sale').isDisabled()).toBe(true);

    // A card without the approval code from the terminal slip is not recorded.
    await page.getByTestId('method-card').click();
    await page.getByTestId('card-last4').fill('4242');
    await page.getByTestId('add-card').click();
    await page.getByTestId('card-approval-error').waitFor();
    expect(await page.getByTestId('tender-row').count()).toBe(1);

    // The rest by Pix: a BR Code for the remaining amount; without its reference it is not recorded.
    await tap(page.getByTestId('method-pix'));
    const brCode = (await page.getByTestId('pix-qr').getAttribute('data-qr-text'))!;
    expect(brCode).toMatch(/^000201/);
    expect(brCode).toContain(`54${String(brl(due - cash).replace(',', '.').length).padStart(2, '0')}${brl(due - cash).replace(',', '.')}`);
    expect(await page.getByTestId('pix-copy-paste').inputValue()).toBe(brCode);
    await page.getByTestId('confirm-pix').click();
    await page.getByTestId('pix-reference-error').waitFor();
    expect(await page.getByTestId('tender-row').count()).toBe(1);
    await type(page.getByTestId('pix-reference'), 'Maria Silva, Nubank');
    await tap(page.getByTestId('confirm-pix'));
    await expect.poll(() => page.getByTestId('tender-row').count()).toBe(2);

    // CPF na nota, checked by its digits.
    await page.getByTestId('customer-tax-id').fill('529.982.247-24');
    await page.getByTestId('customer-tax-id').blur();
    await page.getByTestId('customer-tax-id-error').waitFor();
    expect(await page.getByTestId('complete-sale').isDisabled()).toBe(true);
    await type(page.getByTestId('customer-tax-id'), '529.982.247-25');

    const completeStarted = performance.now();
    await tap(page.getByTestId('complete-sale'));
    await page.getByTestId('receipt').waitFor();
    const durableMs = performance.now() - payStarted;
    const commitMs = performance.now() - completeStarted;
    const saleId = (await page.getByTestId('receipt').getAttribute('data-sale-id'))!;
    const sale = (await localSale(page, saleId))!;
    console.log(
      `split-tender sale (cash + Pix, a promotion, a manager-approved discount): ${counts.taps} taps and ${counts.typed} fields typed after the scans ` +
        `(refusals not counted); ${((performance.now() - started) / 1000).toFixed(1)} s from the discount to the receipt, Pay to durable ` +
        `${durableMs.toFixed(0)} ms (tendering by a test robot included), Complete to durable ${commitMs.toFixed(0)} ms`,
    );
    expect(sale.tenders.map((t) => [t.kind, t.amount])).toEqual([
      ['cash', cash],
      ['pix', due - cash],
    ]);
    expect(sale.discountApprovedBy).toBe('S1-9001');
    expect(sale.lines.find((l) => l.sku === promoted.sku)!.discounts[0]).toMatchObject({ source: 'promotion', promotionId: 'E2E-SPLIT-15' });
    expect(sale.customerTaxId).toBe('52998224725');
    expect(sale.lines.every((l) => l.discounts.some((d) => d.source === 'manual' && d.scope === 'cart' && d.reason === 'customer_goodwill'))).toBe(
      true,
    );
    expect(sale.totals.total).toBe(due);

    // Online again: the sale reaches the server, which checks it and accepts it.
    await context.setOffline(false);
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    const stored = JSON.parse((await server.store.getDocument('sales', saleId))!.body) as Sale;
    expect(stored.outcome).toMatchObject({ status: 'accepted' });
    await context.close();
  });

  it('keeps a card already charged across a reload, and a reversed tender stays in the sale with its reason', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa cartão');
    await goOffline(page, context);
    const [a, b] = await inStock(2);
    await ringUp(page, [a!.barcode, b!.barcode]);
    // 5 % off one damaged item is within the store's limit: no manager needed.
    await page.locator(`[data-testid="cart-line"][data-sku="${a!.sku}"]`).getByTestId('line-discount').click();
    await page.getByTestId('discount-value').fill('5');
    await page.getByTestId('discount-reason').selectOption('damaged_item');
    expect(await page.getByTestId('manager-approval').count()).toBe(0);
    await page.getByTestId('discount-apply').click();
    await page.getByTestId('line-discount-amount').waitFor();
    await page.getByTestId('pay-button').click();
    const due = Number(await page.getByTestId('tender-remaining').getAttribute('data-amount'));
    await page.getByTestId('method-card').click();
    await page.getByTestId('card-installments').selectOption('3');
    await page.getByTestId('card-last4').fill('4242');
    await page.getByTestId('card-approval').fill('A1B2C3');
    await page.getByTestId('card-amount').fill(brl(due - 100));
    await page.getByTestId('add-card').click();
    await expect.poll(() => page.getByTestId('tender-row').count()).toBe(1);
    await expect
      .poll(() =>
        page.evaluate(() =>
          window.__vitrine?.db.getLocal('cart').then((doc) => (doc?.toJSON().data as { tenders?: unknown[] } | undefined)?.tenders?.length ?? 0),
        ),
      )
      .toBe(1);

    await page.reload();
    // While the card stands the cart cannot be emptied: its record would go with it.
    await page.getByTestId('payments-taken').waitFor();
    await page.getByTestId('clear-cart').click();
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    await page.getByTestId('pay-button').click();
    await expect.poll(() => page.getByTestId('tender-row').getAttribute('data-kind')).toBe('card');
    expect(await page.getByTestId('tender-remaining').getAttribute('data-amount')).toBe('100');

    // The customer pays it all by card instead: the first is reversed (kept, with why), the second covers the total.
    await page.getByTestId('reverse-tender').click();
    await page.getByTestId('reverse-customer_changed_method').click();
    await expect.poll(() => page.getByTestId('tender-remaining').getAttribute('data-amount')).toBe(String(due));
    await page.getByTestId('method-card').click();
    await page.getByTestId('card-debit').click();
    await page.getByTestId('card-last4').fill('1881');
    await page.getByTestId('card-approval').fill('778899');
    await page.getByTestId('add-card').click();
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    const sale = (await localSale(page, (await page.getByTestId('receipt').getAttribute('data-sale-id'))!))!;
    expect(sale.tenders).toMatchObject([
      { kind: 'card', amount: due - 100, installments: 3, last4: '4242', reversal: { reason: 'customer_changed_method', reversedBy: 'S1-1001' } },
      { kind: 'card', amount: due, funding: 'debit', installments: 1, last4: '1881' },
    ]);
    expect(sale.totals).toMatchObject({ tendered: due, change: 0 });
    expect(sale.lines.find((l) => l.sku === a!.sku)!.discounts).toEqual([
      { source: 'manual', scope: 'line', reason: 'damaged_item', amount: Math.round(a!.price.amount * 0.05) },
    ]);
    expect(sale.discountApprovedBy).toBeNull();

    await context.setOffline(false);
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    expect(JSON.parse((await server.store.getDocument('sales', sale.id))!.body).outcome).toMatchObject({ status: 'accepted' });
    await context.close();
  });

  it('locks a manager on this till after five wrong PINs for a discount, even with the right PIN next', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa bloqueio');
    await goOffline(page, context);
    const [a] = await inStock(1);
    await ringUp(page, [a!.barcode]);
    await page.getByTestId('cart-discount').click();
    await page.getByTestId('discount-value').fill('50');
    await page.getByTestId('discount-reason').selectOption('other');
    await page.getByTestId('approve-manager-number').fill('9001');
    const reasons: (string | null)[] = [];
    for (const pin of ['0000', '0001', '0002', '0003', '0004', '9999']) {
      await page.getByTestId('approve-manager-pin').fill(pin);
      await page.getByTestId('discount-apply').click();
      await expect.poll(() => page.getByTestId('approve-manager-pin').inputValue()).toBe('');
      reasons.push(await page.getByTestId('approve-error').getAttribute('data-reason'));
    }
    expect(reasons).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked']);
    await page.getByTestId('discount-cancel').click();
    expect(await page.getByTestId('line-discount-amount').count()).toBe(0);
    await context.close();
  });

  it('keeps a voided line and a voided sale in the record, and the server accepts the void', async () => {
    const { context, page } = await openTablet(browser, server, 'Caixa cancela');
    await goOffline(page, context);
    const [a, b] = await inStock(2);
    await ringUp(page, [a!.barcode, b!.barcode]);
    await page.locator(`[data-testid="cart-line"][data-sku="${b!.sku}"]`).getByTestId('remove-line').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);

    await page.getByTestId('void-sale').click();
    await page.getByTestId('void-reason').selectOption('customer_left');
    await page.getByTestId('void-confirm').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);

    const facts = (await page.evaluate(() =>
      window
        .__vitrine!.db.facts.find({ selector: { kind: 'sale.voided' } })
        .exec()
        .then((docs) => docs.map((d) => d.toJSON() as unknown)),
    )) as Fact[];
    expect(facts).toHaveLength(1);
    expect(facts[0]!.payload).toMatchObject({
      reason: 'customer_left',
      lines: [
        { sku: b!.sku, quantity: 1, voidedBy: 'S1-1001' },
        { sku: a!.sku, quantity: 1, voidedBy: 'S1-1001' },
      ],
    });

    // A cleared cart's lines stay in the record too, as voided, until a sale or a void carries them.
    await ringUp(page, [a!.barcode]);
    await page.getByTestId('clear-cart').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() =>
          window.__vitrine?.db.getLocal('cart').then((doc) => (doc?.toJSON().data as { voidedLines?: { sku: string }[] } | undefined)?.voidedLines),
        ),
      )
      .toMatchObject([{ sku: a!.sku, voidedBy: 'S1-1001' }]);

    await context.setOffline(false);
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ timeout: 20_000 });
    const stored = JSON.parse((await server.store.getDocument('facts', facts[0]!.id))!.body) as Fact;
    expect(stored.outcome).toMatchObject({ status: 'accepted' });
    await context.close();
  });
});

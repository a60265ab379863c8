import type { Page } from 'playwright-core';

/**
 * Issue 9's sale-commit time: from the associate pressing "Complete sale" to the sale durable in IndexedDB and its
 * receipt on screen, for three-item cash sales rung up by scanner on the tablet that just synced the catalog. The
 * baseline, in the same run and page: RxDB writing the same sale document on the same storage as a local document
 * (never replicated, so the bench does not push copies), the floor the till's commit is built on.
 */
export interface SaleCommitTimes {
  commitMs: number[];
  baselineInsertMs: number[];
}

export async function measureSaleCommits(page: Page, barcodes: readonly string[], sales: number): Promise<SaleCommitTimes> {
  const commitMs: number[] = [];
  const baselineInsertMs: number[] = [];
  for (let i = 0; i < sales; i++) {
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search-input').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const three = [0, 1, 2].map((k) => barcodes[(i * 3 + k) % barcodes.length]!);
    await page.evaluate((codes) => {
      for (const code of codes) {
        const target = document.activeElement ?? document.body;
        for (const key of [...code, 'Enter']) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      }
    }, three);
    await page.locator('[data-testid="cart-line"]').nth(2).waitFor();
    await page.getByTestId('pay-button').click();
    await page.getByTestId('quick-tender').last().click();
    await page.locator('[data-testid="complete-sale"]:not([disabled])').waitFor();
    const timed = await page.evaluate(async () => {
      const start = performance.now();
      (document.querySelector('[data-testid="complete-sale"]') as HTMLButtonElement).click();
      // No named inner functions in page code: tsx would wrap them in a helper the page does not have.
      const selector = '[data-testid="receipt"][data-sale-id]';
      let receipt = document.querySelector(selector);
      while (!receipt) {
        await new Promise((r) => requestAnimationFrame(r));
        receipt = document.querySelector(selector);
      }
      const saleId = receipt.getAttribute('data-sale-id')!;
      const db = window.__vitrine!.db;
      const sale = await db.sales.findOne(saleId).exec();
      const commit = performance.now() - start;
      if (!sale) throw new Error(`sale ${saleId} is on the receipt but not in the database`);
      const baselineStart = performance.now();
      await db.upsertLocal(`bench-sale-${saleId}`, sale.toMutableJSON());
      return { commit, baseline: performance.now() - baselineStart };
    });
    commitMs.push(timed.commit);
    baselineInsertMs.push(timed.baseline);
  }
  return { commitMs, baselineInsertMs };
}

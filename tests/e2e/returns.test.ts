import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  completeCashSale,
  newCreditCode,
  newId,
  orderProofSummary,
  stockLevelId,
  systemClock,
  type Order,
  type Sale,
  type StockLevel,
} from '../../src/domain/index.js';
import { applyCreditEntries, readCredit } from '../../sync-server/credits/ledger-store.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { signServerProof } from '../../sync-server/proof/server-keys.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { pickupWorld } from '../server/pickup-fixture.js';
import { launchChromium } from '../support/chromium.js';
import { returnsPtBR } from '../../src/app/features/returns/messages.pt-BR.js';
import { wedgeScan } from './pickup-device.js';
import { signIn } from './tablet.js';

/**
 * Returns in real Chromium: an online order collected at S1 is brought back to store S2 while S2's tablet has no
 * network. Its signed QR (the server's proof of purchase) is scanned and verified on the tablet, the return is
 * recorded offline; back online the resellable unit is in S2's stock and the web shop is told to refund the payment
 * (`order.refund_requested` at its webhook receiver). The taps are counted and printed for the closing note.
 */
let server: TestServer;
let browser: Browser;
let receiver: WebhookReceiver;
let world: ReturnType<typeof pickupWorld>;
const DAY = 86_400_000;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npx vite build (npm test does)');
  server = await startTestServer({ catalogSize: 60, staticDir: 'dist', delivery: { timing: { pollMs: 20, backoffBaseMs: 40, backoffMaxMs: 400 } } });
  receiver = await startWebhookReceiver({ secret: 'unused', respond: () => 200 });
  const { apiKey } = await createIntegration(server.store, { name: 'webshop', webhookUrl: receiver.url }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

/** An S1 pickup order the customer collected two days ago (the pickup steps have their own browser tests). */
async function collectedOrder(): Promise<Order> {
  const posted = await world.postOrder([1]);
  const collectedAt = new Date(Date.now() - 2 * DAY).toISOString();
  const order: Order = {
    ...(await world.order(posted.id)),
    state: 'collected',
    collectedAt,
    lines: posted.lines.map((l) => ({ ...l, reserved: 0, picked: l.quantity, collected: l.quantity })),
  };
  await server.store.transaction((tx) => tx.putDocuments([{ collection: 'orders', id: order.id, storeId: 'S1', body: order }]));
  return order;
}

async function openS2Tablet(page: Page, name = 'Caixa 1 S2', staff = { number: '1001', pin: '1234' }) {
  await page.goto(server.url);
  await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S2'));
  await page.getByTestId('enroll-name').fill(name);
  await page.getByTestId('enroll-submit').click();
  await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 30_000 });
  await signIn(page, staff.number, staff.pin);
  await page.locator(`[data-testid="session"][data-staff-id="S2-${staff.number}"]`).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

const s2Level = async (sku: string) => {
  const doc = await server.store.getDocument('stock', stockLevelId('S2', sku));
  return doc ? (JSON.parse(doc.body) as StockLevel).onHand : 0;
};

describe('returns at the counter', () => {
  it("an online order returned at S2 offline by its signed QR: S2's stock and the web shop's refund once synced", async () => {
    const order = await collectedOrder();
    const [line] = order.lines as [Order['lines'][0]];
    // The QR the customer shows: the server's signed summary (its key replicates to every device at enrollment).
    const qr = await signServerProof(server.store, orderProofSummary(order), systemClock);
    expect(qr.length).toBeLessThanOrEqual(600);
    const before = await s2Level(line.sku);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
    const page = await context.newPage();
    await openS2Tablet(page);
    await context.setOffline(true);

    let taps = 0;
    const tap = async (action: Promise<void>, count = 1) => {
      await action;
      taps += count;
    };
    await tap(page.getByTestId('nav-returns').click());
    await page.getByTestId('returns-find').waitFor();
    // The wedge scanner reads the QR: verified on the tablet, no network, the order opens at once.
    await wedgeScan(page, qr);
    const form = page.locator(`[data-testid="returns-form"][data-number="${order.number}"]`);
    await form.waitFor();
    const row = page.locator(`[data-testid="return-line"][data-sku="${line.sku}"]`);
    expect(await row.getAttribute('data-in-policy')).toBe('true');
    expect(await row.getByTestId('return-quantity').textContent()).toBe('1');
    // The form refuses to save without a reason.
    await page.getByTestId('returns-save').click();
    await page.getByTestId('return-reason-error').waitFor();
    expect(await page.getByTestId('return-receipt').count()).toBe(0);
    // (That refused tap is the test's, not the associate's: it is not counted.) A select is two touches: open, choose.
    await tap(
      row
        .getByTestId('return-reason')
        .selectOption('wrong_size')
        .then(() => undefined),
      2,
    );
    expect(await page.locator('[data-testid="returns-refund-tenders"] li').getAttribute('data-kind')).toBe('platform');
    await tap(page.getByTestId('returns-save').click());

    const receipt = page.getByTestId('return-receipt');
    await receipt.waitFor();
    expect(await receipt.getAttribute('data-status')).toBe('pending');
    expect(Number(await page.getByTestId('return-receipt-total').getAttribute('data-amount'))).toBe(line.total);
    console.log(
      `[returns] online order returned by QR at another store, offline: ${taps} taps (Returns tab 1, reason 2, record 1; the QR by the scanner)`,
    );

    await context.setOffline(false);
    await page.locator('[data-testid="return-receipt"][data-status="accepted"]').waitFor({ timeout: 30_000 });
    expect(await s2Level(line.sku)).toBe(before + 1);
    expect((await server.store.movementsFor('S2', line.sku)).filter((m) => m.reason === 'return').map((m) => m.quantity)).toEqual([1]);

    const refunds = () =>
      receiver.deliveries.filter(
        (d) => d.status === 200 && d.delivery.event?.aggregateId === order.id && d.delivery.event.type === 'order.refund_requested',
      );
    await expect.poll(() => refunds().length, { timeout: 15_000 }).toBe(1);
    expect(refunds()[0]!.delivery.event!.data).toMatchObject({
      orderId: order.id,
      storeId: 'S2',
      amount: line.total,
      lines: [{ lineNo: line.lineNo, sku: line.sku, quantity: 1, reason: 'wrong_size', condition: 'resellable' }],
    });
    await context.close();
  });

  it('two S2 tablets offline take back the same unit: the second shows the conflict for a manager, who took it first and the refund it handed over', async () => {
    const product = server.products[40]!;
    const decidedAt = new Date(Date.now() - DAY).toISOString();
    const sale: Sale = {
      ...completeCashSale({
        store: (await server.store.getStore('S2'))!,
        deviceId: 'till-s2',
        associateId: 'S2-1001',
        receiptNumber: 'S2-09-000001',
        lines: [{ sku: product.sku, name: product.name, quantity: 1, unitPrice: product.price.amount, taxClass: product.taxClass }],
        cashTendered: product.price.amount,
        newId,
        clock: () => new Date(decidedAt),
      }),
      outcome: { status: 'accepted', code: null, message: null, decidedAt },
    };
    await server.store.transaction((tx) => tx.putDocuments([{ collection: 'sales', id: sale.id, storeId: 'S2', body: sale }]));

    const open = async (name: string, staff: { number: string; pin: string }, viewport: { width: number; height: number }) => {
      const context = await browser.newContext({ viewport, locale: 'en' });
      const page = await context.newPage();
      await openS2Tablet(page, name, staff);
      return { context, page };
    };
    const till = await open('Caixa 2 S2', { number: '1001', pin: '1234' }, { width: 1280, height: 800 });
    const phone = await open('Celular S2', { number: '9001', pin: '9999' }, { width: 390, height: 844 });
    await till.context.setOffline(true);
    await phone.context.setOffline(true);
    const returnIt = async (page: Page) => {
      await page.getByTestId('nav-returns').click();
      await page.getByTestId('returns-search').fill(sale.receiptNumber);
      await page.getByTestId('returns-find-submit').click();
      await page.locator(`[data-testid="returns-result"][data-number="${sale.receiptNumber}"]`).click();
      await page.getByTestId('return-reason').selectOption('defective');
      await page.getByTestId('returns-save').click();
      await page.getByTestId('return-receipt').waitFor();
      await page.getByTestId('return-hand-over').waitFor();
      expect(await page.locator('[data-testid="return-receipt-refund"] tr[data-kind]').getAttribute('data-kind')).toBe('cash');
    };
    await returnIt(till.page);
    await returnIt(phone.page);

    await till.context.setOffline(false);
    await till.page.locator('[data-testid="return-receipt"][data-status="accepted"]').waitFor({ timeout: 30_000 });
    await phone.context.setOffline(false);
    await phone.page.locator('[data-testid="return-receipt"][data-status="rejected"]').waitFor({ timeout: 30_000 });
    const conflict = phone.page.getByTestId('return-conflict');
    expect(await conflict.getAttribute('data-code')).toBe('RETURN_EXCEEDS_BOUGHT');
    const first = (await conflict.getByTestId('return-conflict-first').textContent())!;
    expect(first).toContain('Ana Souza');
    expect(first).toContain('S2');
    expect(first).toContain(returnsPtBR['returns.conflicts.otherDevice']); // named as such, never by its id
    // S2's tablets speak the store's language (pt-BR).
    expect(await conflict.getByTestId('return-conflict-refund').textContent()).toContain(returnsPtBR['returns.tender.cash']);
    expect(await conflict.getByTestId('return-conflict-mine').textContent()).toContain('Carla Mendes');
    // The returns screen lists it for the manager, until followed up.
    await phone.page.getByTestId('return-new').click();
    await phone.page.locator('[data-testid="returns-conflicts"] [data-testid="return-conflict"]').waitFor();
    expect(await phone.page.getByTestId('returns-figures').count()).toBe(1);

    // A store credit overdrawn at S2 by an offline payment: its manager finds it on the returns screen to follow up.
    const code = newCreditCode();
    const at = new Date().toISOString();
    await server.store.transaction((tx) =>
      applyCreditEntries(tx, [
        {
          id: `${newId()}:issue`,
          code,
          kind: 'issue',
          amount: 1_000,
          currency: 'BRL',
          storeId: 'S1',
          factId: newId(),
          offline: false,
          at,
          origin: 'return',
        },
        { id: `${newId()}:redeem`, code, kind: 'redeem', amount: -2_500, currency: 'BRL', storeId: 'S2', factId: newId(), offline: true, at },
      ]),
    );
    await phone.page.getByTestId('nav-sell').click();
    await phone.page.getByTestId('nav-returns').click();
    const flagged = phone.page.getByTestId('flagged-credit');
    await expect.poll(() => flagged.count(), { timeout: 15_000 }).toBe(1);
    expect(await flagged.getAttribute('data-balance')).toBe('-1500');
    expect(await flagged.textContent()).not.toContain(code); // masked

    // The manager writes it off from the customer's slip: the code typed, the balance checked, one tap to zero.
    await phone.page.locator('[data-testid="credit-adjust"] summary').click();
    await phone.page.getByTestId('credit-adjust-code').fill(code);
    await phone.page.getByTestId('credit-adjust-check').click();
    await expect.poll(() => phone.page.getByTestId('credit-adjust-balance').getAttribute('data-amount')).toBe('-1500');
    await phone.page.getByTestId('credit-adjust-write-off').click();
    await phone.page.getByTestId('credit-adjust-save').click();
    await phone.page.getByTestId('credit-adjust-note-error').waitFor(); // a note is needed
    await phone.page.getByTestId('credit-adjust-note').fill('cliente não volta, a loja absorve');
    await phone.page.getByTestId('credit-adjust-save').click();
    await phone.page.locator('[data-testid="credit-adjust-saved"][data-status="accepted"]').waitFor({ timeout: 30_000 });
    expect((await readCredit(server.store.sql, code))!.credit).toMatchObject({ balance: 0, flag: null });
    await phone.page.getByTestId('nav-sell').click();
    await phone.page.getByTestId('nav-returns').click();
    await phone.page.locator('[data-testid="flagged-credits"][data-state="list"]').waitFor();
    expect(await flagged.count()).toBe(0);
    await till.context.close();
    await phone.context.close();
  });
});

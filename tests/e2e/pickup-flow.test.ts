import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { pickupQrText, systemClock, type Order } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../sync-server/outbox/receiver.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { pickupWorld } from '../server/pickup-fixture.js';
import { launchChromium } from '../support/chromium.js';
import { openPickupDevice, PHONE, queueItem, TABLET, wedgeScan } from './pickup-device.js';

/**
 * The pickup story in real Chromium: an order posted through the API reaches the pickup tablet's queue within two
 * seconds, is picked by scanning (a wrong item and one unit too many refused by name), made ready; the customer's
 * page says "I'm here" with a spot; the curbside phone is alerted with the order on top; the handoff by QR is
 * recorded offline at the curb and syncs when back in range; e-commerce got ready, arrived, collected in order.
 */
let server: TestServer;
let browser: Browser;
let receiver: WebhookReceiver;
let world: ReturnType<typeof pickupWorld>;

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

const barcodeOf = (sku: string) => server.products.find((p) => p.sku === sku)!.barcode;

describe('pickup on the store devices', () => {
  it('queue within 2 s → picked by scanning → ready → "I\'m here" → the curbside phone alerted → handed off by QR offline → the events in order', async () => {
    const tablet = await openPickupDevice(browser, server, { name: 'Pickup counter', viewport: TABLET, locale: 'pt-BR' });
    // The pickup role starts on the queue, and has no till.
    await tablet.page.getByTestId('pickup-screen').waitFor();
    expect(await tablet.page.getByTestId('nav-sell').count()).toBe(0);
    const phone = await openPickupDevice(browser, server, { name: 'Curbside phone', viewport: PHONE });
    await phone.page.getByTestId('pickup-screen').waitFor();

    const postedAt = Date.now();
    const order = await world.postOrder([2, 1]);
    const row = queueItem(tablet.page, order.id);
    await row.waitFor({ timeout: 2_000 });
    expect(Date.now() - postedAt).toBeLessThan(2_000);
    const [shoes, socks] = order.lines as [Order['lines'][0], Order['lines'][0]];

    // Picking on the tablet, by scanning as a keyboard-wedge scanner types.
    const page = tablet.page;
    await row.getByRole('button').click();
    const panel = page.locator(`[data-testid="pickup-order"][data-order-id="${order.id}"]`);
    await panel.waitFor();
    await page.getByTestId('start-picking').click();
    await page.getByTestId('pick-list').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    const feedback = page.getByTestId('pick-feedback');
    const wrong = server.products.find((p) => !order.lines.some((l) => l.sku === p.sku))!;
    await wedgeScan(page, wrong.barcode);
    await expect.poll(() => feedback.getAttribute('data-code')).toBe('PICK_WRONG_ITEM');
    expect(await feedback.textContent()).toContain(wrong.name);

    const line = (sku: string) => page.locator(`[data-testid="pick-line"][data-sku="${sku}"]`);
    await wedgeScan(page, barcodeOf(shoes.sku));
    await expect.poll(() => line(shoes.sku).getAttribute('data-picked')).toBe('1');
    await wedgeScan(page, barcodeOf(shoes.sku));
    await expect.poll(() => line(shoes.sku).getAttribute('data-left')).toBe('0');
    await wedgeScan(page, barcodeOf(socks.sku));
    await expect.poll(() => line(socks.sku).getAttribute('data-left')).toBe('0');
    // One too many: refused by name, nothing recorded.
    await wedgeScan(page, barcodeOf(socks.sku));
    await expect.poll(() => feedback.getAttribute('data-code')).toBe('PICK_OVER_PICK');
    expect(await feedback.textContent()).toContain(socks.name);
    expect(await line(socks.sku).getAttribute('data-picked')).toBe('1');

    await page.getByTestId('mark-ready').click();
    await expect.poll(async () => (await world.order(order.id)).state, { timeout: 15_000 }).toBe('ready');
    await expect.poll(() => panel.getAttribute('data-pending')).toBe('0');
    const ready = await world.order(order.id);
    expect(ready.pickup).toMatchObject({ started: { staffName: 'Bruno Lima' }, ready: { staffName: 'Bruno Lima' } });
    expect(ready.lines.map((l) => l.picked)).toEqual([2, 1]);

    // The curbside associate is on another screen of the app: the alert reaches them there too.
    await phone.page.getByTestId('nav-device').click();

    // The customer's page, on their own phone: "I'm here" with the car and the spot.
    const customer = await browser.newContext({ viewport: PHONE, locale: 'en', isMobile: true, hasTouch: true });
    const customerPage = await customer.newPage();
    await customerPage.goto(`${server.url}/pickup/${ready.pickupToken}`);
    await customerPage.locator('#note').fill('blue car, spot 4');
    const arrivedAt = Date.now();
    await customerPage.locator('#here').click();

    // The curbside phone: the alert with the spot within 2 s, and the order on top of the queue, waiting.
    const alert = phone.page.locator(`[data-testid="arrival-alert-order"][data-order-id="${order.id}"]`);
    await alert.waitFor({ timeout: 2_000 });
    expect(Date.now() - arrivedAt).toBeLessThan(2_000);
    expect(await alert.textContent()).toContain('blue car, spot 4');
    await phone.page.getByTestId('nav-pickup-queue').click();
    const first = phone.page.getByTestId('pickup-item').first();
    expect(await first.getAttribute('data-order-id')).toBe(order.id);
    expect(await first.getAttribute('data-state')).toBe('customer_waiting');
    await expect.poll(() => phone.page.getByTestId('nav-pickup-queue-badge').getAttribute('data-urgent')).toBe('1');

    // Tap 1: "I'm on it" opens the order (and silences this phone's alert).
    await alert.getByTestId('take-order').click();
    const curb = phone.page.locator(`[data-testid="pickup-order"][data-order-id="${order.id}"]`);
    await curb.waitFor();
    expect(await phone.page.getByTestId('arrival-alert').count()).toBe(0);
    // "I'm on it" is shared: the server's order names who took the customer, the tablet stops ringing and its queue says so.
    await expect.poll(async () => (await world.order(order.id)).pickup?.takenBy?.staffName, { timeout: 10_000 }).toBe('Bruno Lima');
    const tabletAlert = tablet.page.locator(`[data-testid="arrival-alert-order"][data-order-id="${order.id}"]`);
    await expect.poll(() => tabletAlert.count(), { timeout: 5_000 }).toBe(0);
    const tabletWait = tablet.page.locator(`[data-testid="pickup-item"][data-order-id="${order.id}"] [data-testid="waited"]`);
    await expect.poll(() => tabletWait.getAttribute('data-taken')).toBe('yes');
    expect(await tabletWait.textContent()).toContain('Bruno Lima');
    // The phone has the server's answer to its take too, so only the handoff below waits to sync.
    await expect.poll(() => phone.page.getByTestId('pickup-pending').count(), { timeout: 10_000 }).toBe(0);

    // Outside, no Wi-Fi: the QR on the customer's phone read by the wedge scanner, tap 2: handed over.
    await phone.context.setOffline(true);
    await wedgeScan(phone.page, pickupQrText(ready, ready.pickup!.code!));
    await expect.poll(() => phone.page.getByTestId('qr-read').getAttribute('data-matches')).toBe('true');
    await phone.page.getByTestId('handoff-confirm').click();
    await expect.poll(() => curb.getAttribute('data-state')).toBe('collected');
    expect(await phone.page.getByTestId('pickup-pending').getAttribute('data-count')).toBe('1');
    expect((await world.order(order.id)).state).toBe('customer_waiting');

    // Back in range: the handoff syncs.
    await phone.context.setOffline(false);
    await expect.poll(async () => (await world.order(order.id)).state, { timeout: 20_000 }).toBe('collected');
    await expect.poll(() => phone.page.getByTestId('pickup-pending').count(), { timeout: 15_000 }).toBe(0);
    expect((await world.order(order.id)).pickup?.handoff).toMatchObject({
      staffName: 'Bruno Lima',
      check: { method: 'qr' },
      collector: { kind: 'customer' },
    });

    const types = () =>
      receiver.deliveries
        .filter((d) => d.status === 200 && d.delivery.event?.aggregateId === order.id)
        .map((d) => d.delivery.event!.type)
        .filter((type) => ['order.ready', 'order.customer_arrived', 'order.collected'].includes(type));
    await expect.poll(types, { timeout: 15_000 }).toEqual(['order.ready', 'order.customer_arrived', 'order.collected']);

    await customer.close();
    await tablet.context.close();
    await phone.context.close();
  });

  it('a missing item substituted with the consent recorded, then handed to a named third person on a photo ID a manager approves with their PIN', async () => {
    const { page, context } = await openPickupDevice(browser, server, { name: 'Counter 2', viewport: TABLET });
    const order = await world.postOrder([1]);
    await queueItem(page, order.id).getByRole('button').click();
    await page.getByTestId('start-picking').click();
    await page.getByTestId('short-line').click();
    await page.getByTestId('short-substitute').click();
    const option = page.getByTestId('substitute-option').first();
    await option.waitFor();
    const substitute = (await option.getAttribute('data-sku'))!;
    await option.click();
    await page.getByTestId('consent-channel').selectOption('whatsapp');
    await page.getByTestId('consent-note').fill('43 is fine');
    await page.getByTestId('short-confirm').click();
    const subLine = page.locator(`[data-testid="pick-line"][data-sku="${substitute}"]`);
    await subLine.waitFor();
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await wedgeScan(page, barcodeOf(substitute));
    await expect.poll(() => subLine.getAttribute('data-left')).toBe('0');
    await page.getByTestId('mark-ready').click();
    await expect.poll(async () => (await world.order(order.id)).state, { timeout: 15_000 }).toBe('ready');
    expect((await world.order(order.id)).pickup?.shorts[0]).toMatchObject({
      resolution: 'substitute',
      consent: { channel: 'whatsapp', note: '43 is fine' },
      staffName: 'Bruno Lima',
    });

    await page.getByTestId('handoff-panel').waitFor();
    await page.getByTestId('verify-photo_id').click();
    await page.getByTestId('manager-number').fill('9001');
    await page.getByTestId('manager-pin').fill('1111');
    await page.getByTestId('manager-reason').fill('phone battery dead, ID checked');
    await page.getByTestId('collector-third_party').click();
    await page.getByTestId('collector-name').fill('João Souza');
    await page.getByTestId('handoff-confirm').click();
    await page.getByTestId('manager-error').waitFor();
    await page.getByTestId('manager-pin').fill('9999');
    await page.getByTestId('handoff-confirm').click();
    await expect.poll(async () => (await world.order(order.id)).state, { timeout: 15_000 }).toBe('collected');
    expect((await world.order(order.id)).pickup?.handoff).toMatchObject({
      collector: { kind: 'third_party', name: 'João Souza' },
      check: { method: 'photo_id', managerName: 'Carla Mendes', reason: 'phone battery dead, ID checked' },
    });
    await context.close();
  });
});

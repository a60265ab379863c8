import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemClock, type EnrollResponse, type Order } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { pickupWorld } from '../server/pickup-fixture.js';
import { launchChromium } from '../support/chromium.js';
import { openPickupDevice, PHONE, queueItem, TABLET } from './pickup-device.js';

/**
 * Two devices, one order: the curbside phone hands an order off with no connection while the manager hands the same
 * order off at the counter online. The server keeps one handoff; the phone, back in range, shows the conflict naming
 * who handed it off and when, and keeps its own recorded handoff on screen.
 */
let server: TestServer;
let browser: Browser;
let world: ReturnType<typeof pickupWorld>;
let backOffice: EnrollResponse;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npx vite build (npm test does)');
  server = await startTestServer({ catalogSize: 60, staticDir: 'dist' });
  const { apiKey } = await createIntegration(server.store, { name: 'webshop' }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  backOffice = await server.enrollDevice('S1', 'Back office');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** An order picked and made ready by another device of the store, through real pushes. */
async function readyOrder(): Promise<Order> {
  const order = await world.postOrder([1]);
  const facts = [
    world.fact(backOffice, 'pickup.start', order, {}),
    world.fact(backOffice, 'pickup.pick', order, { sku: order.lines[0]!.sku, quantity: 1 }),
    world.fact(backOffice, 'pickup.ready', order, {}),
  ];
  for (const f of facts) expect((await world.push(backOffice, f)).status).toBe(200);
  const ready = await world.order(order.id);
  expect(ready.state).toBe('ready');
  return ready;
}

async function handOffByCode(page: Page, order: Order, { opened = false } = {}) {
  if (!opened) await queueItem(page, order.id).getByRole('button').click();
  await page.locator(`[data-testid="pickup-order"][data-order-id="${order.id}"]`).waitFor();
  await page.getByTestId('verify-code').click();
  await page.getByTestId('handoff-code').fill(order.pickup!.code!);
  await page.getByTestId('handoff-confirm').click();
}

describe('two devices, one order', () => {
  it('hands off once; the device that was offline shows who handed it off and when and keeps its own record; the dashboard counts it, its chart loaded only then', async () => {
    const counter = await openPickupDevice(browser, server, { name: 'Counter', viewport: TABLET, staff: 'manager' });
    const chartRequests: string[] = [];
    counter.page.on('request', (r) => r.url().includes('week-chart') && chartRequests.push(r.url()));
    // A manager starts on the till; pickup is a tab away.
    await counter.page.getByTestId('nav-pickup-queue').click();
    const curb = await openPickupDevice(browser, server, { name: 'Curbside', viewport: PHONE, locale: 'pt-BR' });
    const order = await readyOrder();
    await queueItem(curb.page, order.id).waitFor();
    await queueItem(counter.page, order.id).waitFor();

    // The phone's associate taps an arrival notification: the service worker tells the open app which order to show
    // (public/sw-push.js posts vitrine.notification-opened), here dispatched as it would arrive.
    await curb.page.evaluate((orderId) => {
      navigator.serviceWorker.dispatchEvent(new MessageEvent('message', { data: { type: 'vitrine.notification-opened', orderId } }));
    }, order.id);
    await expect.poll(() => curb.page.evaluate(() => location.hash)).toBe(`#/pickup?orderId=${order.id}`);

    // At the curb with no connection: recorded on the phone, shown as collected and waiting to sync.
    await curb.context.setOffline(true);
    await handOffByCode(curb.page, order, { opened: true });
    const phoneOrder = curb.page.locator(`[data-testid="pickup-order"][data-order-id="${order.id}"]`);
    await expect.poll(() => phoneOrder.getAttribute('data-state')).toBe('collected');
    expect(await curb.page.getByTestId('pickup-pending').getAttribute('data-count')).toBe('1');

    // Meanwhile the manager hands the same order off at the counter, online.
    await handOffByCode(counter.page, order);
    await expect.poll(async () => (await world.order(order.id)).pickup?.handoff?.staffName, { timeout: 15_000 }).toBe('Carla Mendes');

    // The phone back in range: its handoff is refused, and it says so plainly.
    await curb.context.setOffline(false);
    // (The manager's handoff may replicate in before the push's answer: the phone then says at once its handoff
    // will be refused, and then that it was.)
    const conflict = curb.page.locator('[data-testid="pickup-conflict"][data-synced="true"]');
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.getAttribute('data-code')).toBe('ORDER_ALREADY_COLLECTED');
    const handedOff = await world.order(order.id);
    const at = new Intl.DateTimeFormat('pt-BR', { timeStyle: 'short', timeZone: 'America/Sao_Paulo' }).format(
      new Date(handedOff.pickup!.handoff!.at),
    );
    const text = (await conflict.locator('h3').textContent())!;
    expect(text).toContain('Carla Mendes');
    expect(text).toContain(at);
    // What the associate recorded stays on screen, never dropped.
    expect(await conflict.getByTestId('conflict-mine').textContent()).toContain('Bruno Lima');
    expect(await curb.page.getByTestId('pickup-pending').count()).toBe(0);
    expect(await queueItem(curb.page, order.id).getAttribute('data-rejected')).toBe('1');
    // One handoff on the server: the manager's.
    expect(handedOff).toMatchObject({ state: 'collected', pickup: { handoff: { staffName: 'Carla Mendes' } } });

    // The manager's dashboard counts it; its chart library loads only when the dashboard opens.
    expect(chartRequests).toEqual([]);
    await counter.page.getByTestId('open-dashboard').click();
    const today = counter.page.getByTestId('figures-today');
    expect(await today.locator('[data-figure="received"] dd').textContent()).toBe('1');
    await counter.page.locator('[data-testid="week-chart"] canvas').waitFor();
    expect(chartRequests.length).toBeGreaterThan(0);

    await counter.context.close();
    await curb.context.close();
  });
});

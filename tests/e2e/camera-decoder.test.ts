import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Order, pickupQrText, systemClock } from '../../src/domain/index.js';
import { createIntegration } from '../../sync-server/integrations/registry.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { pickupWorld } from '../server/pickup-fixture.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { ean13Frame, qrFrame, writeFakeCameraFrame } from './fake-camera.js';
import { openPickupDevice, PHONE, queueItem } from './pickup-device.js';

/**
 * The camera as a scanner where the browser has no BarcodeDetector (desktop Linux Chromium here, like iOS Safari):
 * the WebAssembly decoder, loaded from this server when the camera opens, reads a product's EAN-13 off Chromium's
 * fake camera to pick it; then a phone that never opened its camera while online reads the customer's pickup QR
 * offline (the decoder and its WebAssembly from the precache); all under the app's real CSP with no violation, and
 * the camera released each time.
 */
let server: TestServer;
let browser: Browser;
let world: ReturnType<typeof pickupWorld>;
let order: Order;
let folder: string;
let cameraFile: string;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npx vite build (npm test does)');
  server = await startTestServer({ catalogSize: 40, staticDir: 'dist' });
  const { apiKey } = await createIntegration(server.store, { name: 'webshop' }, { clock: systemClock });
  world = pickupWorld(server, apiKey);
  order = await world.postOrder([1]);
  folder = mkdtempSync(join(tmpdir(), 'vitrine-camera-'));
  cameraFile = join(folder, 'camera.y4m');
  const barcode = server.products.find((p) => p.sku === order.lines[0]!.sku)!.barcode;
  writeFakeCameraFrame(cameraFile, ean13Frame(barcode));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraFile}`,
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** In every document of the page: CSP violations reported back, and the camera streams kept to check they end. */
function watchPage() {
  document.addEventListener('securitypolicyviolation', (e) => {
    const report = (window as unknown as { reportCspViolation: (v: string) => Promise<void> }).reportCspViolation;
    void report(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
  });
  const streams: MediaStream[] = [];
  (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    streams.push(stream);
    return stream;
  };
}

const liveCameraTracks = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live')
        .length,
  );

/** A pickup device that reports its CSP violations and keeps its camera streams, and never has a BarcodeDetector. */
async function openWatchedDevice(name: string, violations: string[], decoderRequests: string[]) {
  const device = await openPickupDevice(browser, server, { name, viewport: PHONE });
  const { context, page } = device;
  expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${name} console: ${message.text()}`);
  });
  context.on('request', (request) => {
    if (/\.wasm(\?|$)|zxing/.test(request.url())) decoderRequests.push(request.url());
  });
  await context.exposeFunction('reportCspViolation', (violation: string) => violations.push(`${name}: ${violation}`));
  await context.addInitScript(watchPage);
  await page.evaluate(watchPage);
  return device;
}

describe('camera scanning without a BarcodeDetector', () => {
  it('reads an EAN-13 to pick, then on a phone that never opened its camera in range, offline, the customer’s QR, under the CSP', async () => {
    const violations: string[] = [];
    const decoderRequests: string[] = [];
    const tablet = await openWatchedDevice('Pickup counter', violations, decoderRequests);
    // The decoder is not part of the app's first load.
    expect(decoderRequests).toEqual([]);

    // Picking: the camera reads the product's EAN-13 off the fake camera; the unit is picked and the camera let go.
    const page = tablet.page;
    await queueItem(page, order.id).getByRole('button').click();
    await page.getByTestId('start-picking').click();
    await page.getByTestId('pick-list').waitFor();
    await page.getByTestId('camera-scan').click();
    const line = page.locator(`[data-testid="pick-line"][data-sku="${order.lines[0]!.sku}"]`);
    await expect.poll(() => line.getAttribute('data-left'), { timeout: 30_000 }).toBe('0');
    expect(await page.locator('.camera').count()).toBe(0);
    expect(await liveCameraTracks(page)).toBe(0);
    expect(decoderRequests.length).toBeGreaterThan(0);
    expect(decoderRequests.every((url) => url.startsWith(server.url))).toBe(true);
    await page.getByTestId('mark-ready').click();
    await expect.poll(async () => (await world.order(order.id)).state, { timeout: 15_000 }).toBe('ready');
    const ready = await world.order(order.id);

    // The curbside phone has the order, then loses the network: its decoder and WebAssembly, never fetched by
    // this phone, come from the service worker's precache.
    const phone = await openWatchedDevice('Curbside phone', violations, decoderRequests);
    await queueItem(phone.page, order.id).getByRole('button').click();
    await phone.page.getByTestId('handoff-panel').waitFor();
    writeFakeCameraFrame(cameraFile, qrFrame(pickupQrText(ready, ready.pickup!.code!)));
    await phone.context.setOffline(true);
    await phone.page.getByTestId('camera-scan').click();
    await expect.poll(() => phone.page.getByTestId('qr-read').getAttribute('data-matches'), { timeout: 30_000 }).toBe('true');
    expect(await liveCameraTracks(phone.page)).toBe(0);
    await phone.page.getByTestId('handoff-confirm').click();
    const curb = phone.page.locator(`[data-testid="pickup-order"][data-order-id="${order.id}"]`);
    await expect.poll(() => curb.getAttribute('data-state')).toBe('collected');

    await phone.context.setOffline(false);
    await expect.poll(async () => (await world.order(order.id)).state, { timeout: 20_000 }).toBe('collected');
    expect((await world.order(order.id)).pickup?.handoff).toMatchObject({ check: { method: 'qr' } });
    expect(violations).toEqual([]);
    await tablet.context.close();
    await phone.context.close();
  });
});

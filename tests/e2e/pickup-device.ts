import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../server/harness.js';
import { scan, signIn } from './tablet.js';

/** A store device used for pickup, for the browser tests: a landscape counter tablet or a curbside phone. */
export const TABLET = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Demo staff of S1: 2001 Bruno Lima (pickup), 9001 Carla Mendes (manager). */
export const STAFF = { pickup: { number: '2001', pin: '2345', id: 'S1-2001' }, manager: { number: '9001', pin: '9999', id: 'S1-9001' } } as const;

export async function openPickupDevice(
  browser: Browser,
  server: TestServer,
  options: { name: string; viewport: { width: number; height: number }; locale?: string; staff?: keyof typeof STAFF },
): Promise<{ context: BrowserContext; page: Page }> {
  const staff = STAFF[options.staff ?? 'pickup'];
  const phone = options.viewport.width < 600;
  const context = await browser.newContext({ viewport: options.viewport, locale: options.locale ?? 'en', isMobile: phone, hasTouch: phone });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
  await page.getByTestId('enroll-name').fill(options.name);
  await page.getByTestId('enroll-submit').click();
  await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 30_000 });
  await signIn(page, staff.number, staff.pin);
  await page.locator(`[data-testid="session"][data-staff-id="${staff.id}"]`).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return { context, page };
}

/** A keyboard-wedge scanner: fast keystrokes and Enter, into the page in front. */
export async function wedgeScan(page: Page, text: string) {
  await page.bringToFront();
  await scan(page, text);
}

export const queueItem = (page: Page, orderId: string) => page.locator(`[data-testid="pickup-item"][data-order-id="${orderId}"]`);

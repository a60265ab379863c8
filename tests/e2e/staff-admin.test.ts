import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, signIn } from './tablet.js';

/** A manager adds a staff member on the tablet, who can then sign in on it; deactivated, they no longer can. */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.html')) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 20, staticDir: 'dist' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signInAs(page: Page, staffNumber: string, pin: string) {
  await page.getByTestId('sign-out').click();
  await signIn(page, staffNumber, pin);
}

describe('staff administration on a tablet', () => {
  it('adds a member who signs in at once, and deactivates them; checks the manager PIN; needs the network', async () => {
    const { page, context } = await openTablet(browser, server, 'Gerência');
    await signInAs(page, '9001', '9999');
    await page.locator('[data-testid="session"][data-role="manager"]').waitFor();
    await page.getByTestId('nav-device').click();
    await expect.poll(() => page.getByTestId('staff-row').count()).toBe(4);

    await page.getByTestId('staff-add').click();
    await page.getByTestId('staff-number').fill('3001');
    await page.getByTestId('staff-name').fill('Eva Nunes');
    await page.getByTestId('staff-pin').fill('4321');
    await page.getByTestId('staff-pin-repeat').fill('4321');
    await page.getByTestId('staff-manager-pin').fill('9990'); // a wrong manager PIN: refused by the server
    await page.getByTestId('staff-save').click();
    await expect.poll(() => page.getByTestId('staff-manager-pin-error').textContent()).toMatch(/incorretos/);
    await page.getByTestId('staff-manager-pin').fill('9999');
    await page.getByTestId('staff-save').click();
    await page.getByTestId('staff-saved').waitFor();
    // The new member comes back through replication, live.
    await page.locator('[data-testid="staff-row"][data-staff-number="3001"][data-active="true"]').waitFor({ timeout: 10_000 });

    await signInAs(page, '3001', '4321');
    await page.locator('[data-testid="session"][data-staff-id="S1-3001"]').waitFor();

    await signInAs(page, '9001', '9999');
    await page.getByTestId('nav-device').click();
    await page.locator('[data-testid="staff-row"][data-staff-number="3001"]').getByTestId('staff-edit').click();
    await page.getByTestId('staff-active').uncheck();
    await context.setOffline(true);
    await page.getByTestId('staff-offline').waitFor();
    expect(await page.getByTestId('staff-save').isDisabled()).toBe(true);
    await context.setOffline(false);
    await page.getByTestId('staff-manager-pin').fill('9999');
    await expect.poll(() => page.getByTestId('staff-save').isDisabled(), { timeout: 15_000 }).toBe(false);
    await page.getByTestId('staff-save').click();
    await page.locator('[data-testid="staff-row"][data-staff-number="3001"][data-active="false"]').waitFor({ timeout: 10_000 });

    // Told to see a manager, not that the PIN is wrong; an unknown number is told so, and neither locks anybody.
    await signInAs(page, '3001', '4321');
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toMatch(/desativada/);
    await signIn(page, '7777', '4321');
    await expect.poll(() => page.getByTestId('signin-staff-error').textContent()).toMatch(/Ninguém desta loja/);
    expect(await page.getByTestId('session').count()).toBe(0);
  });
});

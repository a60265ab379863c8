import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { APP_CONTENT_SECURITY_POLICY } from '../../sync-server/http/security.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { s1Levels, sellByScanning, signIn } from './tablet.js';

/**
 * The built app runs under the server's Content-Security-Policy: enrollment, initial sync, the service worker,
 * sign-in on the keypad, a sale to its receipt and an offline reload, with no violation reported by Chromium.
 */
const STATIC_DIR = 'dist';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${STATIC_DIR}/index.html`)) throw new Error('build the PWA first: npm run build (npm test does)');
  server = await startTestServer({ catalogSize: 50, staticDir: STATIC_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the app under its Content-Security-Policy', () => {
  it('enrolls, syncs, sells and reopens offline without a single CSP violation', async () => {
    const home = await fetch(server.url);
    expect(home.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(home.headers.get('x-frame-options')).toBe('DENY');
    await home.body?.cancel();

    // Chromium reports a violation as a `securitypolicyviolation` event in the page and as a console error; both
    // are collected for every page of the context, the reload served by the service worker included.
    const violations: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
    await context.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { reportCspViolation: (v: string) => Promise<void> }).reportCspViolation;
        void report(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
    await page.getByTestId('enroll-name').fill('CSP till');
    await page.getByTestId('enroll-submit').click();
    await page.locator('[data-testid="sync-bar"][data-initial-sync="done"]').waitFor({ timeout: 30_000 });
    await signIn(page, '1001', '1234');
    await page.locator('[data-testid="session"][data-staff-id="S1-1001"]').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

    const [level] = (await s1Levels(server)).filter((l) => l.available >= 1);
    const barcode = server.products.find((p) => p.sku === level!.sku)!.barcode;
    await sellByScanning(page, [barcode]);

    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();

    expect(violations).toEqual([]);

    // The watch works: an inline script, which the policy forbids, is blocked and reported.
    await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineScriptRan = true';
      document.head.append(inline);
    });
    await expect.poll(() => violations.some((v) => /^script-src(-elem)? blocked inline/.test(v))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
    await context.close();
  });
});

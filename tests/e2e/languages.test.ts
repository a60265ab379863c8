import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { scriptsFetched } from './tablet.js';

/**
 * Each language's messages are a chunk of their own (src/app/i18n/load-language.ts), loaded before the first render:
 * a till in Portuguese never downloads the English, and one switched to English loads it then, and opens in it.
 */
const STATIC_DIR = process.env.VITRINE_STATIC_DIR ?? 'dist';
/** "Sign in" in Portuguese, S1's language (its locale is pt-BR). */
const SIGN_IN_PT = 'Entrar';

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

/** The message chunks this page fetched, by language, each once. */
const languageChunks = async (page: Page) => [
  ...new Set((await scriptsFetched(page)).flatMap((url) => /\/assets\/(en|pt-BR)-[^/]+\.js$/.exec(new URL(url).pathname)?.[1] ?? [])),
];

/** Whether any script this page fetched holds `text` (read again from the same origin). */
const scriptsHold = async (page: Page, text: string) => {
  const urls = await scriptsFetched(page);
  return page.evaluate(
    async ({ urls, wanted }) => (await Promise.all(urls.map((url) => fetch(url).then((r) => r.text())))).some((body) => body.includes(wanted)),
    { urls, wanted: text },
  );
};

describe('languages', () => {
  it('a device in Portuguese loads only the Portuguese messages; switched to English it loads them, and reopens in English', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('enroll-submit').textContent()).toBe('Cadastrar aparelho');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pt-BR');
    expect(await languageChunks(page)).toEqual(['pt-BR']);
    expect(await scriptsHold(page, 'Set up this device')).toBe(false); // English's enrolment title
    expect(await scriptsHold(page, 'Configurar este aparelho')).toBe(true);

    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.getByTestId('enroll-submit').textContent()).toBe('Enrol device');
    expect(await languageChunks(page)).toEqual(['pt-BR', 'en']);

    await page.reload();
    await expect.poll(() => page.getByTestId('enroll-submit').textContent()).toBe('Enrol device');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await languageChunks(page)).toEqual(['en']);
    await context.close();
  });

  it("a device enrolled in a Portuguese store opens in Portuguese without loading the browser's English", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('enroll-code').fill(await server.mintEnrollmentCode('S1'));
    await page.getByTestId('enroll-name').fill('Till 7');
    await page.getByTestId('enroll-submit').click();
    await expect.poll(() => page.getByTestId('signin-submit').textContent()).toBe(SIGN_IN_PT);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

    await page.reload();
    await expect.poll(() => page.getByTestId('signin-submit').textContent()).toBe(SIGN_IN_PT);
    expect(await languageChunks(page)).toEqual(['pt-BR']);
    await context.close();
  });
});

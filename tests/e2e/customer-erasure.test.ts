import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium } from '../support/chromium.js';
import { openTablet, signIn } from './tablet.js';

/**
 * Erasure in real Chromium: a customer created on a tablet, who the tablet keeps editing while offline, is erased on
 * the server by a manager; when the tablet is back online the profile is gone from its IndexedDB (not only hidden),
 * its name is nowhere in the tablet's databases, and the note it wrote offline is refused with CUSTOMER_ERASED.
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

/** The app's own view of the customer (RxDB over IndexedDB): null when the tablet holds no live document. */
const tabletHolds = (page: Page, id: string) =>
  page.evaluate(async (customerId) => (await window.__vitrine!.db.customers.findOne(customerId).exec()) !== null, id);

/** Whether `needle` appears anywhere in the tablet's IndexedDB databases, every object store, read raw. */
const rawIndexedDbContains = (page: Page, needle: string) =>
  page.evaluate(async (text) => {
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        if (JSON.stringify(rows).includes(text)) {
          db.close();
          return true;
        }
      }
      db.close();
    }
    return false;
  }, needle);

/**
 * Every row of the tablet's IndexedDB that names `id`, read raw: the database and object store, and the row's own
 * fields (RxDB's `_meta`, `_rev`, `_attachments` left out), so a test sees what a stored deletion carries.
 */
const rawRowsNaming = (page: Page, id: string) =>
  page.evaluate(async (needle) => {
    const found: { db: string; store: string; row: string }[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        for (const row of rows) {
          const text = JSON.stringify(row);
          if (!text.includes(needle)) continue;
          const { _meta, _rev, _attachments, ...own } = row as Record<string, unknown>;
          found.push({ db: info.name!, store: name, row: JSON.stringify(own) });
        }
      }
      db.close();
    }
    return found;
  }, id);

describe('customer erasure', () => {
  it('removes the profile from the tablet’s IndexedDB at its next sync and refuses the note it wrote offline', async () => {
    const { page, context } = await openTablet(browser, server, 'Caixa 1');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-name').fill('Zélia Apagada');
    await page.getByTestId('customer-phone').fill('(11) 97654-3210');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-profile').waitFor();
    const id = (await page.getByTestId('customer-profile').getAttribute('data-customer-id'))!;
    await expect.poll(async () => (await server.store.getDocument('customers', id))?.deleted, { timeout: 20_000 }).toBe(false);
    await expect.poll(() => tabletHolds(page, id), { timeout: 20_000 }).toBe(true);
    // The raw checks below can see the name and the profile's row: before the erasure they are there.
    expect(await rawIndexedDbContains(page, 'Zélia')).toBe(true);
    expect((await rawRowsNaming(page, id)).filter((r) => /customers/.test(r.db) && !/meta/.test(r.db))).not.toEqual([]);

    // Offline, the associate writes a note; meanwhile a manager erases the customer on the server.
    await context.setOffline(true);
    await page.locator('[data-testid="sync-bar"][data-state="offline"]').waitFor();
    await page.getByTestId('customer-note-input').fill('Volta na sexta');
    await page.getByTestId('customer-note-add').click();
    const manager = await server.enrollDevice('S1', 'Gerência');
    const res = await fetch(`${server.url}/api/customers/${id}/erase`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ manager: { staffNumber: '9001', pin: '9999' } }),
    });
    expect(res.status).toBe(200);

    await context.setOffline(false);
    await expect.poll(() => tabletHolds(page, id), { timeout: 30_000 }).toBe(false);
    // The note pushed after the erasure is refused with its reason, on the server and on the tablet.
    await expect
      .poll(
        () =>
          page.evaluate(
            async (customerId) =>
              (await window.__vitrine!.db.facts.find({ selector: { subjectId: customerId, kind: 'customer.note-added' } }).exec()).map(
                (d) => (d.toJSON() as Fact).outcome?.code ?? null,
              ),
            id,
          ),
        { timeout: 30_000 },
      )
      .toEqual(['CUSTOMER_ERASED']);
    // Not only hidden: the name is nowhere in the tablet's storage (profile deleted, facts scrubbed by the server).
    await expect.poll(() => rawIndexedDbContains(page, 'Zélia'), { timeout: 30_000 }).toBe(false);
    // Nor what the refused note said about her: the server sent the refusal back without it.
    await expect.poll(() => rawIndexedDbContains(page, 'Volta na sexta'), { timeout: 30_000 }).toBe(false);
    // The refusal is shown to the associate with its reason.
    await page.getByTestId('nav-customers').click();
    await expect.poll(() => page.getByTestId('customer-refused').first().textContent(), { timeout: 30_000 }).toContain('erased');
    // The deletion itself leaves the tablet once stored: no customers row names the id any more, and whatever else
    // still names it (the erasure's audit fact, the refused note, the replication's own record) carries no name,
    // contact or note about the person.
    await expect
      .poll(async () => (await rawRowsNaming(page, id)).filter((r) => /customers/.test(r.db) && !/meta/.test(r.db)), { timeout: 30_000 })
      .toEqual([]);
    for (const r of await rawRowsNaming(page, id)) expect(r.row, `${r.db}/${r.store}`).not.toMatch(/Zélia|97654|3210/);
    await context.close();
  });

  it('a manager exports the customer as a page and erases them from the profile, with their PIN; an associate sees neither', async () => {
    const { page, context } = await openTablet(browser, server, 'Caixa 2');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-name').fill('Olga Pedido');
    await page.getByTestId('customer-phone').fill('(11) 97654-3299');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-profile').waitFor();
    const id = (await page.getByTestId('customer-profile').getAttribute('data-customer-id'))!;
    await expect.poll(async () => (await server.store.getDocument('customers', id))?.deleted, { timeout: 20_000 }).toBe(false);
    await page.getByTestId('customer-note-input').waitFor();
    expect(await page.getByTestId('customer-privacy').count()).toBe(0);

    await page.getByTestId('sign-out').click();
    await signIn(page, '9001', '9999');
    await page.locator('[data-testid="session"][data-role="manager"]').waitFor();
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('Olga');
    await page.locator(`[data-testid="customer-result"][data-customer-id="${id}"] button`).click();
    await page.getByTestId('customer-privacy').waitFor();

    await page.getByTestId('customer-privacy-pin').fill('9990');
    await page.getByTestId('customer-export-html').click();
    await page.getByTestId('customer-privacy-pin-error').waitFor();
    await page.getByTestId('customer-privacy-pin').fill('9999');
    const [exported] = await Promise.all([context.waitForEvent('page'), page.getByTestId('customer-export-html').click()]);
    await exported.waitForLoadState();
    expect(await exported.locator('h1').textContent()).toBe('Customer data export');
    expect(await exported.content()).toContain('Olga Pedido');

    await page.getByTestId('customer-erase').click();
    await page.getByTestId('customer-erase-confirm').click();
    await expect.poll(() => tabletHolds(page, id), { timeout: 30_000 }).toBe(false);
    expect((await server.store.getDocument('customers', id))!.deleted).toBe(true);
    await context.close();
  });
});

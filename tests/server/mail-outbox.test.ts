import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/domain/index.js';
import { enqueueEvents } from '../../sync-server/outbox/enqueue.js';
import { startTestServer, type TestServer } from './harness.js';

/** Mail goes through the outbox: without SMTP_URL the server writes each message to MAIL_DIR (<dataDir>/mail). */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 3, delivery: { timing: { pollMs: 20 } } });
});
afterAll(() => server.close());

// A 1×1 PNG, standing in for a pickup QR code.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('mail through the outbox', () => {
  it('a message committed with a change is written to MAIL_DIR as an .eml with its attachment', async () => {
    const orderId = newId();
    const [id] = await server.store.transaction((tx) =>
      enqueueEvents(tx, [
        {
          kind: 'mail',
          to: 'ana@example.com',
          subject: 'Your order is ready for pickup',
          text: 'Show this code at the counter.',
          html: '<p>Show this code at the counter.</p><img src="cid:qr">',
          attachments: [{ filename: 'pickup.png', contentType: 'image/png', contentBase64: PNG, cid: 'qr' }],
          aggregateType: 'order',
          aggregateId: orderId,
        },
      ]),
    );
    const file = join(server.dataDir, 'mail', `${id}.eml`);
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 3_000 });
    const eml = readFileSync(file, 'utf8');
    expect(eml).toMatch(/^To: ana@example\.com$/m);
    expect(eml).toMatch(/^Subject: Your order is ready for pickup$/m);
    expect(eml).toMatch(/^From: .*no-reply@/m);
    expect(eml).toContain('Show this code at the counter.');
    expect(eml).toMatch(/Content-Type: image\/png; name=pickup\.png/);
    expect(eml).toContain('Content-ID: <qr>');
    expect(eml.replace(/\s+/g, '')).toContain(PNG);
  });

  it('GET /ready says mail goes to files, and what the outbox holds', async () => {
    const res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', mail: { transport: 'dir' }, outbox: { pending: expect.any(Number), failing: 0 } });
  });
});

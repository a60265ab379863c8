import { afterEach, describe, expect, it } from 'vitest';
import { cashSale, pushRow } from './client.js';
import { openStream, startLiveServer, within } from './live-server.js';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

describe('graceful shutdown', () => {
  it('lets a push in flight finish and commit, ends SSE streams cleanly, refuses new connections, closes the store', async () => {
    const server = await startLiveServer();
    disposers.push(server.dispose);
    const till = await server.enroll('S1');
    const stream = await openStream(server.running.url, 'stock', till.token);
    expect(stream.text()).toContain(': connected');

    // Hold the write lock so the push is parked inside the server, between validation and its transaction.
    let release!: () => void;
    const held = server.running.store.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const sale = cashSale(till.store, till.deviceId, [{ product: server.products[0]!, quantity: 1 }]);
    const push = fetch(`${server.running.url}/sync/sales/0/push`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${till.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([pushRow(sale)]),
    });
    await new Promise((r) => setTimeout(r, 150));

    const shutdown = server.shutdown(5_000);
    expect(await within(stream.ended, 1_000)).toBe('end'); // a clean end of stream, not a broken connection
    await expect(fetch(`${server.running.url}/health`)).rejects.toThrow(); // no longer accepting connections
    expect(await within(shutdown, 200)).toBe('timeout'); // still waiting for the push

    release();
    await held;
    const res = await push;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([expect.objectContaining({ id: sale.id, outcome: expect.objectContaining({ status: 'accepted' }) })]);
    expect(await within(shutdown, 3_000)).toBe(true);

    const reopened = await server.reopenStore(); // the first store was closed by shutdown
    try {
      const stored = await reopened.getDocument('sales', sale.id);
      expect(JSON.parse(stored!.body).outcome.status).toBe('accepted');
    } finally {
      await reopened.close();
    }
  });

  it('gives up after the timeout: cuts what is still open and answers false', async () => {
    const server = await startLiveServer();
    disposers.push(server.dispose);
    const till = await server.enroll('S1');
    let release!: () => void;
    const held = server.running.store.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const sale = cashSale(till.store, till.deviceId, [{ product: server.products[1]!, quantity: 1 }]);
    const push = fetch(`${server.running.url}/sync/sales/0/push`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${till.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([pushRow(sale)]),
    }).then(
      (r) => r.status,
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    const shutdown = server.shutdown(300);
    expect(await push).toBe('cut'); // the connection is cut at the deadline
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    release(); // store.close() waits for the running transaction: never cut in half
    await held;
    expect(await within(shutdown, 2_000)).toBe(false);
  });
});

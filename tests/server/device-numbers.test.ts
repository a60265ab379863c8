import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../sync-server/auth/revocation.js';
import { hashSecret, newDeviceToken } from '../../sync-server/auth/tokens.js';
import { queryRows } from '../../sync-server/outbox/sql.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Each device gets a number within its store at enrollment (1, 2, 3…): the middle of its receipt numbers
 * (S1-02-000017), so tills of one store selling offline at once never print the same number.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 3, rateLimits: { enrollPerIp: { limit: 100, windowMs: 60_000 } } });
});
afterAll(() => server.close());

const numberOf = async (storeId: string, name?: string) => (await server.enrollDevice(storeId, name)).deviceNumber;

describe('device numbers at enrollment', () => {
  it('count 1, 2, 3 within each store, independently of other stores', async () => {
    expect([await numberOf('S1'), await numberOf('S1'), await numberOf('S1')]).toEqual([1, 2, 3]);
    expect(await numberOf('S2')).toBe(1);
    expect(await numberOf('S1')).toBe(4);
  });

  it('are never reused: a revoked device keeps its number, since receipts already carry it', async () => {
    const revoked = await server.enrollDevice('S2');
    await revokeDevice(server.store, revoked.deviceId, { clock: () => new Date() });
    expect(await numberOf('S2')).toBe(revoked.deviceNumber! + 1);
  });

  it('start from the numbered devices only: a device enrolled before numbering keeps none and takes none', async () => {
    await server.store.transaction((tx) =>
      tx.insertDevice({
        id: 'legacy-s2-till',
        storeId: 'S2',
        name: 'Old till',
        tokenHash: 'legacy-hash',
        enrolledAt: new Date().toISOString(),
        revokedAt: null,
      }),
    );
    const before = await queryRows<{ number: number | null }>(server.store.sql, 'SELECT number FROM devices WHERE id = ?', ['legacy-s2-till']);
    expect(before).toEqual([{ number: null }]);
    const numbered = await queryRows<{ n: number | string }>(server.store.sql, 'SELECT max(number) AS n FROM devices WHERE store_id = ?', ['S2']);
    expect(await numberOf('S2')).toBe(Number(numbered[0]!.n) + 1);
  });

  it('stay distinct when several tills of a store enroll at the same moment', async () => {
    const numbers = await Promise.all(Array.from({ length: 6 }, (_, i) => numberOf('S3', `Caixa ${i + 1}`)));
    expect([...numbers].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reach a device enrolled before numbering when it asks who it is (GET /api/me), once and for good', async () => {
    const token = newDeviceToken();
    await server.store.transaction((tx) =>
      tx.insertDevice({
        id: 'legacy-s3-till',
        storeId: 'S3',
        name: 'Old till',
        tokenHash: hashSecret(token),
        enrolledAt: new Date().toISOString(),
        revokedAt: null,
      }),
    );
    const me = async () => {
      const res = await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { deviceNumber: number }).deviceNumber;
    };
    const [first, again] = await Promise.all([me(), me()]);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(again).toBe(first);
    expect(await me()).toBe(first);
    expect(await numberOf('S3')).toBe(first + 1);
  });

  it('are what GET /api/me answers a device numbered at enrollment', async () => {
    const enrolled = await server.enrollDevice('S1');
    const res = await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${enrolled.token}` } });
    expect(((await res.json()) as { deviceNumber: number }).deviceNumber).toBe(enrolled.deviceNumber);
  });
});

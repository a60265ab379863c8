import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../sync-server/auth/revocation.js';
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

  it('stay distinct when several tills of a store enroll at the same moment', async () => {
    const numbers = await Promise.all(Array.from({ length: 6 }, (_, i) => numberOf('S3', `Caixa ${i + 1}`)));
    expect([...numbers].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

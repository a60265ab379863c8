import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type EnrollResponse } from '../../src/domain/index.js';
import { revokeDevice } from '../../sync-server/auth/revocation.js';
import { cashSale, pushRow, syncClient } from './client.js';
import { openStream, startLiveServer, within } from './live-server.js';

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof startLiveServer>>;
const me = (token: string) => fetch(`${server.running.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });

describe('revoking a device', () => {
  beforeAll(async () => {
    server = await startLiveServer({ revocationCheckMs: 100 });
  });
  afterAll(() => server.dispose());

  it('refuses it at once on every route and ends its open streams within a second; other devices carry on', async () => {
    const gone = await server.enroll('S1', 'Lost tablet');
    const kept = await server.enroll('S1', 'Till 2');
    const goneStreams = await Promise.all(['products', 'stock', 'sales'].map((c) => openStream(server.running.url, c, gone.token)));
    const keptStream = await openStream(server.running.url, 'stock', kept.token);

    const { device, alreadyRevoked } = await revokeDevice(server.running.store, gone.deviceId, { clock: systemClock });
    expect(alreadyRevoked).toBe(false);
    expect(device.revokedAt).not.toBeNull();
    const revokedAt = Date.now();

    const client = syncClient(server.running.url, gone.token);
    expect((await client.pull('products')).status).toBe(401);
    const push = await client.push('sales', [pushRow(cashSale(gone.store, gone.deviceId, [{ product: server.products[0]!, quantity: 1 }]))]);
    expect(push.status).toBe(401);
    expect(push.body.error.code).toBe('UNAUTHENTICATED');
    expect((await me(gone.token)).status).toBe(401);
    await expect(openStream(server.running.url, 'stock', gone.token)).rejects.toThrow('pull-stream: 401');

    for (const s of goneStreams) expect(await within(s.ended, 1_500)).toBe('end');
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
    expect(await within(keptStream.ended, 300)).toBe('timeout'); // still open
    expect((await me(kept.token)).status).toBe(200);
    keptStream.close();
    await keptStream.ended;
  });

  it('npm run revoke-device -- <deviceId> revokes from another process; a second run says it already was', async () => {
    const till: EnrollResponse = await server.enroll('S2', 'Till 3');
    const stream = await openStream(server.running.url, 'stock', till.token);
    const env = server.cliEnv;
    const first = await run('npx', ['tsx', 'sync-server/cli/revoke-device.ts', till.deviceId], { env });
    expect(first.stdout).toContain(`revoked device ${till.deviceId} ("Till 3", store S2)`);
    expect(await within(stream.ended, 1_500)).toBe('end');
    expect((await me(till.token)).status).toBe(401);

    const again = await run('npx', ['tsx', 'sync-server/cli/revoke-device.ts', till.deviceId], { env });
    expect(again.stdout).toContain('was already revoked');
    await expect(run('npx', ['tsx', 'sync-server/cli/revoke-device.ts', 'no-such-device'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no device "no-such-device"'),
    });
    await expect(run('npx', ['tsx', 'sync-server/cli/revoke-device.ts'], { env })).rejects.toMatchObject({ code: 1 });
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollResponseSchema } from '../../src/domain/index.js';
import { startTestServer, type TestServer } from './harness.js';

const run = promisify(execFile);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ catalogSize: 5 });
});
afterAll(() => server.close());

const enroll = (body: unknown) =>
  fetch(`${server.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: await res.json() }));

describe('device enrollment', () => {
  it('trades a code for a token once; the second use is refused', async () => {
    const code = await server.mintEnrollmentCode('S2');
    const first = await enroll({ code: code.toLowerCase(), name: 'Caixa 1' });
    expect(first.status).toBe(200);
    const response = EnrollResponseSchema.parse(first.body);
    expect(response).toMatchObject({ storeId: 'S2', store: { id: 'S2', name: 'Vitrine Savassi', currency: 'BRL' } });

    const me = await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${response.token}` } });
    expect(await me.json()).toMatchObject({ deviceId: response.deviceId, storeId: 'S2', store: { id: 'S2' } });

    const second = await enroll({ code, name: 'Caixa 2' });
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe('ENROLLMENT_CODE_INVALID');
  });

  it('refuses an expired or unknown code, and answers field errors for a malformed request', async () => {
    const expired = await server.mintEnrollmentCode('S1', { hours: 24, now: new Date(Date.now() - 25 * 3_600_000) });
    expect((await enroll({ code: expired, name: 'Late till' })).body.error.code).toBe('ENROLLMENT_CODE_INVALID');
    expect((await enroll({ code: 'ZZZZ-ZZZZ-ZZZZ', name: 'Guess' })).status).toBe(403);
    const bad = await enroll({ code: '', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.map((e: { path: string }) => e.path).sort()).toEqual(['code', 'name']);
    expect(await server.mintEnrollmentCode('S1').then(() => 'ok')).toBe('ok');
    await expect(server.mintEnrollmentCode('S9')).rejects.toThrow(/no store "S9"/);
  });

  it('mints a working code from the command line (npm run enroll-code)', async () => {
    // The CLI opens the same database as the server: its SQLite file, or its PostgreSQL schema ('' = unset).
    const env = { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.databaseUrl ?? '' };
    const { stdout } = await run('npx', ['tsx', 'sync-server/cli/enroll-code.ts', 'S3', '--hours', '2'], { env });
    const code = stdout.trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const res = await enroll({ code, name: 'CLI till' });
    expect(res.status).toBe(200);
    expect(res.body.storeId).toBe('S3');

    const failure = await run('npx', ['tsx', 'sync-server/cli/enroll-code.ts', 'NOPE'], { env }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/no store "NOPE"/);
  });
});

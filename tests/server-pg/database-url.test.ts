import pg from 'pg';
import { describe, expect, it } from 'vitest';

/**
 * The guard of the `server-pg` project. Without DATABASE_URL the PostgreSQL server tests are skipped on a developer
 * machine (with this note) and fail in CI, which must always test both backends.
 */
const url = process.env.DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!url && !inCi) {
  console.warn(
    'server-pg: DATABASE_URL is not set, so the server tests on PostgreSQL are SKIPPED. ' +
      'Run them with DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run --project server-pg',
  );
}

describe.skipIf(!url && !inCi)('PostgreSQL for the server tests', () => {
  it('is given by DATABASE_URL and answers', async () => {
    expect(url, 'CI must set DATABASE_URL: the server suite runs on SQLite and on PostgreSQL').toBeTruthy();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: number }>('SELECT current_setting($1)::int AS v', ['server_version_num']);
      expect(rows[0]!.v).toBeGreaterThanOrEqual(120_000);
    } finally {
      await client.end();
    }
  });
});

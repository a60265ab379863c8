import type pg from 'pg';
import type { Database as Db } from 'better-sqlite3';
import type { AsyncMutex } from './async-mutex.js';
import type { GuardRecord, GuardStore } from './store.js';

/**
 * Guards (rate-limit windows, PIN lockouts) live in the database, not in process memory, so every instance on one
 * database counts the same attempts: two instances behind a load balancer allow `limit` attempts, not twice that.
 * A row past its `expires_at` reads as absent; lapsed rows are deleted by `sweepGuards`, which an update also runs
 * at most once a minute per process (one sweep serves every limiter and lockout).
 */
const SWEEP_EVERY_MS = 60_000;

/** Says, at most once per SWEEP_EVERY_MS, that a sweep is due. */
function sweepSchedule(): (now: number) => boolean {
  let last = -Infinity;
  return (now) => {
    if (now - last < SWEEP_EVERY_MS) return false;
    last = now;
    return true;
  };
}

/** SQLite: reads on the reader; each update is one short immediate transaction on the writer, under the store's write mutex. */
export function sqliteGuards(writer: Db, reader: Db, mutex: AsyncMutex): GuardStore {
  const read = reader.prepare<[string, number], { body: string }>('SELECT body FROM guards WHERE key = ? AND expires_at > ?');
  const readForUpdate = writer.prepare<[string, number], { body: string }>('SELECT body FROM guards WHERE key = ? AND expires_at > ?');
  const put = writer.prepare<[string, string, number]>(
    'INSERT INTO guards (key, body, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at',
  );
  const remove = writer.prepare<[string]>('DELETE FROM guards WHERE key = ?');
  const sweep = writer.prepare<[number]>('DELETE FROM guards WHERE expires_at <= ?');
  const sweepDue = sweepSchedule();
  return {
    async readGuard<T>(key: string, now: number) {
      const row = read.get(key, now);
      return row ? (JSON.parse(row.body) as T) : undefined;
    },
    updateGuard<T>(key: string, now: number, update: (current: T | undefined) => GuardRecord<T> | undefined) {
      return mutex.run(async () =>
        writer
          .transaction(() => {
            if (sweepDue(now)) sweep.run(now);
            const row = readForUpdate.get(key, now);
            const next = update(row ? (JSON.parse(row.body) as T) : undefined);
            if (next) put.run(key, JSON.stringify(next.value), next.expiresAt);
            else remove.run(key);
            return next?.value;
          })
          .immediate(),
      );
    },
    sweepGuards: (now) => mutex.run(async () => sweep.run(now).changes),
  };
}

/**
 * PostgreSQL: a row lock per key, on a connection of its own (not under the seq lock that document writes take, so
 * a flood of enrollment attempts never queues behind or ahead of sales). The placeholder insert makes concurrent
 * first attempts on one key wait for each other instead of both inserting.
 */
export function postgresGuards(pool: pg.Pool): GuardStore {
  const sweepDue = sweepSchedule();
  const sweepGuards = async (now: number) => (await pool.query('DELETE FROM guards WHERE expires_at <= $1', [now])).rowCount ?? 0;
  return {
    async readGuard<T>(key: string, now: number) {
      const { rows } = await pool.query<{ body: T }>('SELECT body FROM guards WHERE key = $1 AND expires_at > $2', [key, now]);
      return rows[0]?.body ?? undefined;
    },
    async updateGuard<T>(key: string, now: number, update: (current: T | undefined) => GuardRecord<T> | undefined) {
      // In the background: a failed sweep only leaves lapsed rows, which read as absent, for the next one.
      if (sweepDue(now)) void sweepGuards(now).catch(() => undefined);
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO guards (key, body, expires_at) VALUES ($1, NULL, 0) ON CONFLICT (key) DO NOTHING', [key]);
        const { rows } = await client.query<{ body: T | null; expires_at: string }>('SELECT body, expires_at FROM guards WHERE key = $1 FOR UPDATE', [
          key,
        ]);
        const row = rows[0];
        const current = row && row.body !== null && Number(row.expires_at) > now ? row.body : undefined;
        const next = update(current);
        if (next)
          await client.query('UPDATE guards SET body = $2, expires_at = $3 WHERE key = $1', [key, JSON.stringify(next.value), next.expiresAt]);
        else await client.query('DELETE FROM guards WHERE key = $1', [key]);
        await client.query('COMMIT');
        return next?.value;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    sweepGuards,
  };
}

import type { Database, Statement } from 'better-sqlite3';
import type pg from 'pg';
import type { StoreSql, TxSql } from '../store/store.js';

/**
 * One SQL text for both backends, for the modules with tables of their own (outbox, integrations, idempotency):
 * written with `?` placeholders, numbered `$1, $2…` for PostgreSQL. Only portable SQL goes through here; where the
 * dialects differ the caller branches on `dialect`. Values are strings, numbers or null (SQLite binds no booleans).
 */
export type SqlValue = string | number | null;

/** A connection that may write: a transaction's, or PostgreSQL's pool (SQLite writes only inside a transaction). */
export type WritableSql = TxSql | { dialect: 'postgres'; pool: pg.Pool };

const prepared = new WeakMap<Database, Map<string, Statement<SqlValue[]>>>();

function statement(db: Database, text: string): Statement<SqlValue[]> {
  let cache = prepared.get(db);
  if (!cache) {
    cache = new Map();
    prepared.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare<SqlValue[]>(text);
    cache.set(text, stmt);
  }
  return stmt;
}

const numbered = (text: string): string => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

const pgQueryable = (sql: TxSql | StoreSql | WritableSql) => (sql.dialect === 'postgres' ? ('pool' in sql ? sql.pool : sql.db) : undefined);

/** Rows of a query (SELECT, or a write with RETURNING). */
export async function queryRows<T>(sql: TxSql | StoreSql | WritableSql, text: string, params: readonly SqlValue[] = []): Promise<T[]> {
  const pgDb = pgQueryable(sql);
  if (pgDb) return (await pgDb.query(numbered(text), [...params])).rows as T[];
  const db = 'reader' in sql ? sql.reader : (sql as { db: Database }).db;
  const stmt = statement(db, text);
  if (stmt.reader) return stmt.all(...params) as T[];
  stmt.run(...params);
  return [];
}

/** Runs a write; answers how many rows it changed. */
export async function execute(sql: WritableSql, text: string, params: readonly SqlValue[] = []): Promise<number> {
  const pgDb = pgQueryable(sql);
  if (pgDb) return (await pgDb.query(numbered(text), [...params])).rowCount ?? 0;
  return statement((sql as { db: Database }).db, text).run(...params).changes;
}

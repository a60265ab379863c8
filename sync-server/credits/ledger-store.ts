import { postEntries, type Credit, type CreditEntry, type CreditFlag, type PostedEntry } from '../../src/domain/index.js';
import { execute, queryRows, type SqlValue } from '../outbox/sql.js';
import type { StoreSql, StoreTx, TxSql } from '../store/store.js';

/**
 * The credit ledger's tables (migration 12), written in the caller's transaction like the stock ledger: the facts
 * engine posts the entries of the facts it accepted with one read of the credits and entries they name and one write
 * of each, so a sale paid by credit and its redemption commit together or not at all.
 */

interface CreditRow {
  code: string;
  currency: string;
  balance: number | string;
  origin: Credit['origin'];
  issued_store_id: string | null;
  issued_at: string | null;
  flag: string | null;
  entry_count: number | string;
  updated_at: string;
}

interface EntryRow {
  id: string;
  code: string;
  kind: CreditEntry['kind'];
  amount: number | string;
  currency: string;
  store_id: string;
  fact_id: string;
  offline: number;
  applied: number;
  balance_after: number | string;
  overdraw: number | string;
  at: string;
  position: number | string;
}

/** A posted entry as the ledger shows it, with its line number in the credit's ledger. */
export interface LedgerEntry extends PostedEntry {
  position: number;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function creditOf(row: CreditRow): Credit {
  return {
    code: row.code,
    currency: row.currency,
    balance: Number(row.balance),
    origin: row.origin,
    issuedStoreId: row.issued_store_id,
    issuedAt: row.issued_at,
    flag: row.flag === null ? null : (JSON.parse(row.flag) as CreditFlag),
    updatedAt: row.updated_at,
  };
}

function entryOf(row: EntryRow): LedgerEntry {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    amount: Number(row.amount),
    currency: row.currency,
    storeId: row.store_id,
    factId: row.fact_id,
    offline: row.offline === 1,
    at: row.at,
    applied: row.applied === 1,
    balanceAfter: Number(row.balance_after),
    overdraw: Number(row.overdraw),
    position: Number(row.position),
  };
}

/**
 * Posts entries in order (postEntries: overdraws applied and flagged, never refused), skipping those already posted:
 * a fact applied again, or pushed twice, posts nothing twice.
 */
export async function applyCreditEntries(tx: StoreTx, entries: readonly CreditEntry[]): Promise<LedgerEntry[]> {
  if (entries.length === 0) return [];
  const sql = tx.sql;
  const ids = [...new Set(entries.map((e) => e.id))];
  const codes = [...new Set(entries.map((e) => e.code))];
  const done = await queryRows<{ id: string }>(sql, `SELECT id FROM credit_entries WHERE id IN (${placeholders(ids.length)})`, ids);
  const rows = await queryRows<CreditRow>(sql, `SELECT * FROM credits WHERE code IN (${placeholders(codes.length)})`, codes);
  const before = new Map(rows.map((r) => [r.code, creditOf(r)]));
  const counts = new Map(rows.map((r) => [r.code, Number(r.entry_count)]));
  const { credits, posted } = postEntries(before, entries, new Set(done.map((d) => d.id)));
  if (posted.length === 0) return [];
  const ledger: LedgerEntry[] = posted.map((p) => {
    const position = (counts.get(p.code) ?? 0) + 1;
    counts.set(p.code, position);
    return { ...p, position };
  });
  for (const code of new Set(posted.map((p) => p.code))) await upsertCredit(sql, credits.get(code)!, counts.get(code)!);
  for (const e of ledger) {
    await execute(
      sql,
      `INSERT INTO credit_entries (id, code, kind, amount, currency, store_id, fact_id, offline, applied, balance_after, overdraw, at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        e.id,
        e.code,
        e.kind,
        e.amount,
        e.currency,
        e.storeId,
        e.factId,
        e.offline ? 1 : 0,
        e.applied ? 1 : 0,
        e.balanceAfter,
        e.overdraw,
        e.at,
        e.position,
      ],
    );
  }
  return ledger;
}

async function upsertCredit(sql: TxSql, credit: Credit, entryCount: number): Promise<void> {
  const values: SqlValue[] = [
    credit.code,
    credit.currency,
    credit.balance,
    credit.origin,
    credit.issuedStoreId,
    credit.issuedAt,
    credit.flag === null ? null : JSON.stringify(credit.flag),
    credit.flag?.storeId ?? null,
    entryCount,
    credit.updatedAt,
  ];
  await execute(
    sql,
    `INSERT INTO credits (code, currency, balance, origin, issued_store_id, issued_at, flag, flagged_store_id, entry_count, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET currency = excluded.currency, balance = excluded.balance, origin = excluded.origin,
       issued_store_id = excluded.issued_store_id, issued_at = excluded.issued_at, flag = excluded.flag,
       flagged_store_id = excluded.flagged_store_id, entry_count = excluded.entry_count, updated_at = excluded.updated_at`,
    values,
  );
}

/** A credit and its whole ledger, in order; undefined for a code the server never saw. */
export async function readCredit(sql: StoreSql | TxSql, code: string): Promise<{ credit: Credit; entries: LedgerEntry[] } | undefined> {
  const [row] = await queryRows<CreditRow>(sql, 'SELECT * FROM credits WHERE code = ?', [code]);
  if (!row) return undefined;
  const entries = await queryRows<EntryRow>(sql, 'SELECT * FROM credit_entries WHERE code = ? ORDER BY position', [code]);
  return { credit: creditOf(row), entries: entries.map(entryOf) };
}

/** The flagged credits whose flag was raised at a store (an overdraw rung up there), oldest flag first. */
export async function flaggedCredits(sql: StoreSql, storeId: string): Promise<Credit[]> {
  const rows = await queryRows<CreditRow>(sql, 'SELECT * FROM credits WHERE flag IS NOT NULL AND flagged_store_id = ?', [storeId]);
  return rows.map(creditOf).sort((a, b) => (a.flag!.at < b.flag!.at ? -1 : 1));
}

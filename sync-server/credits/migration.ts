/**
 * Migration 12 (store/migrations.ts lists it for both backends): the store-credit ledger (sync-server/credits).
 *  credits: one row per code (normalised), its currency, balance (the sum of its applied entries, below zero only
 *    with a flag), where it came from, and the manager's flag (overdrawn, currency mismatch) as JSON, NULL when none;
 *    credits_flagged finds the flagged ones without scanning the rest.
 *  credit_entries: the ledger, one row per entry, its id derived from the fact that caused it (so a fact applied
 *    again posts nothing), with the balance it left, how far below zero it went and its line number in the credit's ledger (position).
 */
const table = (bigint: string) => `
  CREATE TABLE credits (
    code             TEXT PRIMARY KEY,
    currency         TEXT NOT NULL,
    balance          ${bigint} NOT NULL,
    origin           TEXT NOT NULL,
    issued_store_id  TEXT,
    issued_at        TEXT,
    flag             TEXT,
    flagged_store_id TEXT,
    entry_count      INTEGER NOT NULL,
    updated_at       TEXT NOT NULL
  );
  CREATE INDEX credits_flagged ON credits (flagged_store_id) WHERE flag IS NOT NULL;
  CREATE TABLE credit_entries (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    amount        ${bigint} NOT NULL,
    currency      TEXT NOT NULL,
    store_id      TEXT NOT NULL,
    fact_id       TEXT NOT NULL,
    offline       INTEGER NOT NULL,
    applied       INTEGER NOT NULL,
    balance_after ${bigint} NOT NULL,
    overdraw      ${bigint} NOT NULL,
    at            TEXT NOT NULL,
    position      INTEGER NOT NULL,
    UNIQUE (code, position)
  );
`;

export const creditsSqliteMigration = table('INTEGER');
export const creditsPostgresMigration = table('BIGINT');

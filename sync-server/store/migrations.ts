import { creditsPostgresMigration, creditsSqliteMigration } from '../credits/migration.js';

/**
 * Schema migrations, applied in order at open; `PRAGMA user_version` records how many ran.
 * Append new steps, never edit a released one.
 */
export const sqliteMigrations: readonly string[] = [
  `
  CREATE TABLE stores (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL
  );
  CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    store_id    TEXT NOT NULL REFERENCES stores(id),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT
  );
  CREATE TABLE enrollment_codes (
    code_hash  TEXT PRIMARY KEY,
    store_id   TEXT NOT NULL REFERENCES stores(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    device_id  TEXT
  );
  -- Every replicated document of every collection. seq is the change-feed position: one counter, so a
  -- checkpoint is meaningful across collections and a pull is one index range scan.
  CREATE TABLE documents (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    store_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, id)
  );
  -- The pull index: (collection, store_id) picks the partition ('' = shared), seq orders it.
  CREATE INDEX documents_pull ON documents (collection, store_id, seq);
  CREATE TABLE stock_movements (
    id          TEXT PRIMARY KEY,
    store_id    TEXT NOT NULL,
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX stock_movements_store_sku ON stock_movements (store_id, sku);
  CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  INSERT INTO counters (name, value) VALUES ('seq', 0);
  `,
  // 2: rate-limit windows and PIN lockouts, shared by whatever opens this file (guards.ts).
  `
  CREATE TABLE guards (
    key        TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX guards_expires_at ON guards (expires_at);
  `,
  // 3: e-commerce integrations (hashed API keys, scopes, stores, webhook), their idempotency keys, and the outbox of
  // webhook events and mail (sync-server/integrations, sync-server/outbox). See postgresMigrations for the columns.
  `
  CREATE TABLE integrations (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    key_hash       TEXT NOT NULL UNIQUE,
    scopes         TEXT NOT NULL,
    stores         TEXT,
    webhook_url    TEXT,
    webhook_secret TEXT,
    created_at     TEXT NOT NULL,
    revoked_at     TEXT
  );
  CREATE TABLE idempotency_keys (
    integration_id TEXT NOT NULL,
    key            TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INTEGER NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (integration_id, key)
  );
  CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    integration_id  TEXT,
    aggregate_type  TEXT NOT NULL,
    aggregate_id    TEXT NOT NULL,
    sequence        INTEGER NOT NULL,
    type            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    lease_until     INTEGER NOT NULL DEFAULT 0,
    delivered_at    TEXT,
    UNIQUE (channel, aggregate_type, aggregate_id, sequence)
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
  `,
  // 4: what putDocuments keeps in step from the registry (write-index.ts). document_audience: the stores other than
  // the home store that see a document (storesOf), with its seq, so a pull is the home partition ∪ these rows, both
  // in seq order. document_keys: the values a document is found by (lookupKeys), none for a deleted document.
  `
  CREATE TABLE document_audience (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    store_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (collection, id, store_id)
  );
  CREATE INDEX document_audience_pull ON document_audience (collection, store_id, seq);
  CREATE TABLE document_keys (
    collection TEXT NOT NULL,
    key_name   TEXT NOT NULL,
    key_value  TEXT NOT NULL,
    id         TEXT NOT NULL,
    PRIMARY KEY (collection, key_name, key_value, id)
  );
  CREATE INDEX document_keys_document ON document_keys (collection, id);
  `,
  // 5: every price a product has had (sync-server/catalog/price-history.ts), appended when a catalog write changes
  // its price, currency or tax class; id orders writes of the same instant.
  `
  CREATE TABLE price_history (
    id         INTEGER PRIMARY KEY,
    sku        TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    tax_class  TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    source     TEXT NOT NULL
  );
  CREATE INDEX price_history_sku ON price_history (sku, valid_from);
  `,
  // 6: Web Push (sync-server/push): the server's VAPID key pair when the environment gives none (generated at first
  // start, so every instance signs with the same key), and each pickup device's push subscription (one per device,
  // replaced when it subscribes again; endpoint unique, so a browser re-enrolled as another device is not alerted twice).
  `
  CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE push_subscriptions (
    device_id  TEXT PRIMARY KEY,
    store_id   TEXT NOT NULL,
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX push_subscriptions_store ON push_subscriptions (store_id);
  `,
  // 7: store settings as they were before each change (sync-server/catalog/store-history.ts), so a sale rung up
  // offline at the tax rates or tax mode of before a PUT /api/stores/{id} is checked against those.
  `
  CREATE TABLE store_history (
    id          INTEGER PRIMARY KEY,
    store_id    TEXT NOT NULL,
    settings    TEXT NOT NULL,
    replaced_at TEXT NOT NULL
  );
  CREATE INDEX store_history_store ON store_history (store_id, replaced_at);
  `,
  // 8: each device's number in its store (1, 2, 3…), given at enrollment (auth/enrollment.ts): the middle part of
  // its receipt numbers (S1-03-000123), so two tills selling offline never print the same one. Devices enrolled
  // before keep NULL (see src/app/features/receipt/receipt-number.ts for what they print); NULLs never collide.
  `
  ALTER TABLE devices ADD COLUMN number INTEGER;
  CREATE UNIQUE INDEX devices_store_number ON devices (store_id, number);
  `,
  // 9: a style's SKUs (GET /api/stock?style=…, sync-server/stock-lookup): products by styleCode, an index on the
  // expression itself, partial so other collections' writes never compute it.
  `
  CREATE INDEX documents_product_style ON documents (json_extract(body, '$.styleCode')) WHERE collection = 'products';
  `,
  // 10: a SKU's levels in every store (sync-server/stock-lookup) as one range of an index on the level's SKU, instead
  // of one primary-key probe per store (ids are `${storeId}:${sku}`, so a SKU's levels are scattered over the key).
  `
  CREATE INDEX documents_stock_sku ON documents (json_extract(body, '$.sku')) WHERE collection = 'stock';
  `,
  // 11: the server's private keys that sign proofs of purchase (sync-server/proof/server-keys.ts), by key id. Their public
  // halves and status (active, retired, revoked) are documents of the replicated `keys` collection; a private key never
  // leaves this table.
  `
  CREATE TABLE proof_keys (
    kid         TEXT PRIMARY KEY,
    private_jwk TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );
  `,
  // 12: the store-credit ledger, credits and their entries (sync-server/credits/migration.ts).
  creditsSqliteMigration,
  // 13: sales are found by their customer (the sales lookup key 'customer', src/domain/sale/lookup.ts): the sales
  // written before it get the key here, as putDocuments gives it to every sale written from now on.
  `
  INSERT OR IGNORE INTO document_keys (collection, key_name, key_value, id)
    SELECT 'sales', 'customer', json_extract(body, '$.customerId'), id FROM documents
    WHERE collection = 'sales' AND deleted = 0 AND json_extract(body, '$.customerId') IS NOT NULL;
  `,
];

/**
 * The same schema for PostgreSQL, applied in order at open under a session advisory lock (several instances may
 * start at once); `schema_migrations` records the versions applied (1-based, the index in this list + 1).
 * `documents.seq` comes from the sequence `documents_seq`, taken only under the seq lock (see postgres.ts), so
 * seq order is commit order. `body` stays TEXT: the wire writer splices it verbatim, as with SQLite.
 */
export const postgresMigrations: readonly string[] = [
  `
  CREATE TABLE stores (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL
  );
  CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    store_id    TEXT NOT NULL REFERENCES stores(id),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT
  );
  CREATE TABLE enrollment_codes (
    code_hash  TEXT PRIMARY KEY,
    store_id   TEXT NOT NULL REFERENCES stores(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    device_id  TEXT
  );
  CREATE SEQUENCE documents_seq;
  CREATE TABLE documents (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    store_id   TEXT NOT NULL,
    seq        BIGINT NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (collection, id)
  );
  CREATE INDEX documents_pull ON documents (collection, store_id, seq);
  CREATE TABLE stock_movements (
    id          TEXT PRIMARY KEY,
    store_id    TEXT NOT NULL,
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX stock_movements_store_sku ON stock_movements (store_id, sku);
  `,
  // 2: rate-limit windows and PIN lockouts, shared by every instance (guards.ts). body is NULL in the placeholder
  // row a first attempt inserts to take the key's row lock.
  `
  CREATE TABLE guards (
    key        TEXT PRIMARY KEY,
    body       JSONB,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX guards_expires_at ON guards (expires_at);
  `,
  // 3: e-commerce integrations and the outbox (sync-server/integrations, sync-server/outbox).
  //  integrations: one row per API key; only the key's SHA-256 is kept. scopes is a JSON array; stores a JSON array
  //    of store ids, NULL for every store (also stores added later). webhook_secret signs deliveries, so it is kept
  //    as is (the receiver holds the same secret).
  //  idempotency_keys: the response a POST answered, replayed for a retry with the same Idempotency-Key.
  //  outbox: one row per webhook event or mail message, written in the transaction that caused it. A stream is
  //    (channel, aggregate_type, aggregate_id); sequence numbers its rows from 1, and a row is delivered only once
  //    every earlier row of its stream is. next_attempt_at and lease_until are epoch ms; outbox_due finds the rows
  //    still to deliver without scanning delivered ones.
  `
  CREATE TABLE integrations (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    key_hash       TEXT NOT NULL UNIQUE,
    scopes         TEXT NOT NULL,
    stores         TEXT,
    webhook_url    TEXT,
    webhook_secret TEXT,
    created_at     TEXT NOT NULL,
    revoked_at     TEXT
  );
  CREATE TABLE idempotency_keys (
    integration_id TEXT NOT NULL,
    key            TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INTEGER NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (integration_id, key)
  );
  CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    integration_id  TEXT,
    aggregate_type  TEXT NOT NULL,
    aggregate_id    TEXT NOT NULL,
    sequence        INTEGER NOT NULL,
    type            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    lease_until     BIGINT NOT NULL DEFAULT 0,
    delivered_at    TEXT,
    UNIQUE (channel, aggregate_type, aggregate_id, sequence)
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
  `,
  // 4: what putDocuments keeps in step from the registry (write-index.ts). document_audience: the stores other than
  // the home store that see a document (storesOf), with its seq, so a pull is the home partition ∪ these rows, both
  // in seq order. document_keys: the values a document is found by (lookupKeys), none for a deleted document.
  `
  CREATE TABLE document_audience (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    store_id   TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    PRIMARY KEY (collection, id, store_id)
  );
  CREATE INDEX document_audience_pull ON document_audience (collection, store_id, seq);
  CREATE TABLE document_keys (
    collection TEXT NOT NULL,
    key_name   TEXT NOT NULL,
    key_value  TEXT NOT NULL,
    id         TEXT NOT NULL,
    PRIMARY KEY (collection, key_name, key_value, id)
  );
  CREATE INDEX document_keys_document ON document_keys (collection, id);
  `,
  // 5: every price a product has had (sync-server/catalog/price-history.ts), appended when a catalog write changes
  // its price, currency or tax class; id orders writes of the same instant.
  `
  CREATE TABLE price_history (
    id         BIGSERIAL PRIMARY KEY,
    sku        TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    tax_class  TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    source     TEXT NOT NULL
  );
  CREATE INDEX price_history_sku ON price_history (sku, valid_from);
  `,
  // 6: Web Push (sync-server/push): the server's VAPID key pair when the environment gives none (generated at first
  // start, so every instance signs with the same key), and each pickup device's push subscription (one per device,
  // replaced when it subscribes again; endpoint unique, so a browser re-enrolled as another device is not alerted twice).
  `
  CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE push_subscriptions (
    device_id  TEXT PRIMARY KEY,
    store_id   TEXT NOT NULL,
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX push_subscriptions_store ON push_subscriptions (store_id);
  `,
  // 7: store settings as they were before each change (sync-server/catalog/store-history.ts), so a sale rung up
  // offline at the tax rates or tax mode of before a PUT /api/stores/{id} is checked against those.
  `
  CREATE TABLE store_history (
    id          BIGSERIAL PRIMARY KEY,
    store_id    TEXT NOT NULL,
    settings    TEXT NOT NULL,
    replaced_at TEXT NOT NULL
  );
  CREATE INDEX store_history_store ON store_history (store_id, replaced_at);
  `,
  // 8: each device's number in its store, given at enrollment (see sqliteMigrations 8).
  `
  ALTER TABLE devices ADD COLUMN number INTEGER;
  CREATE UNIQUE INDEX devices_store_number ON devices (store_id, number);
  `,
  // 9: a style's SKUs (see sqliteMigrations 9). body is TEXT; the cast to jsonb is immutable, so it can be indexed.
  `
  CREATE INDEX documents_product_style ON documents (((body::jsonb) ->> 'styleCode')) WHERE collection = 'products';
  `,
  // 10: a SKU's levels in every store as one index range (see sqliteMigrations 10).
  `
  CREATE INDEX documents_stock_sku ON documents (((body::jsonb) ->> 'sku')) WHERE collection = 'stock';
  `,
  // 11: the server's proof-of-purchase signing keys (see sqliteMigrations 11).
  `
  CREATE TABLE proof_keys (
    kid         TEXT PRIMARY KEY,
    private_jwk TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );
  `,
  // 12: the store-credit ledger (see sqliteMigrations 12).
  creditsPostgresMigration,
  // 13: sales found by their customer (see sqliteMigrations 13).
  `
  INSERT INTO document_keys (collection, key_name, key_value, id)
    SELECT 'sales', 'customer', (body::jsonb) ->> 'customerId', id FROM documents
    WHERE collection = 'sales' AND NOT deleted AND (body::jsonb) ->> 'customerId' IS NOT NULL
  ON CONFLICT DO NOTHING;
  `,
];

export * from './schema.js';
export * from './ledger.js';
export * from './redeem.js';
export * from './entries.js';
export * from './adjust.js';

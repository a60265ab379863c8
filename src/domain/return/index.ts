export * from './decide.js';
export * from './eligibility.js';
export * from './lookup.js';
export * from './purchase.js';
export * from './refund.js';
export * from './schema.js';
export * from './draft.js';

export * from './schema.js';
export * from './transitions.js';
export * from './fold.js';
export * from './lookup.js';
export * from './decide.js';
export * from './customer-transfers.js';

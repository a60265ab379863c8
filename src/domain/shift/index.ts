export * from './schema.js';
export * from './lookup.js';
export * from './facts.js';
export * from './decide.js';
export * from './z-report.js';

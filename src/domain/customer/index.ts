export * from './schema.js';
export * from './lookup.js';
export * from './profile.js';
export * from './merge.js';
export * from './facts.js';
export * from './decide.js';
export * from './input.js';
export * from './search.js';

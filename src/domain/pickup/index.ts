export * from './record.js';
export * from './lookup.js';
export * from './transitions.js';

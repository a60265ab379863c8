export * from './record.js';
export * from './lookup.js';
export * from './transitions.js';
export * from './facts.js';
export * from './qr.js';
export * from './decide.js';
export * from './optimistic.js';
export * from './hold.js';

export * from './schema.js';
export * from './price-cart.js';

export * from './base64url.js';
export * from './encoding.js';
export * from './keys.js';
export * from './schema.js';
export * from './sign.js';
export * from './summaries.js';
export * from './verify.js';

export * from './schema.js';
export * from './permissions.js';
export * from './pin.js';
export * from './lockout.js';
export * from './sign-in.js';
export * from './idle.js';
export * from './admin.js';

export * from './crc16.js';
export * from './emv-tlv.js';
export * from './ascii-text.js';
export * from './pix-br-code.js';
export * from './schema.js';
export * from './state.js';

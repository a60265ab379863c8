import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ZXING_WASM_SHA256 } from 'barcode-detector/ponyfill';
import { describe, expect, it } from 'vitest';
import { nativeReadsAll, PICKUP_QR_FORMATS, PRODUCT_FORMATS } from './barcode-detection.js';

describe('which barcode detector the camera uses', () => {
  it('the browser’s own detector only when it reads every format asked', () => {
    const chromeAndroid = ['aztec', 'code_128', 'code_39', 'ean_13', 'ean_8', 'itf', 'qr_code', 'upc_a', 'upc_e'];
    expect(nativeReadsAll(chromeAndroid, PRODUCT_FORMATS)).toBe(true);
    expect(nativeReadsAll(chromeAndroid, PICKUP_QR_FORMATS)).toBe(true);
    // A platform whose detector lacks Code 128 would never read in-store labels: the WebAssembly decoder does.
    expect(nativeReadsAll(['ean_13', 'ean_8', 'upc_a', 'upc_e', 'qr_code'], PRODUCT_FORMATS)).toBe(false);
    expect(nativeReadsAll(['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128'], PICKUP_QR_FORMATS)).toBe(false);
    // No BarcodeDetector at all (iOS Safari, Firefox, desktop Linux), or one that failed to list its formats.
    expect(nativeReadsAll(null, PICKUP_QR_FORMATS)).toBe(false);
  });

  it('the WebAssembly file the build ships is the very one the fallback decoder was built for', () => {
    // zxing-wasm is barcode-detector's own pinned dependency; a second copy at another version would pair this JS
    // with a foreign binary, which fails only on a phone at the curb.
    const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    expect(createHash('sha256').update(readFileSync(wasm)).digest('hex')).toBe(ZXING_WASM_SHA256);
  });
});

import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import zxingReaderWasm from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { Detector, ScanFormat } from './barcode-detection.js';

/**
 * The fallback decoder, loaded only when a camera opens on a browser without a usable BarcodeDetector. Its
 * WebAssembly file is the one Vite emits into the build (a hashed asset the service worker precaches), never the
 * library's default CDN: the till reads codes at the curb with no network, and the CSP allows only this origin.
 */
prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingReaderWasm : prefix + path),
  },
});

export const zxingDetector = (formats: readonly ScanFormat[]): Detector => new BarcodeDetector({ formats: [...formats] });

/**
 * One barcode detector for the camera, whatever the browser: the Shape Detection API's BarcodeDetector where the
 * browser has it for every format asked (Chrome on Android, ChromeOS, macOS), else ZXing compiled to WebAssembly
 * (iOS Safari, Firefox, desktop Linux), which speaks the same API. The fallback is a separate chunk loaded only when
 * a camera opens, so the till's first load does not carry it.
 */

/** The symbologies Vitrine scans, named as the Shape Detection API names them (the fallback uses the same names). */
export type ScanFormat = 'ean_13' | 'ean_8' | 'upc_a' | 'upc_e' | 'code_128' | 'qr_code';

/** Products carry EAN/UPC codes or, for in-store labels, Code 128. */
export const PRODUCT_FORMATS: readonly ScanFormat[] = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128'];
/** The customer's pickup QR. */
export const PICKUP_QR_FORMATS: readonly ScanFormat[] = ['qr_code'];

export interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}
const nativeDetectorClass = (): NativeDetectorClass | undefined =>
  (globalThis as unknown as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;

/**
 * The browser's own detector only when it reads every format asked: a desktop Chrome whose platform lacks, say,
 * Code 128 would otherwise never read those labels, and the fallback reads them all.
 */
export function nativeReadsAll(supported: readonly string[] | null, wanted: readonly ScanFormat[]): boolean {
  return supported !== null && wanted.every((format) => supported.includes(format));
}

export async function createDetector(formats: readonly ScanFormat[]): Promise<Detector> {
  const Native = nativeDetectorClass();
  const supported = Native ? await Native.getSupportedFormats().catch(() => null) : null;
  if (Native && nativeReadsAll(supported, formats)) return new Native({ formats: [...formats] });
  const { zxingDetector } = await import('./zxing-detector.js');
  return zxingDetector(formats);
}

/** A camera to open is all it takes now: every browser either has a detector or can run the WebAssembly one. */
export const cameraScanAvailable = () =>
  typeof navigator !== 'undefined' &&
  !!navigator.mediaDevices?.getUserMedia &&
  (nativeDetectorClass() !== undefined || typeof WebAssembly === 'object');

import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/**
 * A QR code as PNG bytes, synchronously: a fact's decision (which writes the ready mail) cannot wait, and qrcode's
 * own PNG output is asynchronous. qrcode encodes, pngjs writes the pixels (black modules on white, a quiet zone).
 */
export function qrPng(text: string, { scale = 8, margin = 4 }: { scale?: number; margin?: number } = {}): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2 * margin) * scale;
  const png = new PNG({ width: side, height: side });
  png.data.fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - margin;
      const col = Math.floor(x / scale) - margin;
      if (row < 0 || col < 0 || row >= modules.size || col >= modules.size || !modules.get(row, col)) continue;
      const at = (y * side + x) * 4;
      png.data.fill(0, at, at + 3);
    }
  }
  return PNG.sync.write(png);
}

import { renameSync, writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/**
 * What Chromium's fake camera films (`--use-file-for-fake-video-capture`): one grey frame, looped, written as
 * YUV4MPEG2. Chromium opens the file each time a capture starts, so a test can change the picture between two
 * camera openings by rewriting it (renamed into place, never half-written).
 */
const WIDTH = 640;
const HEIGHT = 480;
const WHITE = 235;
const BLACK = 16;

type Frame = { width: number; height: number; luma: Uint8Array };

const blankFrame = (): Frame => ({ width: WIDTH, height: HEIGHT, luma: new Uint8Array(WIDTH * HEIGHT).fill(WHITE) });

function fillRect(frame: Frame, x: number, y: number, w: number, h: number) {
  for (let row = y; row < y + h; row++) frame.luma.fill(BLACK, row * frame.width + x, row * frame.width + x + w);
}

export function writeFakeCameraFrame(path: string, frame: Frame) {
  const chroma = new Uint8Array((frame.width / 2) * (frame.height / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${frame.width} H${frame.height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii');
  writeFileSync(`${path}.tmp`, Buffer.concat([header, frame.luma, chroma, chroma]));
  renameSync(`${path}.tmp`, path);
}

/** The customer's pickup QR as their phone shows it: 6 px modules with the 4-module quiet zone. */
export function qrFrame(text: string): Frame {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const scale = 6;
  const frame = blankFrame();
  const left = Math.floor((WIDTH - modules.size * scale) / 2);
  const top = Math.floor((HEIGHT - modules.size * scale) / 2);
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) fillRect(frame, left + c * scale, top + r * scale, scale, scale);
  }
  return frame;
}

// EAN-13 by the GS1 specification: the first digit picks the L/G parity of the left half; R is L's complement, G
// its mirror.
const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const R = L.map((code) => [...code].map((bit) => (bit === '1' ? '0' : '1')).join(''));
const G = R.map((code) => [...code].reverse().join(''));
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

function ean13Modules(code: string): string {
  if (!/^\d{13}$/.test(code)) throw new Error(`not an EAN-13: ${code}`);
  const digits = [...code].map(Number);
  const parity = PARITY[digits[0]!]!;
  const left = digits.slice(1, 7).map((d, i) => (parity[i] === 'L' ? L : G)[d]!);
  const right = digits.slice(7).map((d) => R[d]!);
  return `101${left.join('')}01010${right.join('')}101`;
}

/** A product label's EAN-13 as a shelf item shows it: 4 px modules, 200 px tall, quiet zones either side. */
export function ean13Frame(code: string): Frame {
  const modules = ean13Modules(code);
  const scale = 4;
  const frame = blankFrame();
  const left = Math.floor((WIDTH - modules.length * scale) / 2);
  const top = 140;
  for (let i = 0; i < modules.length; i++) if (modules[i] === '1') fillRect(frame, left + i * scale, top, scale, 200);
  return frame;
}

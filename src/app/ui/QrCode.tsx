import { useEffect, useState } from 'preact/hooks';

type QrModules = { size: number; get(row: number, col: number): number | boolean };
type QrLibrary = { create(text: string, options: { errorCorrectionLevel: 'M' }): { modules: QrModules } };

/**
 * Only a Pix charge, a slip or a receipt draws a code, so qrcode (about 10 kB gzip) loads on the first one (from the
 * service worker's precache, so offline too), not with the till.
 */
let library: Promise<QrLibrary> | undefined;
const loadLibrary = () => (library ??= import('qrcode').then((m) => m.default as unknown as QrLibrary));

const MARGIN = 4;

function pathOf(qr: QrLibrary, text: string): { d: string; side: number } {
  const { modules } = qr.create(text, { errorCorrectionLevel: 'M' });
  const cells: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) cells.push(`M${col + MARGIN} ${row + MARGIN}h1v1h-1z`);
  }
  return { d: cells.join(''), side: modules.size + 2 * MARGIN };
}

/**
 * A QR code drawn as one SVG path, on the device, offline: black modules on white with a quiet zone. No canvas, image
 * or data URL, so it prints sharp on a thermal printer and the content security policy has nothing to allow. Until
 * the library is in, the same white square holds its place (`data-ready` says when it is drawn).
 */
export function QrCode({ text, label, size = 160, testId }: { text: string; label: string; size?: number; testId?: string }) {
  const [path, setPath] = useState<{ text: string; d: string; side: number } | undefined>();
  useEffect(() => {
    let live = true;
    void loadLibrary().then((qr) => {
      if (live) setPath({ text, ...pathOf(qr, text) });
    });
    return () => {
      live = false;
    };
  }, [text]);
  const drawn = path?.text === text ? path : undefined;
  const side = drawn?.side ?? 1;
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-qr-text={text}
      data-ready={drawn ? 'true' : 'false'}
      width={size}
      height={size}
      viewBox={`0 0 ${side} ${side}`}
      shape-rendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      {drawn && <path d={drawn.d} fill="#000" />}
    </svg>
  );
}

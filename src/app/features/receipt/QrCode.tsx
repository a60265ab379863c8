import QRCode from 'qrcode';
import { useMemo } from 'preact/hooks';

/**
 * A QR code drawn as SVG rectangles from qrcode's module matrix: no canvas, no inline style or data URL, so it prints
 * sharp on a thermal printer and stays within the app's Content-Security-Policy.
 */
export function QrCode({ text, label, size = 160, testId }: { text: string; label: string; size?: number; testId?: string }) {
  const path = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const cells: string[] = [];
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) cells.push(`M${col + 2} ${row + 2}h1v1h-1z`);
    }
    return { d: cells.join(''), side: modules.size + 4 };
  }, [text]);
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-qr-text={text}
      width={size}
      height={size}
      viewBox={`0 0 ${path.side} ${path.side}`}
      shape-rendering="crispEdges"
    >
      <rect width={path.side} height={path.side} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}

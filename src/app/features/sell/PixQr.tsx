import QRCode from 'qrcode';
import { useMemo } from 'preact/hooks';

/**
 * A QR code drawn as one SVG path, on the device, offline: black modules on white with a quiet zone. No image URL, so
 * the content security policy has nothing to allow; `shape-rendering` keeps the modules crisp at any size.
 */
export function QrSvg({ text, label, size = 240, testId }: { text: string; label: string; size?: number; testId?: string }) {
  const { path, side } = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const margin = 4;
    let d = '';
    for (let row = 0; row < modules.size; row++)
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + margin} ${row + margin}h1v1h-1z`;
    return { path: d, side: modules.size + 2 * margin };
  }, [text]);
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${side} ${side}`}
      shape-rendering="crispEdges"
      data-testid={testId}
      data-text={text}
      class="qr"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

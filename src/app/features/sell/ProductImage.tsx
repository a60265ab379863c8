import { useState } from 'preact/hooks';
// The pictures' boxes (and the till's grid buttons) are styled there; the style grid, which imports it too, loads on demand.
import './finding.css';

const PIXELS = { thumb: 40, medium: 56, large: 96 } as const;

/**
 * A product's picture in a box of fixed size, so rows never jump when it arrives: lazy-loaded (only rows on screen
 * fetch theirs), a neutral placeholder while the catalog has none or the picture cannot be had (offline and never
 * seen: the service worker keeps the ones seen). `alt` is empty where the product's name is already beside it.
 */
export function ProductImage({ url, alt, size }: { url: string | undefined; alt: string; size: keyof typeof PIXELS }) {
  const [failed, setFailed] = useState<string | null>(null);
  const shown = url && failed !== url ? url : null;
  const px = PIXELS[size];
  return (
    <span class={`product-image product-image-${size}`} data-testid="product-image" data-state={shown ? 'image' : 'placeholder'}>
      {shown ? (
        <img src={shown} alt={alt} width={px} height={px} loading="lazy" decoding="async" onError={() => setFailed(shown)} />
      ) : (
        <svg viewBox="0 0 24 24" width={px / 2} height={px / 2} aria-hidden="true" focusable="false">
          <path d="M4 5h16v14H4z M4 16l5-5 4 4 3-3 4 4" fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
      )}
    </span>
  );
}

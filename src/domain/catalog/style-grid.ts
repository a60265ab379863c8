import type { Product } from './schema.js';

/**
 * A style's variants laid out as the till's size × colour grid: sizes as columns in the order a shop wall has them
 * (PP before GG, 34 before 44), colours as rows in catalog order, at most one variant per cell. A variant without a
 * size sits in the one-size column (`null`), one without a colour in the no-colour row (`null`).
 */
export interface StyleGrid {
  sizes: (string | null)[];
  colours: (string | null)[];
  /** The variant of a colour in a size, or undefined where the style is not made so. */
  cell(colour: string | null, size: string | null): Product | undefined;
}

/** Letter sizes smallest first, Brazilian (PP…XGG) and international (XS…XXL) interleaved where they meet. */
const LETTER_SIZES = ['XXS', 'PP', 'XS', 'P', 'S', 'M', 'G', 'L', 'GG', 'XL', 'XG', 'XXL', 'XGG', 'EG', 'EGG', 'XXXL', 'G1', 'G2', 'G3'];
const letterRank = new Map(LETTER_SIZES.map((size, i) => [size, i]));

/** Numbers first by value (shoe and kids' sizes), then letter sizes by rank, then anything else by name; one size last. */
export function compareSizes(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = Number(a.replace(',', '.'));
  const nb = Number(b.replace(',', '.'));
  const numA = a.trim() !== '' && Number.isFinite(na);
  const numB = b.trim() !== '' && Number.isFinite(nb);
  if (numA && numB) return na - nb;
  if (numA !== numB) return numA ? -1 : 1;
  const ra = letterRank.get(a.toUpperCase());
  const rb = letterRank.get(b.toUpperCase());
  if (ra !== undefined && rb !== undefined) return ra - rb;
  if ((ra === undefined) !== (rb === undefined)) return ra !== undefined ? -1 : 1;
  return a.localeCompare(b);
}

const key = (colour: string | null, size: string | null) => `${colour ?? '\u0000'}\u0001${size ?? '\u0000'}`;

/** The grid of one style's variants (products of other styles are the caller's mistake and are left out). */
export function styleGridOf(variants: readonly Product[]): StyleGrid {
  const styleCode = variants[0]?.styleCode;
  const cells = new Map<string, Product>();
  const sizes = new Set<string | null>();
  const colours = new Set<string | null>();
  // SKU order first, so which of two variants claiming one cell wins never depends on the order they were read in.
  for (const product of [...variants].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
    if (product.styleCode !== styleCode) continue;
    sizes.add(product.size);
    colours.add(product.colour);
    const k = key(product.colour, product.size);
    // An active variant wins a cell over an inactive one: it is the one that can be sold.
    const held = cells.get(k);
    if (!held || (!held.active && product.active)) cells.set(k, product);
  }
  return {
    sizes: [...sizes].sort(compareSizes),
    colours: [...colours].sort((a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b))),
    cell: (colour, size) => cells.get(key(colour, size)),
  };
}

/**
 * The style's name without a variant's colour and size at its end ("Camiseta Básica Algodão Azul M" → "Camiseta
 * Básica Algodão"), for the grid's title; the name as it is when it does not end with them.
 */
export function styleNameOf(product: Pick<Product, 'name' | 'size' | 'colour'>): string {
  let name = product.name.trim();
  for (const part of [product.size, product.colour]) {
    if (part && name.toLowerCase().endsWith(` ${part.toLowerCase()}`)) name = name.slice(0, -part.length - 1).trimEnd();
  }
  return name;
}

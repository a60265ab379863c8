import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { product } from '../testing/fixtures.js';
import { compareSizes, styleGridOf, styleNameOf } from './style-grid.js';

const variant = (size: string | null, colour: string | null, over: Partial<Parameters<typeof product>[0]> = {}) =>
  product({ sku: `STY-1-${size ?? 'U'}-${(colour ?? 'X').slice(0, 3).toUpperCase()}`, styleCode: 'STY-1', size, colour, ...over });

describe('style grid', () => {
  it('puts sizes in shop order, colours in rows, each variant in its cell and nothing where the style is not made', () => {
    const grid = styleGridOf([variant('GG', 'Preto'), variant('P', 'Preto'), variant('M', 'Azul'), variant('PP', 'Azul'), variant('M', 'Preto')]);
    expect(grid.sizes).toEqual(['PP', 'P', 'M', 'GG']);
    expect(grid.colours).toEqual(['Azul', 'Preto']);
    expect(grid.cell('Azul', 'M')?.sku).toBe('STY-1-M-AZU');
    expect(grid.cell('Azul', 'GG')).toBeUndefined();
    expect(grid.cell('Preto', 'PP')).toBeUndefined();
  });

  it('orders shoe and kids sizes by number, and puts one size and no colour last', () => {
    expect(['42', '38', '4', '10', '36'].sort(compareSizes)).toEqual(['4', '10', '36', '38', '42']);
    const grid = styleGridOf([variant(null, null), variant('40', 'Preto'), variant('38', null)]);
    expect(grid.sizes).toEqual(['38', '40', null]);
    expect(grid.colours).toEqual(['Preto', null]);
    expect(grid.cell(null, null)).toBeDefined();
  });

  it('gives every variant of the style exactly one cell, whatever the order they arrive in', () => {
    const sizes = ['PP', 'P', 'M', 'G', 'GG', '38', '40', null];
    const colours = ['Preto', 'Branco', 'Azul', null];
    const cellArb = fc.uniqueArray(fc.tuple(fc.constantFrom(...sizes), fc.constantFrom(...colours)), {
      selector: ([s, c]) => `${s}/${c}`,
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(cellArb, fc.integer(), (cells, seed) => {
        const variants = cells.map(([s, c], i) => variant(s, c, { sku: `STY-1-${i}` }));
        const shuffled = [...variants].sort((a, b) => ((a.sku.length * 31 + seed) % 7) - ((b.sku.length * 31 + seed) % 7));
        const grid = styleGridOf(shuffled);
        const placed = grid.colours.flatMap((c) => grid.sizes.map((s) => grid.cell(c, s)?.sku).filter(Boolean));
        expect(placed.sort()).toEqual(variants.map((v) => v.sku).sort());
        for (let i = 1; i < grid.sizes.length; i++) expect(compareSizes(grid.sizes[i - 1]!, grid.sizes[i]!)).toBeLessThan(0);
      }),
    );
  });

  it('keeps the active variant when an inactive one claims the same cell', () => {
    const grid = styleGridOf([variant('M', 'Preto', { sku: 'STY-1-A', active: false }), variant('M', 'Preto', { sku: 'STY-1-B' })]);
    expect(grid.cell('Preto', 'M')?.sku).toBe('STY-1-B');
  });

  it('names the style without the variant colour and size', () => {
    expect(styleNameOf({ name: 'Camiseta Básica Algodão Azul M', size: 'M', colour: 'Azul' })).toBe('Camiseta Básica Algodão');
    expect(styleNameOf({ name: 'Boné Aba Reta', size: null, colour: 'Preto' })).toBe('Boné Aba Reta');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StockLevel, Store } from '../../src/domain/index.js';
import { rankStores, skuStock } from '../../src/domain/stock/availability.js';
import { DEMO_STORES } from '../demo/stores.js';
import { fragmentsOf, skuStockJson, wallClocks } from './answer-json.js';

const zones = ['America/Sao_Paulo', 'America/Manaus', 'Europe/Lisbon'];

describe('skuStockJson', () => {
  it('parses to exactly what the domain’s skuStock answers, whatever the stores, levels and instant', () => {
    const storeArb = fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }),
      coordinates: fc.option(fc.record({ lat: fc.double({ min: -60, max: 10, noNaN: true }), lon: fc.double({ min: -80, max: 0, noNaN: true }) }), {
        nil: undefined,
      }),
      hours: fc.boolean(),
      zone: fc.constantFrom(...zones),
      level: fc.option(fc.record({ onHand: fc.integer({ min: -3, max: 40 }), reserved: fc.integer({ min: 0, max: 5 }) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(storeArb, { minLength: 1, maxLength: 12 }),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
        (specs, at) => {
          const stores: Store[] = specs.map((s, i) => ({
            ...DEMO_STORES[i % DEMO_STORES.length]!,
            id: `S${i + 1}`,
            name: s.name,
            coordinates: s.coordinates,
            openingHours: s.hours ? DEMO_STORES[i % DEMO_STORES.length]!.openingHours : undefined,
            timeZone: s.zone,
          }));
          const levels = new Map<string, StockLevel>();
          specs.forEach((s, i) => {
            if (!s.level) return;
            const storeId = `S${i + 1}`;
            const { onHand, reserved } = s.level;
            levels.set(storeId, {
              id: `${storeId}:A-1`,
              storeId,
              sku: 'A-1',
              onHand,
              reserved,
              available: onHand - reserved,
              belowZero: onHand < 0,
              updatedAt: at.toISOString(),
            });
          });
          const ranked = rankStores(stores, 'S1');
          expect(JSON.parse(skuStockJson('A-1', fragmentsOf(ranked), levels, wallClocks(at)))).toEqual(skuStock('A-1', ranked, levels, at));
        },
      ),
      { numRuns: 200 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collections, DomainError, type CollectionSpec } from '../../src/domain/index.js';
import type { StoredDocument } from '../store/store.js';
import { refuseServerOnlyFields, toWireArray, wireArrayFor } from './wire.js';

const OrderSchema = z.object({ id: z.string(), number: z.string(), internalNote: z.string().optional(), fraudScore: z.number().optional() });
const orders = {
  ...(collections.stock as unknown as CollectionSpec),
  name: 'orders',
  schema: OrderSchema,
  primaryKey: 'id',
  serverOnly: ['internalNote', 'fraudScore'],
} as CollectionSpec;
const stored = (body: object, deleted = false): StoredDocument => ({
  collection: 'orders',
  id: 'o1',
  storeId: 'S1',
  seq: 1,
  body: JSON.stringify(body),
  deleted,
});

describe('the wire', () => {
  it('strips server-only fields from what devices receive, tombstones included', () => {
    const wire = JSON.parse(
      wireArrayFor(
        orders,
        0,
      )([stored({ id: 'o1', number: '1001', internalNote: 'call back', fraudScore: 3 }), stored({ id: 'o2', number: '1002' }, true)]),
    );
    expect(wire).toEqual([
      { id: 'o1', number: '1001', _deleted: false },
      { id: 'o2', number: '1002', _deleted: true },
    ]);
  });

  it('keeps the splice fast path for collections with neither legacy versions nor server-only fields', () => {
    expect(wireArrayFor(collections.stock, 0)).toBe(toWireArray);
    // Products v1 only added optional fields: current apps keep the fast path, v0 apps get the picture dropped.
    expect(wireArrayFor(collections.products, collections.products.version)).toBe(toWireArray);
    const v0 = JSON.parse(wireArrayFor(collections.products, 0)([stored({ sku: 'A-1', imageUrl: '/images/a.svg' })]));
    expect(v0).toEqual([{ sku: 'A-1', _deleted: false }]);
    expect(wireArrayFor(collections.sales, 1)).not.toBe(toWireArray);
  });

  it('refuses a push carrying a server-only field, naming each row and field', () => {
    const push = () =>
      refuseServerOnlyFields(orders, [{ newDocumentState: { id: 'o1' } }, { newDocumentState: { id: 'o2', fraudScore: 0, internalNote: '' } }]);
    expect(push).toThrow(DomainError);
    try {
      push();
    } catch (error) {
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).fieldErrors.map((e) => e.path)).toEqual(['1.newDocumentState.internalNote', '1.newDocumentState.fraudScore']);
    }
    expect(() => refuseServerOnlyFields(orders, [{ newDocumentState: { id: 'o1', number: '1' } }])).not.toThrow();
  });
});

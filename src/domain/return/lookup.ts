import type { Fact } from '../fact/schema.js';
import type { ReturnSource } from './schema.js';

export const RETURN_RECORDED = 'return.recorded';
/**
 * The server's audit fact of a store looking another store's sale up for a return (GET /api/lookup/sales): who,
 * from which device and store, which sale; nothing about the customer. A return of another store's sale is
 * accepted only after its store looked it up, so a device cannot return a sale it was never shown.
 */
export const RETURN_LOOKED_UP = 'return.looked-up';

/** The one string a purchase's returns are found by: `sale:{id}` or `order:{id}`. */
export const returnSourceKey = (source: ReturnSource): string => (source.kind === 'sale' ? `sale:${source.saleId}` : `order:${source.orderId}`);

/**
 * The server-side key every return of a purchase is found by (registry `facts.lookupKeys`): a return is decided on
 * all the returns already recorded for its sale or order, whatever store or device took them, in one query per push.
 */
export const returnLookupValues = {
  returnSource: (fact: Pick<Fact, 'kind' | 'payload'>): string[] => {
    if (fact.kind !== RETURN_RECORDED && fact.kind !== RETURN_LOOKED_UP) return [];
    const source = fact.payload.source as Partial<{ kind: string; saleId: string; orderId: string }> | undefined;
    if (source?.kind === 'sale' && typeof source.saleId === 'string') return [returnSourceKey({ kind: 'sale', saleId: source.saleId })];
    if (source?.kind === 'order' && typeof source.orderId === 'string') return [returnSourceKey({ kind: 'order', orderId: source.orderId })];
    return [];
  },
};

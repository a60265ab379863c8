import type { Fact } from '../fact/schema.js';
import type { ReturnSource } from './schema.js';

export const RETURN_RECORDED = 'return.recorded';

/** The one string a purchase's returns are found by: `sale:{id}` or `order:{id}`. */
export const returnSourceKey = (source: ReturnSource): string => (source.kind === 'sale' ? `sale:${source.saleId}` : `order:${source.orderId}`);

/**
 * The server-side key every return of a purchase is found by (registry `facts.lookupKeys`): a return is decided on
 * all the returns already recorded for its sale or order, whatever store or device took them, in one query per push.
 */
export const returnLookupValues = {
  returnSource: (fact: Pick<Fact, 'kind' | 'payload'>): string[] => {
    if (fact.kind !== RETURN_RECORDED) return [];
    const source = fact.payload.source as Partial<{ kind: string; saleId: string; orderId: string }> | undefined;
    if (source?.kind === 'sale' && typeof source.saleId === 'string') return [returnSourceKey({ kind: 'sale', saleId: source.saleId })];
    if (source?.kind === 'order' && typeof source.orderId === 'string') return [returnSourceKey({ kind: 'order', orderId: source.orderId })];
    return [];
  },
};

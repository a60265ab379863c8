import type { IdGenerator } from '../kernel/ids.js';
import type { Clock } from '../kernel/clock.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { Store } from '../catalog/schema.js';
import { SaleSchema, type Sale } from './schema.js';
import { computeTotals, priceLine, type LineInput } from './totals.js';

export interface CompleteSaleInput {
  store: Store;
  deviceId: string;
  associateId: string;
  lines: LineInput[];
  /** The customer the sale is for, when the associate looked them up (clienteling); null for an anonymous sale. */
  customerId?: string | null;
  /** Cash handed over, in minor units. */
  cashTendered: number;
  newId: IdGenerator;
  clock: Clock;
}

/** Builds the immutable, validated sale fact the till writes locally and pushes; throws DomainError when it cannot stand. */
export function completeCashSale(input: CompleteSaleInput): Sale {
  const { store } = input;
  const lines = input.lines.map((line, i) => priceLine(line, i + 1, store));
  const tenders = [{ id: input.newId(), kind: 'cash' as const, amount: input.cashTendered }];
  const totals = computeTotals(lines, tenders);
  return parseOrThrow(SaleSchema, {
    id: input.newId(),
    storeId: store.id,
    deviceId: input.deviceId,
    associateId: input.associateId,
    currency: store.currency,
    pricesIncludeTax: store.pricesIncludeTax,
    lines,
    tenders,
    totals,
    createdAtDevice: input.clock().toISOString(),
    customerId: input.customerId ?? null,
  });
}

import { stockCount } from '../stock/count.js';
import { pickupFactKinds } from '../pickup/facts.js';
import { customerFactKinds } from '../customer/facts.js';
import { customerViewed } from '../customer/viewed.js';
import { clientelingFactKinds } from '../customer/clienteling-facts.js';
import { shiftFactKinds } from '../shift/facts.js';
import { saleVoided } from '../sale/void.js';
import { saleReceiptRequested } from '../sale/receipt-request.js';
import { returnRecorded } from '../return/schema.js';
import { transferFactKinds } from '../transfer/schema.js';
import { creditAdjusted } from '../credit/adjust.js';
import type { FactKind, FactOfKind } from './kind.js';

/**
 * Every kind of the `facts` collection, by name. Adding a kind: its entry here (subject and payload schemas, its
 * stock effect if any), a pure decision in the domain, and its policy in the server's kind map
 * (sync-server/facts/kind-policies.ts), which does not compile until the kind has one.
 */
export const factKinds = {
  'stock.count': stockCount,
  ...pickupFactKinds,
  ...customerFactKinds,
  'customer.viewed': customerViewed,
  ...clientelingFactKinds,
  ...shiftFactKinds,
  'sale.voided': saleVoided,
  'sale.receipt-requested': saleReceiptRequested,
  'return.recorded': returnRecorded,
  ...transferFactKinds,
  'credit.adjusted': creditAdjusted,
} as const satisfies Record<string, FactKind>;

export type FactKinds = typeof factKinds;
export type FactKindName = keyof FactKinds;
export type FactOfKindName<K extends FactKindName> = FactOfKind<FactKinds[K]>;

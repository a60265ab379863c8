import type { LegacyVersion } from '../protocol/collections.js';
import { SaleSchemaV0, type Sale, type SaleV0 } from './schema.js';

/**
 * Sales v0 → v1 added `customerId`. While a rollout is under way the server serves both: a v0 app's pushes are
 * upgraded (no customer), and v0 pulls get the field dropped. The device's RxDB migration uses the same `upgrade`.
 */
export const saleV0: LegacyVersion<typeof SaleSchemaV0, Sale> = {
  version: 0,
  schema: SaleSchemaV0,
  upgrade: (doc) => ({ ...(doc as SaleV0), customerId: (doc as Partial<Sale>).customerId ?? null }),
  downgrade: ({ customerId: _dropped, ...v0 }) => v0,
};

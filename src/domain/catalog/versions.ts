import type { LegacyVersion } from '../protocol/collections.js';
import { ProductSchemaV0, type Product, type ProductV0 } from './schema.js';

/**
 * Products v0 → v1 added the optional `imageUrl` and the device's `styleCode` index (the size × colour grid). A v0
 * product is a valid v1 product (`upgradeIsIdentity`: the current version's pulls keep the fast path); an app still on
 * v0 pulls products without their picture, which its schema would refuse.
 */
export const productV0: LegacyVersion<typeof ProductSchemaV0, Product> = {
  version: 0,
  schema: ProductSchemaV0,
  upgradeIsIdentity: true,
  upgrade: (doc) => doc as Product,
  downgrade: ({ imageUrl: _dropped, ...v0 }): ProductV0 => v0,
};

import type { LegacyVersion } from '../protocol/collections.js';
import { ProductSchemaV0, ProductSchemaV1, StoreSchema, type Product, type ProductV0, type ProductV1, type Store } from './schema.js';

/**
 * Products v0 → v1 added the optional `imageUrl` and the device's `styleCode` index (the size × colour grid); v1 → v2
 * the optional `finalSale`. An older product is a valid current one (`upgradeIsIdentity`: the current version's pulls
 * keep the fast path); an app still on an older version pulls products without the fields its schema would refuse.
 */
export const productV0: LegacyVersion<typeof ProductSchemaV0, Product> = {
  version: 0,
  schema: ProductSchemaV0,
  upgradeIsIdentity: true,
  upgrade: (doc) => doc as Product,
  downgrade: ({ imageUrl: _image, finalSale: _finalSale, ...v0 }): ProductV0 => v0,
};

/** Products v1 (pictures, before final-sale items): the flag is left out, the old app's windows apply on its screen. */
export const productV1: LegacyVersion<typeof ProductSchemaV1, Product> = {
  version: 1,
  schema: ProductSchemaV1,
  upgradeIsIdentity: true,
  upgrade: (doc) => doc as Product,
  downgrade: ({ finalSale: _finalSale, ...v1 }): ProductV1 => v1,
};

/**
 * Stores v0 → v1 changed nothing in a store: v0's device schema had gained optional settings (Pix, cash rounding,
 * pickup instructions, the offline credit limit) without a new version, which RxDB refuses to open over a tablet's
 * older database (DB6). v1 moves every tablet, whichever v0 shape it holds, onto one schema with an identity
 * migration; v0 apps pull the same documents (they store settings they do not know, and ignore them).
 */
export const storeV0: LegacyVersion<typeof StoreSchema, Store> = {
  version: 0,
  schema: StoreSchema,
  upgradeIsIdentity: true,
  upgrade: (doc) => doc,
  downgrade: (doc) => doc,
};

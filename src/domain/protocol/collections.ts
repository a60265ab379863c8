import type { z } from 'zod';
import { ProductSchema } from '../catalog/schema.js';
import { StockLevelSchema } from '../stock/schema.js';
import { SaleSchema } from '../sale/schema.js';

/**
 * The replicated collections: one entry per name, shared by the device database, the sync routes and their access
 * rules. `version` is the schema version in /sync/{collection}/{version}/…; a version not listed in `served`
 * answers 426 so an outdated app knows to update.
 */
export interface CollectionSpec<S extends z.ZodObject = z.ZodObject> {
  name: string;
  schema: S;
  version: number;
  served: readonly number[];
  primaryKey: keyof z.infer<S> & string;
  indexes: readonly (keyof z.infer<S> & string)[];
  /** 'shared': every store sees every document (the catalog); 'store': only documents of the device's store. */
  scope: 'shared' | 'store';
  /** Authoritative collections are pull-only; fact collections are created on devices and pushed. */
  devicesWrite: boolean;
}

const spec = <S extends z.ZodObject>(s: CollectionSpec<S>) => s;

export const collections = {
  products: spec({
    name: 'products',
    schema: ProductSchema,
    version: 0,
    served: [0],
    primaryKey: 'sku',
    indexes: ['barcode', 'searchName'],
    scope: 'shared',
    devicesWrite: false,
  }),
  stock: spec({
    name: 'stock',
    schema: StockLevelSchema,
    version: 0,
    served: [0],
    primaryKey: 'id',
    indexes: ['sku'],
    scope: 'store',
    devicesWrite: false,
  }),
  sales: spec({
    name: 'sales',
    schema: SaleSchema,
    version: 0,
    served: [0],
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    devicesWrite: true,
  }),
} as const;

export type CollectionName = keyof typeof collections;
export const collectionNames = Object.keys(collections) as CollectionName[];
export const isCollectionName = (name: string): name is CollectionName => Object.hasOwn(collections, name);

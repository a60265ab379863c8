import type { z } from 'zod';
import { ProductSchema } from '../catalog/schema.js';
import { StockLevelSchema } from '../stock/schema.js';
import { SaleSchema } from '../sale/schema.js';
import { saleV0 } from '../sale/versions.js';
import { StaffMemberSchema } from '../staff/schema.js';

/**
 * The replicated collections: one entry per name, shared by the device database, the sync routes and their access
 * rules. `version` is the schema version in /sync/{collection}/{version}/…; a version not listed in `served`
 * answers 426 so an outdated app knows to update.
 */
export interface CollectionSpec<S extends z.ZodObject = z.ZodObject> {
  name: string;
  schema: S;
  version: number;
  /** `version` and every legacy version still accepted during a rollout (derived from `legacy`). */
  served: readonly number[];
  /** Older schema versions the server still speaks, with how to translate them to and from the current one. */
  legacy: readonly LegacyVersion<z.ZodObject, z.infer<S>>[];
  primaryKey: keyof z.infer<S> & string;
  indexes: readonly (keyof z.infer<S> & string)[];
  /** 'shared': every store sees every document (the catalog); 'store': only documents of the device's store. */
  scope: 'shared' | 'store';
  /** Authoritative collections are pull-only; fact collections are created on devices and pushed. */
  devicesWrite: boolean;
}

/**
 * An older wire version of a collection. `upgrade` must be idempotent (it also normalises documents stored before
 * the change); `downgrade` must give a document the old schema accepts.
 */
export interface LegacyVersion<Old extends z.ZodObject, Current> {
  version: number;
  schema: Old;
  upgrade(doc: z.infer<Old> | Current): Current;
  downgrade(doc: Current): z.infer<Old>;
}

const spec = <S extends z.ZodObject>(s: Omit<CollectionSpec<S>, 'served' | 'legacy'> & Partial<Pick<CollectionSpec<S>, 'legacy'>>): CollectionSpec<S> => {
  const legacy = s.legacy ?? [];
  return { ...s, legacy, served: [s.version, ...legacy.map((l) => l.version)] };
};

/** The translation for a served version, or undefined for the current one. */
export const legacyVersion = (s: CollectionSpec, version: number) => s.legacy.find((l) => l.version === version);

export const collections = {
  products: spec({
    name: 'products',
    schema: ProductSchema,
    version: 0,
    primaryKey: 'sku',
    indexes: ['barcode', 'searchName'],
    scope: 'shared',
    devicesWrite: false,
  }),
  stock: spec({
    name: 'stock',
    schema: StockLevelSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['sku'],
    scope: 'store',
    devicesWrite: false,
  }),
  sales: spec({
    name: 'sales',
    schema: SaleSchema,
    version: 1,
    legacy: [saleV0],
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    devicesWrite: true,
  }),
  /** The store's staff with PIN verifiers (never a PIN): devices sign staff in offline against them. */
  staff: spec({
    name: 'staff',
    schema: StaffMemberSchema,
    version: 0,
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    devicesWrite: false,
  }),
} as const;

export type CollectionName = keyof typeof collections;
export const collectionNames = Object.keys(collections) as CollectionName[];
export const isCollectionName = (name: string): name is CollectionName => Object.hasOwn(collections, name);

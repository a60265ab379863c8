import type { z } from 'zod';
import { ProductSchema, StoreSchema } from '../catalog/schema.js';
import { productV0, productV1, storeV0 } from '../catalog/versions.js';
import { StockLevelSchema } from '../stock/schema.js';
import { SaleSchema } from '../sale/schema.js';
import { saleV0, saleV1, saleV2, saleV3 } from '../sale/versions.js';
import { saleLookupValues } from '../sale/lookup.js';
import { StaffMemberSchema } from '../staff/schema.js';
import { FactSchema } from '../fact/schema.js';
import { OrderSchema } from '../order/schema.js';
import { orderLookupValues } from '../order/lookup.js';
import { pickupLookupValues } from '../pickup/lookup.js';
import { CustomerProfileSchema } from '../customer/schema.js';
import { customerLookupValues } from '../customer/lookup.js';
import { customerErasureLookupValues } from '../customer/privacy.js';
import { PromotionSchema, promotionLookupValues } from '../promotion/schema.js';
import { shiftLookupValues } from '../shift/lookup.js';
import { returnLookupValues } from '../return/lookup.js';
import { ProofKeySchema, proofKeyLookupValues } from '../proof/schema.js';
import { factAudience, transferLookupValues } from '../transfer/lookup.js';

/**
 * The replicated collections: one entry per name, shared by the device database, the sync routes, their access
 * rules, the server's stores and the OpenAPI document. `version` is the schema version in
 * /sync/{collection}/{version}/…; a version not listed in `served` answers 426 so an outdated app knows to update.
 *
 * Two kinds (DESIGN.md §2):
 * - 'authoritative': owned by the server, pull-only for devices (a push answers 403 COLLECTION_READ_ONLY);
 * - 'fact': created on devices with client-generated ids, pushed, immutable, decided once by the server, whose
 *   `outcome` (fact/outcome.ts) replicates back. Every fact collection has a push policy (a compile-time map).
 *
 * The device budget: RxDB's free tier opens at most 13 collections per JavaScript process (ARCHITECTURE.md,
 * "Collection budget"). New device-created facts go into the one `facts` collection as a new kind, not a new
 * collection.
 */
export interface CollectionSpec<S extends z.ZodObject = z.ZodObject, K extends CollectionKind = CollectionKind> {
  name: string;
  schema: S;
  version: number;
  /** `version` and every legacy version still accepted during a rollout (derived from `legacy`). */
  served: readonly number[];
  /** Older schema versions the server still speaks, with how to translate them to and from the current one. */
  legacy: readonly LegacyVersion<z.ZodObject, z.infer<S>>[];
  primaryKey: keyof z.infer<S> & string;
  indexes: readonly (keyof z.infer<S> & string)[];
  kind: K;
  /**
   * Which devices see a document. 'shared': every store's (the catalog). 'store': the devices of the stores
   * `storesOf` names (by default the document's own `storeId`); the server enforces it in SQL.
   */
  scope: 'shared' | 'store';
  /**
   * The stores whose devices see a store-scoped document, home store first; a document may be visible to several
   * (an order picked up in one store and returned in another). Absent: `[doc.storeId]`.
   */
  storesOf?: KeysOf<z.infer<S>>;
  /** Fields only the server holds: stripped from pulls, streams and conflicts, refused in pushes. */
  serverOnly: readonly string[];
  /**
   * Server-side lookup keys (an order by number, a customer by email): each maps a document to the values it can
   * be found by. The stores keep them in step on every write, inside the transaction.
   */
  lookupKeys: Readonly<Record<string, KeysOf<z.infer<S>>>>;
}

/** Derives strings from a document (method syntax: bivariant, so a specific spec fits the generic one). */
type KeysOf<D> = { derive(doc: D): readonly string[] }['derive'];

export type CollectionKind = 'fact' | 'authoritative';

/**
 * An older wire version of a collection. `upgrade` must be idempotent (it also normalises documents stored before
 * the change); `downgrade` must give a document the old schema accepts.
 */
export interface LegacyVersion<Old extends z.ZodObject, Current> {
  version: number;
  schema: Old;
  upgrade(doc: z.infer<Old> | Current): Current;
  /**
   * The newer version only added optional fields, so an old document is already a current one: the server sends
   * stored documents to current apps as they are (the fast path of wire.ts).
   */
  upgradeIsIdentity?: boolean;
  downgrade(doc: Current): z.infer<Old>;
}

type SpecInput<S extends z.ZodObject, K extends CollectionKind> = Omit<CollectionSpec<S, K>, 'served' | 'legacy' | 'serverOnly' | 'lookupKeys'> &
  Partial<Pick<CollectionSpec<S, K>, 'legacy' | 'serverOnly' | 'lookupKeys'>>;

const spec = <S extends z.ZodObject, const K extends CollectionKind>(s: SpecInput<S, K>): CollectionSpec<S, K> => {
  const legacy = s.legacy ?? [];
  return { serverOnly: [], lookupKeys: {}, ...s, legacy, served: [s.version, ...legacy.map((l) => l.version)] };
};

/** The translation for a served version, or undefined for the current one. */
export const legacyVersion = (s: CollectionSpec, version: number) => s.legacy.find((l) => l.version === version);

export const collections = {
  products: spec({
    name: 'products',
    schema: ProductSchema,
    // v1: product images; the styleCode index finds a style's sizes and colours for the grid. v2: final-sale items.
    version: 2,
    legacy: [productV0, productV1],
    primaryKey: 'sku',
    indexes: ['barcode', 'searchName', 'styleCode'],
    scope: 'shared',
    kind: 'authoritative',
  }),
  stock: spec({
    name: 'stock',
    schema: StockLevelSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['sku'],
    scope: 'store',
    kind: 'authoritative',
  }),
  /**
   * Sales: v4 since gift cards are sold at the till (v3: the credit tender; v2: every tender, line discounts and
   * receipt numbers); v3, v2, v1 and v0 are still served (pushes upgraded and checked as v4, pulls downgraded) while
   * tablets on an older app keep selling. Found on the server by receipt number (returns, the sales list).
   */
  sales: spec({
    name: 'sales',
    schema: SaleSchema,
    version: 4,
    legacy: [saleV0, saleV1, saleV2, saleV3],
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    kind: 'fact',
    lookupKeys: saleLookupValues,
  }),
  /**
   * The chain's stores and their settings (PUT /api/stores/{id}): every device sees every store, for its own
   * settings live and, later, to look an item up in another store. Nothing secret goes in a store's settings.
   */
  stores: spec({
    name: 'stores',
    schema: StoreSchema,
    // v1: the same stores; v0's device schema had changed without a new version (catalog/versions.ts, storeV0).
    version: 1,
    legacy: [storeV0],
    primaryKey: 'id',
    indexes: [],
    scope: 'shared',
    kind: 'authoritative',
  }),
  /** The store's staff with PIN verifiers (never a PIN): devices sign staff in offline against them. */
  staff: spec({
    name: 'staff',
    schema: StaffMemberSchema,
    version: 0,
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    kind: 'authoritative',
  }),
  /**
   * Online orders, owned by the server (order intake, later pickup and returns). A pickup order replicates to the
   * devices of its pickup store; a shipped order reaches no device and is found by lookup from any store.
   */
  orders: spec({
    name: 'orders',
    schema: OrderSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['state', 'promisedAt', 'number'],
    scope: 'store',
    kind: 'authoritative',
    storesOf: (order) => (order.storeId === null ? [] : [order.storeId]),
    serverOnly: ['integrationId', 'pickupToken'],
    lookupKeys: { ...orderLookupValues, ...pickupLookupValues },
  }),
  /**
   * The chain's promotions (PUT /api/promotions), owned by the server: each reaches the devices of the stores in its
   * `audience` (the stores it names, or every store for a chain-wide one), whose till engine picks those in force.
   */
  promotions: spec({
    name: 'promotions',
    schema: PromotionSchema,
    version: 0,
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    kind: 'authoritative',
    storesOf: (promotion) => promotion.audience,
    lookupKeys: promotionLookupValues,
  }),
  /**
   * Every device-created fact but sales, one kind each (fact/kinds.ts: stock counts now; pickup transitions,
   * returns, holds, customer notes, shifts later): one collection, so new features cost no RxDB collection.
   */
  facts: spec({
    name: 'facts',
    schema: FactSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['kind', 'subjectId'],
    scope: 'store',
    kind: 'fact',
    // A shift's facts are found together on the server: a close is decided on the shift's open and earlier close.
    // A purchase's returns too: a return is decided on every return of the same sale or order, from any store.
    lookupKeys: { ...shiftLookupValues, ...returnLookupValues, ...customerErasureLookupValues, ...transferLookupValues },
    // A hold or transfer's facts reach both stores of the transfer (the asked store's queue, the asking store's
    // view of it); every other fact stays with its own store.
    storesOf: factAudience,
  }),
  /**
   * Customer profiles, owned by the server (applied from customer facts and order intake, merged there): each
   * replicates to the stores whose book holds it (`stores`); a merged-away profile stays as a pointer to its
   * survivor. Found on the server by email, phone, CPF and any id that was ever theirs (`identity`).
   */
  customers: spec({
    name: 'customers',
    schema: CustomerProfileSchema,
    version: 0,
    primaryKey: 'id',
    indexes: [],
    scope: 'store',
    kind: 'authoritative',
    storesOf: (customer) => customer.stores,
    lookupKeys: customerLookupValues,
  }),
  /**
   * The public keys that sign proofs of purchase (the server's, rotated and retired, and each enrolled device's,
   * revoked with it), owned by the server and shared with every device of the chain: a till with no network verifies
   * a QR from any store or the web shop against them. Its own collection rather than riding on `stores`: keys change
   * on their own (enrollment, revocation, rotation) and a store document would carry every other store's tills.
   */
  keys: spec({
    name: 'keys',
    schema: ProofKeySchema,
    version: 0,
    primaryKey: 'kid',
    indexes: [],
    scope: 'shared',
    kind: 'authoritative',
    lookupKeys: proofKeyLookupValues,
  }),
} as const;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
/** The collections devices create and push; each has a push policy on the server (a missing one does not compile). */
export type FactCollectionName = { [N in CollectionName]: Collections[N]['kind'] extends 'fact' ? N : never }[CollectionName];
/** The document type of a collection, from its zod schema. */
export type DocumentOf<N extends CollectionName> = z.infer<Collections[N]['schema']>;

export const collectionNames = Object.keys(collections) as CollectionName[];
export const isCollectionName = (name: string): name is CollectionName => Object.hasOwn(collections, name);
export const isFactCollection = (spec: Pick<CollectionSpec, 'kind'>): boolean => spec.kind === 'fact';
export const factCollectionNames = collectionNames.filter((n) => isFactCollection(collections[n])) as FactCollectionName[];
export const isFactCollectionName = (name: string): name is FactCollectionName => (factCollectionNames as string[]).includes(name);

/** The stores whose devices see a store-scoped document (home store first). */
export function storesOfDocument(s: CollectionSpec, doc: Record<string, unknown>): readonly string[] {
  if (s.scope === 'shared') return [];
  return s.storesOf ? s.storesOf(doc as never) : [String(doc.storeId)];
}

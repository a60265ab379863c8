import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { collections, toRxJsonSchema, type CollectionSpec, type Product, type Sale, type StaffMember, type StockLevel } from '../../domain/index.js';

/**
 * The device database: one RxDB collection per entry of the domain's collection registry, with the JSON schema
 * derived from the zod schema (never hand-written). Local documents hold device-only state (enrollment, quarantine).
 */
export type VitrineCollections = {
  products: RxCollection<Product>;
  stock: RxCollection<StockLevel>;
  sales: RxCollection<Sale>;
  staff: RxCollection<StaffMember>;
};
export type VitrineDatabase = RxDatabase<VitrineCollections>;

export interface CreateDatabaseOptions {
  storage: RxStorage<any, any>;
  name?: string;
  /** true in browsers (several tabs share IndexedDB and elect one leader to replicate); false in Node tests. */
  multiInstance?: boolean;
  /**
   * Adds the dev-mode plugin, which requires a schema validator: the storage is then wrapped with ajv.
   * Only for development and tests; production relies on zod validation before every write.
   */
  devMode?: boolean;
}

let basePluginsAdded = false;
let devModeAdded = false;

export async function createVitrineDatabase(options: CreateDatabaseOptions): Promise<VitrineDatabase> {
  if (!basePluginsAdded) {
    addRxPlugin(RxDBLeaderElectionPlugin);
    addRxPlugin(RxDBLocalDocumentsPlugin);
    addRxPlugin(RxDBMigrationSchemaPlugin);
    basePluginsAdded = true;
  }
  let storage = options.storage;
  if (options.devMode) {
    const [{ RxDBDevModePlugin, disableWarnings }, { wrappedValidateAjvStorage }] = await Promise.all([
      import('rxdb/plugins/dev-mode'),
      import('rxdb/plugins/validate-ajv'),
    ]);
    if (!devModeAdded) {
      disableWarnings();
      addRxPlugin(RxDBDevModePlugin);
      devModeAdded = true;
    }
    storage = wrappedValidateAjvStorage({ storage });
  }
  const db = await createRxDatabase<VitrineCollections>({
    name: options.name ?? 'vitrine',
    storage,
    multiInstance: options.multiInstance ?? false,
    localDocuments: true,
    eventReduce: true,
    closeDuplicates: true,
  });
  await db.addCollections({
    products: { schema: toRxJsonSchema(collections.products) as never },
    stock: { schema: toRxJsonSchema(collections.stock) as never },
    sales: { schema: toRxJsonSchema(collections.sales) as never, migrationStrategies: migrationStrategies(collections.sales) },
    staff: { schema: toRxJsonSchema(collections.staff) as never },
  });
  return db;
}

/**
 * RxDB migrates local documents written by an older app when the schema version rises, with the same `upgrade` the
 * server uses for that version's pushes (idempotent, so applying it at every step is safe). Unsynced sales survive an
 * app update.
 */
function migrationStrategies(spec: CollectionSpec): Record<number, (doc: any) => any> {
  const upgrade = (doc: any) => spec.legacy.reduce((d, legacy) => legacy.upgrade(d), doc);
  return Object.fromEntries(Array.from({ length: spec.version }, (_, i) => [i + 1, upgrade]));
}

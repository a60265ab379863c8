import {
  addRxPlugin,
  createRxDatabase,
  type MigrationStrategies,
  type RxCollection,
  type RxCollectionCreator,
  type RxDatabase,
  type RxStorage,
} from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { collectionNames, collections, toRxJsonSchema, type CollectionName, type CollectionSpec, type DocumentOf } from '../../domain/index.js';
import { migrateLegacyQuarantine } from './quarantine.js';

/**
 * The device database: one RxDB collection per entry of the domain's collection registry, with the JSON schema
 * derived from the zod schema (never hand-written) and the registry's legacy versions as migrations, so a new
 * registry entry reaches the device without editing this file. Local documents hold device-only state (enrollment,
 * quarantine, carts, lookup caches). RxDB's free tier opens at most 13 collections per JavaScript process
 * (ARCHITECTURE.md, "Collection budget").
 */
export type VitrineCollections = { [N in CollectionName]: RxCollection<DocumentOf<N>> };
export type VitrineDatabase = RxDatabase<VitrineCollections>;

export interface CreateDatabaseOptions {
  storage: RxStorage<unknown, unknown>;
  name?: string;
  /** true in browsers (several tabs share IndexedDB and elect one leader to replicate); false in Node tests. */
  multiInstance?: boolean;
  /**
   * Adds the dev-mode plugin, which requires a schema validator: the storage is then wrapped with ajv.
   * Only for development and tests; production relies on zod validation before every write.
   */
  devMode?: boolean;
  /**
   * Opens only these registry collections (default: all). For processes that open several databases, such as tests
   * running several tills, which would otherwise pass RxDB's 13-collection limit; replication follows what is open.
   */
  collections?: readonly CollectionName[];
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
  const names = options.collections ?? collectionNames;
  await db.addCollections(Object.fromEntries(names.map((name) => [name, collectionCreator(collections[name])])) as never);
  // RxDB's own automatic migration moves 10 documents per step: a catalog of 100,000 products took minutes.
  await Promise.all(names.filter((name) => collections[name].version > 0).map((name) => db[name].migratePromise(MIGRATION_BATCH_SIZE)));
  await migrateLegacyQuarantine(db);
  return db;
}

/** The names of the registry collections this database opened (`CreateDatabaseOptions.collections`). */
export const openCollectionNames = (db: VitrineDatabase): CollectionName[] => collectionNames.filter((name) => name in db.collections);

/** Documents migrated per step when an app update raises a collection's schema version. */
const MIGRATION_BATCH_SIZE = 2_000;

function collectionCreator(spec: CollectionSpec): RxCollectionCreator {
  return {
    schema: toRxJsonSchema(spec) as never,
    ...(spec.version > 0 && { migrationStrategies: migrationStrategies(spec), autoMigrate: false }),
  };
}

/**
 * RxDB migrates local documents written by an older app when the schema version rises, with the same `upgrade` the
 * server uses for that version's pushes (idempotent, so applying it at every step is safe). Unsynced facts survive
 * an app update.
 */
function migrationStrategies(spec: CollectionSpec): MigrationStrategies {
  const upgrade = (doc: Record<string, unknown>) => spec.legacy.reduce((d, legacy) => legacy.upgrade(d), doc);
  return Object.fromEntries(Array.from({ length: spec.version }, (_, i) => [i + 1, upgrade]));
}

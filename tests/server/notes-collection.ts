import { z } from 'zod';
import { collections, type CollectionSpec } from '../../src/domain/index.js';
import type { CollectionRegistry } from '../../sync-server/store/write-index.js';

/**
 * A throw-away store-scoped collection for store tests: each note is seen by its home store and the stores in
 * `alsoIn`, and found by its number and email.
 */
export const NoteSchema = z.object({ id: z.string(), storeId: z.string(), alsoIn: z.array(z.string()), number: z.string(), email: z.string() });
export type Note = z.infer<typeof NoteSchema>;

const notes: CollectionSpec<typeof NoteSchema> = {
  name: 'notes',
  schema: NoteSchema,
  version: 0,
  served: [0],
  legacy: [],
  primaryKey: 'id',
  indexes: [],
  kind: 'authoritative',
  scope: 'store',
  storesOf: (note) => [note.storeId, ...note.alsoIn],
  serverOnly: [],
  lookupKeys: { number: (note) => [note.number], email: (note) => [note.email] },
};

/** The app's registry plus `notes`. */
export const registryWithNotes: CollectionRegistry = { ...collections, notes: notes as unknown as CollectionSpec };

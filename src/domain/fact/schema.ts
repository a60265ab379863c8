import { z } from 'zod';
import { StoreIdSchema } from '../catalog/schema.js';
import { ID_MAX_LENGTH } from '../kernel/ids.js';
import { OutcomeSchema } from './outcome.js';

/**
 * One document of the `facts` collection: something staff did on a device (a stock count, later a pickup
 * transition, a return, a hold, a customer note…), immutable once written, decided once by the server. Every
 * device-created kind shares this collection (RxDB's free tier opens 13 collections per process, ARCHITECTURE.md
 * "Collection budget"); `kind` says which, and the kind's registry entry (fact/kinds.ts) validates `subjectId` and
 * `payload`.
 */
export const FactSchema = z.object({
  /** Client-generated UUIDv7: a retried push carries the same id, so the fact is applied once. */
  id: z.uuid({ version: 'v7' }).max(36),
  /** e.g. `stock.count`: an area and a verb, lower case. */
  kind: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'a kind like "stock.count"'),
  storeId: StoreIdSchema,
  deviceId: z.string().min(1).max(ID_MAX_LENGTH),
  /** The staff member who did it; the kind's decision checks them when the server applies the fact. */
  associateId: z.string().min(1).max(40),
  /** Device wall-clock time: shown to staff, never used for ordering. */
  createdAtDevice: z.iso.datetime({ offset: true }),
  /**
   * What the fact is about (a SKU, an order id), so a device finds the facts of a subject by index. Required: RxDB
   * cannot index a nullable field, and every kind planned has a subject.
   */
  subjectId: z.string().min(1).max(80),
  /** Kind-specific, validated on push by the kind's own schema (field paths like `0.newDocumentState.payload.counted`). */
  payload: z.record(z.string(), z.unknown()),
  /** Written by the server only; a device's own value is ignored. */
  outcome: OutcomeSchema.optional(),
});
export type Fact = z.infer<typeof FactSchema>;

import { z } from 'zod';
import { StoreSchema } from '../catalog/schema.js';
import { ProofKeySchema } from '../proof/schema.js';

/**
 * Server-assigned position in a collection's change feed. `seq` is monotonic per server database and unique per
 * change; device clocks never order anything.
 */
export const CheckpointSchema = z.object({ seq: z.int().min(0) });
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const PULL_LIMIT_DEFAULT = 500;
export const PULL_LIMIT_MAX = 5_000;
export const PUSH_ROWS_MAX = 500;

/** A checkpoint in a query string: JSON like {"seq":123}, absent (or "null") when starting from the beginning. */
export const checkpointQuery = (description: string) =>
  z
    .string()
    .describe(description)
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '' || raw === 'null') return null;
      try {
        const parsed = CheckpointSchema.safeParse(JSON.parse(raw));
        if (parsed.success) return parsed.data;
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: 'must be JSON like {"seq":123}' });
      return z.NEVER;
    });

/** Query string of GET /sync/{collection}/{version}/pull. `checkpoint` is JSON, absent on the first pull. */
export const PullQuerySchema = z.object({
  checkpoint: checkpointQuery('JSON of the last checkpoint received, e.g. {"seq":123}; absent on the first pull'),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(PULL_LIMIT_DEFAULT),
});

/** Documents carry `_deleted` as RxDB expects; `remaining` lets a device draw an initial-sync progress bar. */
export interface PullResponse<Doc> {
  documents: (Doc & { _deleted: boolean })[];
  checkpoint: Checkpoint | null;
  remaining: number;
}

/** One row of POST /sync/{collection}/{version}/push; the documents are validated per collection. */
export const pushRowSchema = <D extends z.ZodType>(doc: D) =>
  z.object({
    assumedMasterState: doc.nullable().optional(),
    newDocumentState: doc,
  });
export const pushBodySchema = <D extends z.ZodType>(doc: D) => z.array(pushRowSchema(doc)).min(1).max(PUSH_ROWS_MAX);

/** Server-Sent Events on pull-stream: `data:` is either a batch or the string "RESYNC". */
export type StreamEvent<Doc> = { documents: (Doc & { _deleted: boolean })[]; checkpoint: Checkpoint } | 'RESYNC';

export const EnrollRequestSchema = z.object({
  code: z.string().trim().min(4, 'enter the enrollment code your manager gave you').max(64),
  name: z.string().trim().min(1, 'give this device a name, e.g. "Till 2"').max(80),
  /** The public half of the device's proof-of-purchase key (made on the device, private half never sent). */
  publicKey: ProofKeySchema.shape.publicKey.optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  token: z.string().min(20),
  storeId: z.string(),
  deviceId: z.string(),
  store: StoreSchema,
  /** The device's number in its store (receipt numbers `S1-03-000123`); absent from servers before numbering. */
  deviceNumber: z.int().min(1).max(9_999).optional(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

import { z } from 'zod';

/**
 * The server's decision on a fact, one schema for every fact collection. Written by the server only (a device's own
 * value is ignored) and replicated back, so staff see what became of what they did.
 */
export const OutcomeSchema = z.object({
  status: z.enum(['accepted', 'rejected']),
  code: z.string().max(64).nullable(),
  message: z.string().max(500).nullable(),
  decidedAt: z.iso.datetime(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const accepted = (decidedAt: string): Outcome => ({ status: 'accepted', code: null, message: null, decidedAt });
export const rejected = (code: string, message: string, decidedAt: string): Outcome => ({
  status: 'rejected',
  code,
  message: message.slice(0, 500),
  decidedAt,
});

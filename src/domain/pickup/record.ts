import { z } from 'zod';
import { ID_MAX_LENGTH } from '../kernel/ids.js';

/**
 * What the pickup flow records on an order (order.pickup): who did each step and when, so staff read the history
 * on the order itself and a device whose fact lost a race learns who won it. Independent of order/schema.ts, which
 * embeds it.
 */
const Instant = z.iso.datetime().max(30);
const LineNo = z.int().min(1).max(999);

/** Who did a step, by name (what a conflict message shows), and the fact that did it. */
export const StaffStampSchema = z.object({
  staffId: z.string().min(1).max(40),
  staffName: z.string().min(1).max(120),
  at: Instant,
  factId: z.string().min(1).max(ID_MAX_LENGTH),
});
export type StaffStamp = z.infer<typeof StaffStampSchema>;

/** How the customer agreed to a substitute, as the associate recorded it. */
export const ConsentSchema = z.object({
  channel: z.enum(['phone', 'sms', 'whatsapp', 'email', 'in_person', 'preauthorized']),
  /** What the customer said, in the associate's words. */
  note: z.string().trim().max(200),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const ShortPickSchema = StaffStampSchema.extend({
  lineNo: LineNo,
  /** Units of the line the store will not supply. */
  quantity: z.int().min(1).max(9_999),
  resolution: z.enum(['partial', 'substitute']),
  /** The line added for the substitute (resolution 'substitute'). */
  substituteLineNo: LineNo.nullable(),
  consent: ConsentSchema.nullable(),
});
export type ShortPick = z.infer<typeof ShortPickSchema>;

export const CollectorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer') }),
  /** Someone the customer sent, named as on their ID. */
  z.object({ kind: z.literal('third_party'), name: z.string().trim().min(1).max(120) }),
]);
export type Collector = z.infer<typeof CollectorSchema>;

/** How staff knew the collector was entitled to the order. */
export const HandoffCheckSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('code') }),
  z.object({ method: z.literal('qr') }),
  /** No code at hand: a photo ID checked, approved by a manager (their PIN on the device) with a reason. */
  z.object({
    method: z.literal('photo_id'),
    managerId: z.string().min(1).max(40),
    managerName: z.string().min(1).max(120),
    reason: z.string().min(1).max(200),
  }),
]);

export const HandoffRecordSchema = StaffStampSchema.extend({
  collector: CollectorSchema,
  check: HandoffCheckSchema,
  /** Some picked units stayed behind (the customer refused them); they went back to stock. */
  partial: z.boolean(),
});
export type HandoffRecord = z.infer<typeof HandoffRecordSchema>;

export const ArrivalSchema = z.object({
  at: Instant,
  where: z.enum(['counter', 'curbside']),
  /** "blue car, spot 4" */
  note: z.string().trim().max(120),
});
export type Arrival = z.infer<typeof ArrivalSchema>;

export const PickupRecordSchema = z.object({
  /** The short code the customer gives at handoff (the QR carries it too); set when the order is ready. */
  code: z
    .string()
    .regex(/^\d{6}$/)
    .nullable(),
  started: StaffStampSchema.nullable(),
  /** The last pick of each line that has one: who took the line's last unit, when. */
  lastPicks: z.array(StaffStampSchema.extend({ lineNo: LineNo })).max(200),
  shorts: z.array(ShortPickSchema).max(200),
  ready: StaffStampSchema.nullable(),
  arrival: ArrivalSchema.nullable(),
  /**
   * Who said "I'm on it" for the waiting customer, and when: every pickup device of the store stops ringing for the
   * order. Optional (absent: nobody yet) so orders written before it need no migration.
   */
  takenBy: StaffStampSchema.optional(),
  handoff: HandoffRecordSchema.nullable(),
  cancelled: StaffStampSchema.extend({ reason: z.string().min(1).max(200) }).nullable(),
  /** The "collect before it expires" mail went out (once). */
  reminderSentAt: Instant.nullable(),
});
export type PickupRecord = z.infer<typeof PickupRecordSchema>;

export const emptyPickupRecord = (): PickupRecord => ({
  code: null,
  started: null,
  lastPicks: [],
  shorts: [],
  ready: null,
  arrival: null,
  handoff: null,
  cancelled: null,
  reminderSentAt: null,
});

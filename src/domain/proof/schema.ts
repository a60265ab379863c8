import { z } from 'zod';
import { StoreIdSchema, SkuSchema } from '../catalog/schema.js';

/**
 * What a proof of purchase says: a compact summary of a store sale or an online order, enough for a device with no
 * network to find the lines, amounts and tenders of a return. Minor units; instants to the second.
 */
export const ProofLineSchema = z.object({
  lineNo: z.int().min(1).max(999),
  sku: SkuSchema,
  quantity: z.int().min(1).max(9_999),
  total: z.int().min(0),
  /** An order line's units the customer collected; null for a sale (all taken home) or an order not collected yet. */
  received: z.int().min(0).max(9_999).nullable(),
});
export type ProofLine = z.infer<typeof ProofLineSchema>;

export const ProofTenderSchema = z.object({ method: z.string().min(1).max(20), amount: z.int().min(0) });

const Instant = z.iso.datetime().max(30);

export const ProofSummarySchema = z.object({
  v: z.literal(1),
  kind: z.enum(['sale', 'order']),
  id: z.string().min(1).max(64),
  /** The receipt number of a sale or the platform's order number. */
  number: z.string().min(1).max(40),
  /** The sale's store, the order's pickup store; null for a shipped order. */
  storeId: StoreIdSchema.nullable(),
  at: Instant,
  /** When an order was collected (returns count from it); null for a sale and an order not collected yet. */
  receivedAt: Instant.nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total: z.int().min(0),
  tax: z.int().min(0),
  lines: z.array(ProofLineSchema).min(1).max(200),
  tenders: z.array(ProofTenderSchema).max(20),
});
export type ProofSummary = z.infer<typeof ProofSummarySchema>;

export const KidSchema = z
  .string()
  .min(4)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'a key id is letters, digits, - and _');

/**
 * A public key that signs proofs, one document of the replicated `keys` collection: the server's (rotated, old ones
 * retired but still verifying) and each enrolled device's (revoked with the device). Never a private key.
 */
export const ProofKeySchema = z.object({
  kid: KidSchema,
  /** The raw uncompressed P-256 point (65 bytes), base64url. */
  publicKey: z
    .string()
    .length(87)
    .regex(/^[A-Za-z0-9_-]+$/),
  signer: z.enum(['server', 'device']),
  deviceId: z.string().min(1).max(64).nullable(),
  storeId: StoreIdSchema.nullable(),
  status: z.enum(['active', 'retired', 'revoked']),
  createdAt: Instant,
  retiredAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
});
export type ProofKey = z.infer<typeof ProofKeySchema>;
export type ProofKeyStatus = ProofKey['status'];

/** Who signed a proof that verified. */
export interface ProofSigner {
  kid: string;
  signer: ProofKey['signer'];
  deviceId: string | null;
  storeId: string | null;
  status: Exclude<ProofKeyStatus, 'revoked'>;
}

/**
 * How the server finds keys: a device's keys by its id (revoking the device revokes them), the server's by status
 * (the one that signs is its `active` one).
 */
export const proofKeyLookupValues = {
  device: (key: ProofKey): readonly string[] => (key.deviceId === null ? [] : [key.deviceId]),
  serverStatus: (key: ProofKey): readonly string[] => (key.signer === 'server' ? [key.status] : []),
};

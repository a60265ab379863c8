import { z } from 'zod';
import {
  CHAIN_WIDE,
  DomainError,
  ErrorCode,
  integrationMayServeStore,
  PromotionInputSchema,
  PromotionSchema,
  type FieldError,
  type Integration,
  type Promotion,
  type PromotionInput,
} from '../../src/domain/index.js';
import type { StoreTx } from '../store/store.js';

/** Promotions per PUT /api/promotions: a chain runs tens at once; a PUT holds every one of them comfortably. */
export const PROMOTIONS_PER_PUT = 200;
export const PROMOTIONS_BODY_MAX_BYTES = 1024 * 1024;

export const PromotionsPutSchema = z.object({
  promotions: z
    .array(PromotionInputSchema)
    .min(1)
    .max(PROMOTIONS_PER_PUT)
    .superRefine((promotions, ctx) => {
      // One id twice in a batch would make its final state depend on order.
      const first = new Map<string, number>();
      promotions.forEach((p, i) => {
        const earlier = first.get(p.id);
        if (earlier === undefined) first.set(p.id, i);
        else ctx.addIssue({ code: 'custom', message: `id ${p.id} is also promotions.${earlier}.id`, path: [i, 'id'] });
      });
    }),
});

export interface PromotionsSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Refuses (before anything is written) promotions naming stores that do not exist (400, the path of each) or that the
 * key may not serve (403); a chain-wide promotion needs a key that serves every store.
 */
export async function assertPromotionStores(tx: StoreTx, integration: Integration, inputs: readonly PromotionInput[]): Promise<void> {
  const known = new Set((await tx.listStores()).map((s) => s.id));
  const unknown: FieldError[] = [];
  const forbidden: FieldError[] = [];
  inputs.forEach((p, i) => {
    if (p.stores === null) {
      if (integration.stores !== null)
        forbidden.push({ path: `promotions.${i}.stores`, message: 'this integration may not run a promotion in every store' });
      return;
    }
    p.stores.forEach((storeId, j) => {
      const path = `promotions.${i}.stores.${j}`;
      if (!known.has(storeId)) unknown.push({ path, message: `no store ${storeId}` });
      else if (!integrationMayServeStore(integration, storeId)) forbidden.push({ path, message: `this integration may not serve store ${storeId}` });
    });
  });
  if (unknown.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'a promotion names a store that does not exist', unknown);
  if (forbidden.length > 0) throw new DomainError(ErrorCode.FORBIDDEN, forbidden[0]!.message, forbidden);
}

/**
 * Writes promotions (validated) into the replicated `promotions` collection in the caller's transaction. Each reaches
 * the devices of its `audience`: the stores it names, or every store for a chain-wide one, plus every store it reached
 * before (so a till that held it learns it no longer runs there). The same promotion again writes nothing.
 */
export async function upsertPromotions(tx: StoreTx, inputs: readonly PromotionInput[]): Promise<PromotionsSummary> {
  const allStores = (await tx.listStores()).map((s) => s.id);
  const existing = new Map<string, Promotion>();
  for (const doc of await tx.getDocuments(
    'promotions',
    inputs.map((p) => p.id),
  ))
    if (!doc.deleted) existing.set(doc.id, JSON.parse(doc.body) as Promotion);
  const written: Promotion[] = [];
  let created = 0;
  for (const input of inputs) {
    const before = existing.get(input.id);
    // Grows only, in the order stores joined it: its first store (the row's home) stays put.
    const audience = [...new Set([...(before?.audience ?? []), ...(input.stores ?? allStores)])];
    const promotion = PromotionSchema.parse({ ...input, audience });
    if (before && JSON.stringify(PromotionSchema.parse(before)) === JSON.stringify(promotion)) continue;
    if (!before) created++;
    written.push(promotion);
  }
  await writePromotions(tx, written);
  return { created, updated: written.length - created, unchanged: inputs.length - written.length };
}

/** A store opened after chain-wide promotions were written: they reach its devices too (saveStore calls this). */
export async function reachNewStore(tx: StoreTx, storeId: string): Promise<number> {
  const chainWide = (await tx.findByKey('promotions', 'reach', CHAIN_WIDE)).map((d) => JSON.parse(d.body) as Promotion);
  const widened = chainWide.filter((p) => !p.audience.includes(storeId)).map((p) => ({ ...p, audience: [...p.audience, storeId] }));
  await writePromotions(tx, widened);
  return widened.length;
}

/** The home store of a promotion's row is the first of its audience ('' when no store exists yet). */
const writePromotions = (tx: StoreTx, promotions: readonly Promotion[]) =>
  tx.putDocuments(promotions.map((p) => ({ collection: 'promotions', id: p.id, storeId: p.audience[0] ?? '', body: p })));

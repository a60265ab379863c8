import {
  acceptFact,
  decidePickupFact,
  rejectFact,
  type EffectEvent,
  type FactOfKindName,
  type Order,
  type PickupFact,
  type PickupFactKindName,
} from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';
import { readyMail } from './mail.js';
import { newPickupCode, newPickupToken } from './token.js';

export interface PickupPolicyEnv {
  /** Where customers reach this server (PUBLIC_URL): the base of the pickup page link in the ready mail. */
  publicUrl: string;
  /**
   * Signs an order's proof of purchase with the server's key (sync-server/proof/server-keys.ts), synchronously since
   * a decision is; null when no key is loaded. Absent: events carry no proof.
   */
  signOrderProof?: (order: Order) => string | null;
}

/** `order.collected` (and a partial collection) carries the signed proof of what the customer took home. */
function withProof(events: readonly EffectEvent[], order: Order, env: PickupPolicyEnv): EffectEvent[] {
  return events.map((e) => {
    if (!('type' in e) || (e.type !== 'order.collected' && e.type !== 'order.partially_collected')) return e;
    const proof = env.signOrderProof?.(order) ?? null;
    return proof === null ? e : { ...e, payload: { ...(e.payload as object), proof } };
  });
}

/**
 * The policy of every pickup fact kind: the batch reads the orders, the associates (and a manager approving a
 * photo-ID handoff), the scanned or substituted products and their levels; the domain's decidePickupFact decides.
 * An accepted fact writes the order, its movements and its events (webhooks; the ready mail with the QR) in the
 * fact's transaction; facts of one push see each other's orders (the second handoff of a batch is refused too).
 */
export function pickupPolicy(env: PickupPolicyEnv): FactPolicy<PickupFact> {
  return {
    load(facts) {
      const skus = facts.flatMap((f) =>
        f.kind === 'pickup.pick' ? [f.payload.sku] : f.kind === 'pickup.short' && f.payload.substitute ? [f.payload.substitute.sku] : [],
      );
      const managers = facts.flatMap((f) =>
        f.kind === 'pickup.handoff' && f.payload.verification.method === 'photo_id' ? [f.payload.verification.managerId] : [],
      );
      const substitutes = facts.flatMap((f) =>
        f.kind === 'pickup.short' && f.payload.substitute ? [{ storeId: f.storeId, sku: f.payload.substitute.sku }] : [],
      );
      return {
        documents: { orders: facts.map((f) => f.subjectId), staff: [...facts.map((f) => f.associateId), ...managers], products: skus },
        levels: substitutes,
      };
    },
    decide(fact, state, decidedAt) {
      const decided = decidePickupFact(fact, state.document('orders', fact.subjectId), {
        at: decidedAt,
        staff: (id) => state.document('staff', id),
        product: (sku) => state.document('products', sku),
        available: (sku) => state.level(fact.storeId, sku)?.available ?? 0,
        issue: () => ({ code: newPickupCode(), token: newPickupToken() }),
        readyMail: (order) => readyMail(order, env.publicUrl),
      });
      if (!decided.ok) return rejectFact(decided.error);
      const { order, movements, events } = decided.value;
      return acceptFact({ movements, documents: [{ collection: 'orders', body: order }], events: withProof(events, order, env) });
    },
  };
}

/**
 * The one pickup policy under each pickup kind's name (the server's kind map). The registry types a fact's `kind` as
 * a string; the map routes only facts of its key's kind to its policy, which is what makes each one a PickupFact.
 */
export function pickupPolicies(env: PickupPolicyEnv): { [K in PickupFactKindName]: FactPolicy<FactOfKindName<K>> } {
  const policy = pickupPolicy(env) as unknown as FactPolicy<FactOfKindName<PickupFactKindName>>;
  return {
    'pickup.start': policy,
    'pickup.pick': policy,
    'pickup.short': policy,
    'pickup.ready': policy,
    'pickup.take': policy,
    'pickup.handoff': policy,
    'pickup.cancel': policy,
  };
}

import type { Fact } from '../fact/schema.js';

/**
 * The order clienteling facts are folded in on a device: the server's (decision time, then id) for those it decided,
 * then this device's pending ones by device time (shown at once, the server's order replaces it on sync). Refused
 * facts are left out: they changed nothing.
 */
export function inFoldOrder<F extends Fact>(facts: readonly F[]): F[] {
  const decided = facts.filter((f) => f.outcome?.status === 'accepted');
  const pending = facts.filter((f) => !f.outcome);
  const byDecision = (a: F, b: F) => {
    const x = a.outcome!.decidedAt;
    const y = b.outcome!.decidedAt;
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const byDevice = (a: F, b: F) => (a.createdAtDevice < b.createdAtDevice ? -1 : a.createdAtDevice > b.createdAtDevice ? 1 : a.id < b.id ? -1 : 1);
  return [...decided.sort(byDecision), ...pending.sort(byDevice)];
}

/** Maps an id a fact names to the live customer it stands for now (merged-away ids reach their survivor). */
export type ResolveCustomerId = (id: string) => string;

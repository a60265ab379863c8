import { expireHolds, foldTransfers, holdDueDay, newId, systemClock, type Clock, type Fact } from '../../src/domain/index.js';
import { applyMovements } from '../ledger/apply-movements.js';
import type { Logger } from '../logger.js';
import type { SyncStore } from '../store/store.js';

/**
 * How far back a pass looks for due holds, in days: holds end at most HOLD_MAX_DAYS after they are asked for, so a
 * server that was stopped for up to this long still expires what fell due meanwhile.
 */
export const HOLD_EXPIRY_LOOKBACK_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface HoldExpiryDeps {
  store: SyncStore;
  logger: Logger;
  clock?: Clock;
  intervalMs?: number;
  /** Draws the ids of the `hold.expired` facts (UUIDv7). */
  id?: () => string;
}

export interface HoldExpiry {
  /** One pass now: answers how many holds it expired. */
  runOnce(): Promise<{ expired: number }>;
  stop(): Promise<void>;
}

/**
 * Ends the holds whose time has come, by themselves: each pass is one transaction reading the accepted holds due
 * from HOLD_EXPIRY_LOOKBACK_DAYS ago to today (the facts' `holdDue` key), then every fact of those transfers (the
 * `transfer` key), folds them with the same table devices use, and for each hold still held records a `hold.expired`
 * fact (both stores' devices receive it live) and the release of its reservation at the store that held it. Safe
 * with several instances: a write transaction holds the seq lock (PostgreSQL advisory lock, SQLite's single writer),
 * so the second pass finds the hold already expired; the release's id is the transfer's (`${id}:release`), which no
 * other step can record twice either.
 */
export function startHoldExpiry(deps: HoldExpiryDeps): HoldExpiry {
  const { store, logger, clock = systemClock, intervalMs = 60_000, id = newId } = deps;
  let running: Promise<unknown> = Promise.resolve();

  const pass = () =>
    store.transaction(async (tx) => {
      const now = clock();
      const days = Array.from({ length: HOLD_EXPIRY_LOOKBACK_DAYS + 1 }, (_, i) => holdDueDay(new Date(now.getTime() - i * DAY_MS).toISOString()));
      const accepted = await tx.findByKeys('facts', 'holdDue', days);
      if (accepted.length === 0) return { expired: 0 };
      const transferIds = [...new Set(accepted.map((d) => (JSON.parse(d.body) as Fact).subjectId))];
      const history = (await tx.findByKeys('facts', 'transfer', transferIds))
        .filter((d) => !d.deleted)
        .map((d) => JSON.parse(d.body) as Fact)
        .filter((f) => f.outcome?.status === 'accepted');
      const { facts, movements } = expireHolds(foldTransfers(history), now, id);
      if (facts.length === 0) return { expired: 0 };
      await tx.putDocuments(facts.map((f) => ({ collection: 'facts', id: f.id, storeId: f.storeId, body: f })));
      await applyMovements(tx, movements);
      return { expired: facts.length };
    });

  const runOnce = () => {
    const next = running.then(pass, pass);
    running = next.catch(() => undefined);
    return next;
  };
  const timer = setInterval(() => {
    runOnce().then(
      ({ expired }) => {
        if (expired > 0) logger.info('holds expired', { expired });
      },
      (error: unknown) => logger.error('hold expiry pass failed', { error: String(error) }),
    );
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

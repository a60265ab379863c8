import {
  DEFAULT_PICKUP_HOLD_DAYS,
  expireOrder,
  holdStatus,
  systemClock,
  type Clock,
  type EffectEvent,
  type Order,
  type StockMovement,
} from '../../src/domain/index.js';
import { applyMovements } from '../ledger/apply-movements.js';
import type { Logger } from '../logger.js';
import { orderWrite } from '../orders/documents.js';
import { enqueueEvents } from '../outbox/enqueue.js';
import type { SyncStore } from '../store/store.js';
import { reminderMail } from './mail.js';

export interface PickupExpiryDeps {
  store: SyncStore;
  publicUrl: string;
  logger: Logger;
  /** Business time: when holds end (a test's fixed or advanced clock). */
  clock?: Clock;
  /** How often the job looks (default a minute). */
  intervalMs?: number;
}

export interface PickupExpiry {
  /** One pass now: expires what is overdue, sends what reminders are due; answers how many of each. */
  runOnce(): Promise<{ expired: number; reminded: number }>;
  /** Stops the timer; resolves when a pass in progress is done. */
  stop(): Promise<void>;
}

/**
 * The uncollected-orders job. Each pass is one transaction over the orders waiting for collection (the
 * `awaitingCollection` lookup key, per store): an order past its store's hold (pickupHoldDays after ready) expires,
 * releasing its reserved stock and sending `order.expired`; one whose last day began gets the reminder mail once
 * (`pickup.reminderSentAt`). Safe with several instances: a write transaction holds the store's seq lock from its
 * start (PostgreSQL advisory lock, SQLite's single writer), so passes run one after another and the second finds
 * nothing left to do; the release movements have deterministic ids besides.
 */
export function startPickupExpiry(deps: PickupExpiryDeps): PickupExpiry {
  const { store, publicUrl, logger, clock = systemClock, intervalMs = 60_000 } = deps;
  let running: Promise<unknown> = Promise.resolve();

  const pass = () =>
    store.transaction(async (tx) => {
      const now = clock();
      const at = now.toISOString();
      const writes: Order[] = [];
      const movements: StockMovement[] = [];
      const events: EffectEvent[] = [];
      let expired = 0;
      let reminded = 0;
      for (const shop of await tx.listStores()) {
        const holdDays = shop.pickupHoldDays ?? DEFAULT_PICKUP_HOLD_DAYS;
        for (const doc of await tx.findByKey('orders', 'awaitingCollection', shop.id)) {
          const order = JSON.parse(doc.body) as Order;
          const hold = holdStatus(order, holdDays, now);
          if (hold.action === 'expire') {
            const step = expireOrder(order, at);
            if (!step.ok) continue;
            writes.push(step.value.order);
            movements.push(...step.value.movements);
            events.push(...step.value.events);
            expired++;
          } else if (hold.action === 'remind') {
            const noted = { ...order, updatedAt: at, pickup: { ...order.pickup!, reminderSentAt: at } };
            writes.push(noted);
            events.push(reminderMail(noted, publicUrl, hold.expiresAt!));
            reminded++;
          }
        }
      }
      if (writes.length > 0) await tx.putDocuments(writes.map(orderWrite));
      await applyMovements(tx, movements);
      if (events.length > 0) await enqueueEvents(tx, events, { at: now });
      return { expired, reminded };
    });

  const runOnce = () => {
    const next = running.then(pass, pass);
    running = next.catch(() => undefined);
    return next;
  };
  const timer = setInterval(() => {
    runOnce().then(
      ({ expired, reminded }) => {
        if (expired + reminded > 0) logger.info('pickup holds', { expired, reminded });
      },
      (error: unknown) => logger.error('pickup expiry pass failed', { error: String(error) }),
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

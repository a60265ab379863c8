import type { IdGenerator } from '../../src/domain/index.js';
import type { ArrivalAlert } from '../../src/domain/pickup/push-alert.js';
import { languageFor, translate } from '../../src/app/i18n/every-language.js';
import { enqueueEvents } from '../outbox/enqueue.js';
import type { StoreTx } from '../store/store.js';
import { storePushSubscriptions } from './subscriptions.js';

/** A lock-screen alert about an arrival is worth showing for this long; after it the push service may drop it. */
export const ARRIVAL_ALERT_TTL_MS = 30 * 60_000;

export interface ArrivalForAlert {
  orderId: string;
  number: string;
  storeId: string;
  /** The store's locale: the alert is worded in the store's language. */
  locale: string | undefined;
  customerFirstName: string;
  where: 'counter' | 'curbside';
  /** What the customer typed ("blue car, spot 4"); '' when nothing. */
  note: string;
  at: string;
}

/**
 * Queues an arrival alert to every pickup device of the store (every enrolled device with a push subscription) in
 * the caller's transaction, so the alerts exist if and only if the arrival committed, and are retried until the
 * push services take them. Answers how many devices will be alerted.
 */
export async function enqueueArrivalAlerts(tx: StoreTx, arrival: ArrivalForAlert, { newId }: { newId?: IdGenerator } = {}): Promise<number> {
  const devices = await storePushSubscriptions(tx.sql, arrival.storeId);
  if (devices.length === 0) return 0;
  const data = arrivalAlert(arrival);
  const expiresAt = new Date(Date.parse(arrival.at) + ARRIVAL_ALERT_TTL_MS).toISOString();
  await enqueueEvents(
    tx,
    devices.map((d) => ({
      kind: 'push' as const,
      deviceId: d.deviceId,
      type: data.type,
      message: { data, expiresAt, topic: arrival.orderId.replace(/-/g, '').slice(0, 32) },
    })),
    { at: new Date(arrival.at), ...(newId ? { newId } : {}) },
  );
  return devices.length;
}

export function arrivalAlert(arrival: ArrivalForAlert): ArrivalAlert {
  const lang = languageFor(arrival.locale);
  const who = translate(lang, arrival.where === 'curbside' ? 'pickupAlert.curbside' : 'pickupAlert.counter', { name: arrival.customerFirstName });
  return {
    type: 'order.customer_arrived',
    orderId: arrival.orderId,
    number: arrival.number,
    title: translate(lang, 'pickupAlert.title', { number: arrival.number }),
    body: arrival.note ? `${who} · ${arrival.note}` : who,
    tag: `arrival-${arrival.orderId}`,
    // The pickup feature's address of the order (src/app/router.ts hash routes).
    url: `/#/pickup?orderId=${encodeURIComponent(arrival.orderId)}`,
    arrivedAt: arrival.at,
  };
}

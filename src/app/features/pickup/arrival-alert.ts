import { useEffect, useRef } from 'preact/hooks';
import { combineLatest, map, type Observable } from 'rxjs';
import { decidePickupFact, type Fact, type PickupStep, type Result } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { localDocument$ } from '../../db/local-document.js';
import type { StoreOrder } from '../orders/store-orders.js';
import { asOrder, contextOf, draftFact, loadView, type Recorder } from './pickup-data.js';

/**
 * The in-app arrival alert: while a customer waits and nobody has taken the order, the device beeps (WebAudio, no
 * sound file to cache) and vibrates where the browser allows, again every REPEAT_MS. "I'm on it" is a `pickup.take`
 * fact: once the server applied it, the replicated order names who took it (`pickup.takenBy`) and every device of
 * the store stops ringing. The tapping device also keeps a local record (a local document, by order) that silences
 * it at once, offline or before the server answers.
 */
export const REPEAT_MS = 20_000;
const TAKEN = 'pickup-taken';

type Taken = Record<string, { staffName: string; at: string }>;

export const takenOrders$ = (db: VitrineDatabase): Observable<Taken> =>
  localDocument$<{ orders: Taken }>(db, TAKEN).pipe(map((doc) => (doc?.get('orders') as Taken | undefined) ?? {}));

/** Customers waiting whom nobody took (on the replicated order, or on this device), longest wait first: what rings. */
export const alertingOrders$ = (db: VitrineDatabase): Observable<StoreOrder[]> =>
  combineLatest([db.orders.find({ selector: { state: 'customer_waiting' } }).$, takenOrders$(db)]).pipe(
    map(([docs, taken]) =>
      docs
        .map((d) => d.toMutableJSON() as StoreOrder)
        .filter((o) => !o.pickup?.takenBy && !taken[o.id])
        .sort((a, b) => (a.customerArrivedAt ?? '').localeCompare(b.customerArrivedAt ?? '')),
    ),
  );

/**
 * "I'm on it": silences this device at once (the local record), then records the take for every device when the
 * order, as this device has it, allows it. A refusal (someone else took the customer a moment ago) records nothing:
 * the order already says who took it.
 */
export async function takeOrder(by: Recorder, order: StoreOrder, staffName: string): Promise<Result<PickupStep>> {
  const doc = await by.db.getLocal<{ orders: Taken }>(TAKEN);
  const current = (doc?.get('orders') as Taken | undefined) ?? {};
  // Keep the list short: only waiting orders matter, and an order waits minutes, not days.
  const recent = Object.fromEntries(Object.entries(current).filter(([, t]) => Date.now() - Date.parse(t.at) < 86_400_000));
  await by.db.upsertLocal(TAKEN, { orders: { ...recent, [order.id]: { staffName, at: new Date().toISOString() } } });
  const fact = draftFact(by, 'pickup.take', order.id, {});
  const decided = decidePickupFact(fact, asOrder(order), contextOf(await loadView(by.db, by.storeId, [])));
  if (decided.ok) await by.db.facts.insert(fact as Fact);
  return decided;
}

let audio: AudioContext | null = null;

/**
 * Browsers start sound only after a tap on the page: the first tap anywhere unlocks the audio context, so the
 * signed-in pickup screen can beep on its own afterwards.
 */
function unlockAudio() {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
}

/** Three short rising beeps, about a second. */
export function beep(): void {
  unlockAudio();
  if (audio?.state !== 'running') return;
  const start = audio.currentTime;
  [880, 988, 1175].forEach((frequency, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.frequency.value = frequency;
    osc.type = 'square';
    const t = start + i * 0.28;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.22);
    osc.connect(gain).connect(audio!.destination);
    osc.start(t);
    osc.stop(t + 0.24);
  });
}

/** Rings while `alerting` lists orders (ids), at once when a new one appears, then every REPEAT_MS. */
export function useArrivalAlarm(alerting: readonly string[], onRing: () => void): void {
  const ring = useRef(onRing);
  ring.current = onRing;
  useEffect(() => {
    const unlock = () => unlockAudio();
    window.addEventListener('pointerdown', unlock, { once: true });
    return () => window.removeEventListener('pointerdown', unlock);
  }, []);
  const key = alerting.join(',');
  useEffect(() => {
    if (alerting.length === 0) return;
    const alarm = () => {
      beep();
      // Vibration is allowed on phones after a tap on the page; elsewhere the call does nothing.
      if (typeof navigator.vibrate === 'function') navigator.vibrate([300, 150, 300]);
      ring.current();
    };
    alarm();
    const timer = setInterval(alarm, REPEAT_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}

import { useEffect, useRef } from 'preact/hooks';
import { map, type Observable } from 'rxjs';
import type { VitrineDatabase } from '../../db/database.js';
import { localDocument$ } from '../../db/local-document.js';

/**
 * The in-app arrival alert: while a customer waits and nobody on this device has taken the order, the device beeps
 * (WebAudio, no sound file to cache) and vibrates where the browser allows, again every REPEAT_MS. "I'm on it" is
 * recorded on this device (a local document, by order): it silences this device, and the handoff silences every
 * device, because the order stops waiting. A shared "taken by" would be a new fact kind and server decision.
 */
export const REPEAT_MS = 20_000;
const TAKEN = 'pickup-taken';

type Taken = Record<string, { staffName: string; at: string }>;

export const takenOrders$ = (db: VitrineDatabase): Observable<Taken> =>
  localDocument$<{ orders: Taken }>(db, TAKEN).pipe(map((doc) => (doc?.get('orders') as Taken | undefined) ?? {}));

export async function takeOrder(db: VitrineDatabase, orderId: string, staffName: string): Promise<void> {
  const doc = await db.getLocal<{ orders: Taken }>(TAKEN);
  const current = (doc?.get('orders') as Taken | undefined) ?? {};
  // Keep the list short: only waiting orders matter, and an order waits minutes, not days.
  const recent = Object.fromEntries(Object.entries(current).filter(([, t]) => Date.now() - Date.parse(t.at) < 86_400_000));
  await db.upsertLocal(TAKEN, { orders: { ...recent, [orderId]: { staffName, at: new Date().toISOString() } } });
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

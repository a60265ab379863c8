import { useEffect, useState } from 'preact/hooks';
import type { Observable } from 'rxjs';

/** Subscribes to an observable for the component's lifetime; `deps` decide when to resubscribe. */
export function useObservable<T>(factory: () => Observable<T> | null | undefined, initial: T, deps: unknown[]): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const obs = factory();
    if (!obs) {
      setValue(initial);
      return;
    }
    const sub = obs.subscribe({ next: setValue, error: (e) => console.error(e) });
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}

/** The time now, refreshed every `everyMs` (a promised time turns "late" on screen without a touch). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

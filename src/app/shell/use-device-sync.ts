import { useEffect, useMemo, useState } from 'preact/hooks';
import { shareReplay } from 'rxjs';
import type { VitrineDatabase } from '../db/database.js';
import type { VitrineReplication } from '../db/replication.js';
import { replicationSnapshot$, syncStatus$, type SyncStatus } from '../db/sync-status.js';
import type { DeviceEnrollment } from '../device/enrollment.js';
import { exposeTestHook } from '../test-hook.js';
import { useObservable } from '../ui/hooks.js';
import { useAppUpdate } from '../update/UpdateBanner.js';

const initialStatus: SyncStatus = {
  state: typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'online',
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
  initialProgress: null,
  initialSyncDone: false,
  isLeader: false,
  outdated: false,
  unauthorized: false,
  lastError: null,
};

/**
 * Replication of an enrolled device (this tab replicates once it leads the device's tabs) and the sync state the
 * sync bar shows. Runs whether or not anyone is signed in, so the staff list keeps syncing behind the sign-in screen.
 */
export function useDeviceSync(
  db: VitrineDatabase,
  baseUrl: string,
  enrollment: DeviceEnrollment,
): { replication: VitrineReplication | null; status: SyncStatus } {
  const [replication, setReplication] = useState<VitrineReplication | null>(null);
  const { token, deviceId } = enrollment;
  const appUpdate = useAppUpdate();
  useEffect(() => {
    // The sync machinery loads after the first screen: the till opens and sells without it (offline, it has nothing
    // to do until the network returns), and its code is not part of the start. It comes from the precache; should
    // that fail, it is asked for again, sooner or later, for as long as the app is open: sales wait on this device.
    let running: VitrineReplication | null = null;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = (attempt: number) => {
      import('../db/replication.js').then(
        ({ startReplication }) => {
          if (stopped) return;
          running = startReplication({ db, baseUrl, token, waitForLeadership: true, fastInitialLoad: true });
          setReplication(running);
          exposeTestHook({ replication: () => running });
        },
        (error: unknown) => {
          console.warn('the sync code did not load; trying again', error);
          if (!stopped) retry = setTimeout(() => load(attempt + 1), Math.min(30_000, 1_000 * 2 ** attempt));
        },
      );
    };
    load(0);
    // A new version of the app takes over only once this tab's sync stream is closed (the page reloads right after).
    const withdraw = appUpdate?.beforeApply(() => running?.cancel() ?? Promise.resolve());
    return () => {
      stopped = true;
      clearTimeout(retry);
      withdraw?.();
      void running?.cancel();
      setReplication(null);
    };
  }, [db, baseUrl, token, appUpdate]);

  const status$ = useMemo(
    () => syncStatus$({ db, replication$: replicationSnapshot$(replication), deviceId }).pipe(shareReplay({ bufferSize: 1, refCount: true })),
    [db, replication, deviceId],
  );
  const status = useObservable<SyncStatus>(() => status$, initialStatus, [status$]);
  useEffect(() => {
    exposeTestHook({ status$, getStatus: () => status });
  }, [status$, status]);
  return { replication, status };
}

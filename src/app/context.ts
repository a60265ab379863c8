import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Store } from '../domain/index.js';
import type { VitrineDatabase } from './db/database.js';
import type { Quarantine } from './db/quarantine.js';
import type { SyncStatus } from './db/sync-status.js';
import type { VitrineReplication } from './db/replication.js';
import type { DeviceEnrollment } from './device/enrollment.js';
import type { Session } from './device/session.js';
import type { Navigate } from './router.js';

/** What every feature's screens may read once a staff member is signed in on an enrolled device. */
export interface AppState {
  db: VitrineDatabase;
  baseUrl: string;
  enrollment: DeviceEnrollment;
  /** The store's settings (currency, locale, time zone, tax, idle sign-out) as this device knows them now. */
  store: Store;
  /** The staff member signed in on this device (sales carry their id). */
  session: Session;
  replication: VitrineReplication | null;
  status: SyncStatus;
  quarantine: Quarantine;
  navigate: Navigate;
}

export const AppContext = createContext<AppState | null>(null);
export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppContext');
  return app;
}

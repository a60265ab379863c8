import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { VitrineDatabase } from './db/database.js';
import type { Quarantine } from './db/quarantine.js';
import type { SyncStatus } from './db/sync-status.js';
import type { VitrineReplication } from './db/replication.js';
import type { DeviceEnrollment } from './device/enrollment.js';
import type { Session } from './device/session.js';
import type { CartLine } from './features/sell/cart.js';

export type Route = { name: 'sell' } | { name: 'sales' } | { name: 'device' } | { name: 'receipt'; saleId: string };

export interface AppState {
  db: VitrineDatabase;
  baseUrl: string;
  enrollment: DeviceEnrollment;
  /** The staff member signed in on this device (sales carry their id). */
  session: Session;
  replication: VitrineReplication | null;
  status: SyncStatus;
  quarantine: Quarantine;
  route: Route;
  navigate: (route: Route) => void;
  cart: CartLine[];
  setCart: (update: (lines: CartLine[]) => CartLine[]) => void;
}

export const AppContext = createContext<AppState | null>(null);
export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppContext');
  return app;
}

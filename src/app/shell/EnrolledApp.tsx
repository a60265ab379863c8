import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { idleSignOutMs, type Role, type Store } from '../../domain/index.js';
import type { AppState } from '../context.js';
import type { VitrineDatabase } from '../db/database.js';
import { quarantine$, type Quarantine } from '../db/quarantine.js';
import type { DeviceEnrollment } from '../device/enrollment.js';
import { safeLocalStorage, watchIdle } from '../device/idle.js';
import { signOut, type Session } from '../device/session.js';
import type { Feature, SignOutEvent, SignOutReason } from '../features/feature.js';
import { SignInScreen } from '../features/sign-in/SignInScreen.js';
import { useI18n } from '../i18n/index.js';
import { useHashRouter, type Route, type RouteTable } from '../router.js';
import { SyncBar } from '../ui/SyncBar.js';
import { UpdateBanner } from '../update/UpdateBanner.js';
import { useObservable } from '../ui/hooks.js';
import { AppShell } from './AppShell.js';
import { LanguageSwitcher } from '../ui/LanguageSwitcher.js';
import { Topbar } from './Topbar.js';
import { useDeviceSync } from './use-device-sync.js';

export interface EnrolledAppProps {
  db: VitrineDatabase;
  baseUrl: string;
  enrollment: DeviceEnrollment;
  store: Store;
  /** null: nobody signed in. */
  session: Session | null;
  features: readonly Feature[];
  /** The first screen of a role (null: nobody signed in). */
  home: (role: Role | null) => Route;
  /** Shown once after enrollment (storage persistence), until dismissed. */
  enrolledNotice: ComponentChildren;
  onUpdateApp: () => void;
}

/**
 * An enrolled device: replication and sync state, the router, idle sign-out, and the features' long-lived state
 * around either the sign-in screen or the signed-in app.
 */
export function EnrolledApp(props: EnrolledAppProps) {
  const { db, baseUrl, enrollment, store, session, features } = props;
  const home = useMemo(() => props.home(session?.role ?? null), [props.home, session?.role]);
  const { t } = useI18n();
  const { replication, status } = useDeviceSync(db, baseUrl, enrollment);
  const quarantine = useObservable<Quarantine>(() => quarantine$(db), {}, [db]);
  const routeTable = useMemo<RouteTable>(() => Object.assign({}, ...features.map((f) => f.routes)), [features]);
  const { route, navigate } = useHashRouter(routeTable, home);
  const [lastSignOut, setLastSignOut] = useState<SignOutEvent | null>(null);

  const signOutFor = (reason: SignOutReason) => {
    setLastSignOut({ reason, at: Date.now() });
    navigate(home, { replace: true });
    void signOut(db);
  };

  // Someone signing in starts on their role's first screen (a reload keeps the screen it shows).
  const staffId = session?.staffId;
  const signedIn = useRef(staffId);
  useEffect(() => {
    if (staffId && staffId !== signedIn.current) navigate(home, { replace: true });
    signedIn.current = staffId;
  }, [staffId, home, navigate]);

  // A staff member deactivated (replicated from the server) while signed in is signed out.
  useEffect(() => {
    if (!staffId) return;
    const sub = db.staff.findOne(staffId).$.subscribe((doc) => {
      if (doc && !doc.active) void signOut(db);
    });
    return () => sub.unsubscribe();
  }, [db, staffId]);

  // An unattended till signs out after the store's idle time; the sign-in screen says why.
  const idleMs = idleSignOutMs(store);
  const [idleMinutes, setIdleMinutes] = useState<number | null>(null);
  useEffect(() => {
    if (!staffId || idleMs === null) return;
    setIdleMinutes(null);
    return watchIdle({
      timeoutMs: idleMs,
      target: window,
      storage: safeLocalStorage(),
      onIdle: () => {
        setIdleMinutes(Math.max(1, Math.round(idleMs / 60_000)));
        signOutFor('idle');
      },
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, staffId, idleMs]);

  const app = useMemo<AppState | null>(
    () => (session ? { db, baseUrl, enrollment, store, session, replication, status, quarantine, navigate } : null),
    [db, baseUrl, enrollment, store, session, replication, status, quarantine, navigate],
  );

  const screen = app ? (
    <AppShell
      app={app}
      route={route}
      features={features}
      enrolledNotice={props.enrolledNotice}
      onSignOut={() => signOutFor('person')}
      onUpdateApp={props.onUpdateApp}
    />
  ) : (
    <>
      <Topbar storeName={store.name}>
        <LanguageSwitcher />
      </Topbar>
      <SyncBar status={status} onUpdate={props.onUpdateApp} />
      <UpdateBanner />
      <SignInScreen db={db} storeId={enrollment.storeId} notice={idleMinutes === null ? null : t('signIn.idleSignedOut', { minutes: idleMinutes })} />
    </>
  );
  const withFeatureState = features.reduceRight<ComponentChildren>(
    (children, { Provider }) =>
      Provider ? (
        <Provider lastSignOut={lastSignOut} db={db} session={session}>
          {children}
        </Provider>
      ) : (
        children
      ),
    screen,
  );
  return <>{withFeatureState}</>;
}

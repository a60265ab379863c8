import { useEffect, useMemo, useState } from 'preact/hooks';
import { shareReplay } from 'rxjs';
import type { VitrineDatabase } from './db/database.js';
import { quarantine$, type Quarantine } from './db/quarantine.js';
import { startReplication, type VitrineReplication } from './db/replication.js';
import { replicationSnapshot$, syncStatus$, type SyncStatus } from './db/sync-status.js';
import { enrollment$, type DeviceEnrollment } from './device/enrollment.js';
import { safeLocalStorage, watchIdle } from './device/idle.js';
import { idleSignOutMs } from '../domain/index.js';
import { session$, signOut, type Session } from './device/session.js';
import { AppContext, type AppState, type Route } from './context.js';
import { EnrollScreen } from './features/enroll/EnrollScreen.js';
import { SellScreen } from './features/sell/SellScreen.js';
import { SalesScreen } from './features/sales/SalesScreen.js';
import { ReceiptScreen } from './features/receipt/ReceiptScreen.js';
import { DeviceScreen } from './features/device/DeviceScreen.js';
import { SignInScreen } from './features/sign-in/SignInScreen.js';
import type { CartLine } from './features/sell/cart.js';
import { I18nContext, languageFor, languages, makeI18n, type Language } from './i18n/index.js';
import { SyncBar } from './ui/SyncBar.js';
import { useObservable } from './ui/hooks.js';
import { exposeTestHook } from './test-hook.js';

const LANG_KEY = 'vitrine.lang';
const storedLang = (): Language | null => {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return (languages as readonly string[]).includes(v ?? '') ? (v as Language) : null;
  } catch {
    return null;
  }
};

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

export interface AppProps {
  db: VitrineDatabase;
  baseUrl: string;
  onUpdateApp: () => void;
}

export function App({ db, baseUrl, onUpdateApp }: AppProps) {
  const enrollment = useObservable<DeviceEnrollment | null | undefined>(() => enrollment$(db), undefined, [db]);
  const session = useObservable<Session | null | undefined>(() => session$(db), undefined, [db]);
  // A staff member deactivated (replicated from the server) while signed in is signed out.
  const staffId = session?.staffId;
  useEffect(() => {
    if (!staffId) return;
    const sub = db.staff.findOne(staffId).$.subscribe((doc) => {
      if (doc && !doc.active) void signOut(db);
    });
    return () => sub.unsubscribe();
  }, [db, staffId]);
  const [chosenLang, setChosenLang] = useState<Language | null>(storedLang());
  const lang = chosenLang ?? languageFor(enrollment?.store.locale ?? (typeof navigator !== 'undefined' ? navigator.language : 'en'));
  const i18n = useMemo(() => makeI18n(lang, enrollment?.store), [lang, enrollment?.store]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const [replication, setReplication] = useState<VitrineReplication | null>(null);
  const token = enrollment?.token;
  useEffect(() => {
    if (!token) return;
    const r = startReplication({ db, baseUrl, token, waitForLeadership: true });
    setReplication(r);
    exposeTestHook({ replication: () => r });
    return () => {
      void r.cancel();
      setReplication(null);
    };
  }, [db, baseUrl, token]);

  const status$ = useMemo(
    () =>
      syncStatus$({ db, replication$: replicationSnapshot$(replication), deviceId: enrollment?.deviceId }).pipe(
        shareReplay({ bufferSize: 1, refCount: true }),
      ),
    [db, replication, enrollment?.deviceId],
  );
  const status = useObservable<SyncStatus>(() => status$, initialStatus, [status$]);
  useEffect(() => {
    exposeTestHook({ status$, getStatus: () => status });
  }, [status$, status]);
  const quarantine = useObservable<Quarantine>(() => quarantine$(db), {}, [db]);

  const [route, setRoute] = useState<Route>({ name: 'sell' });
  const [cart, setCartState] = useState<CartLine[]>([]);
  const [justEnrolled, setJustEnrolled] = useState<DeviceEnrollment | null>(null);
  // Idle sign-out keeps the cart (nothing the staff did is lost) and says why on the sign-in screen.
  const [idleMinutes, setIdleMinutes] = useState<number | null>(null);
  const idleMs = enrollment ? idleSignOutMs(enrollment.store) : null;
  useEffect(() => {
    if (!staffId || idleMs === null) return;
    setIdleMinutes(null);
    return watchIdle({
      timeoutMs: idleMs,
      target: window,
      storage: safeLocalStorage(),
      onIdle: () => {
        setIdleMinutes(Math.max(1, Math.round(idleMs / 60_000)));
        setRoute({ name: 'sell' });
        void signOut(db);
      },
    });
  }, [db, staffId, idleMs]);

  const setLang = (l: Language) => {
    setChosenLang(l);
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      /* private mode */
    }
  };

  if (enrollment === undefined || (enrollment && session === undefined)) {
    return (
      <I18nContext.Provider value={i18n}>
        <p class="loading">{i18n.t('app.loading')}</p>
      </I18nContext.Provider>
    );
  }

  const langSwitcher = (
    <label class="lang">
      <span>{i18n.t('lang.label')}</span>
      <select value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Language)} data-testid="language-select">
        {languages.map((l) => (
          <option key={l} value={l}>
            {i18n.t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );

  if (enrollment === null) {
    return (
      <I18nContext.Provider value={i18n}>
        <header class="topbar">
          <span class="brand">{i18n.t('app.title')}</span>
          {langSwitcher}
        </header>
        <EnrollScreen db={db} baseUrl={baseUrl} onEnrolled={setJustEnrolled} />
      </I18nContext.Provider>
    );
  }

  if (!session) {
    // Replication runs behind the sign-in screen: the staff list (and everything else) keeps syncing.
    return (
      <I18nContext.Provider value={i18n}>
        <header class="topbar">
          <span class="brand">
            {i18n.t('app.title')} <span class="muted">· {enrollment.store.name}</span>
          </span>
          {langSwitcher}
        </header>
        <SyncBar status={status} onUpdate={onUpdateApp} onShowSales={() => undefined} />
        <SignInScreen db={db} storeId={enrollment.storeId} notice={idleMinutes === null ? null : i18n.t('signIn.idleSignedOut', { minutes: idleMinutes })} />
      </I18nContext.Provider>
    );
  }

  const app: AppState = {
    db,
    baseUrl,
    enrollment,
    session,
    replication,
    status,
    quarantine,
    route,
    navigate: setRoute,
    cart,
    setCart: (update) => setCartState((lines) => update(lines)),
  };
  const tab = (name: 'sell' | 'sales' | 'device') => (
    <button
      type="button"
      class={`tab ${route.name === name || (name === 'sales' && route.name === 'receipt') ? 'tab-active' : ''}`}
      aria-current={route.name === name ? 'page' : undefined}
      onClick={() => setRoute({ name } as Route)}
      data-testid={`nav-${name}`}
    >
      {i18n.t(`nav.${name}`)}
    </button>
  );

  return (
    <I18nContext.Provider value={i18n}>
      <AppContext.Provider value={app}>
        <header class="topbar">
          <span class="brand">
            {i18n.t('app.title')} <span class="muted">· {enrollment.store.name}</span>
          </span>
          <nav aria-label={i18n.t('nav.label')} class="tabs">
            {tab('sell')}
            {tab('sales')}
            {tab('device')}
          </nav>
          <span class="session" data-testid="session" data-staff-id={session.staffId} data-role={session.role}>
            <span>
              {i18n.t('signIn.signedInAs', { name: session.name })} <span class="muted">· {i18n.t(`role.${session.role}`)}</span>
            </span>
            <button
              type="button"
              class="btn btn-ghost"
              onClick={() => {
                setCartState([]);
                setRoute({ name: 'sell' });
                void signOut(db);
              }}
              data-testid="sign-out"
            >
              {i18n.t('signIn.signOut')}
            </button>
          </span>
          {langSwitcher}
        </header>
        <SyncBar status={status} onUpdate={onUpdateApp} onShowSales={() => setRoute({ name: 'sales' })} />
        {justEnrolled && (
          <div class={`banner ${justEnrolled.storage === 'persisted' ? 'banner-info' : 'banner-warn'}`} role="status" data-testid="storage-notice">
            <span>
              {i18n.t('enroll.done', { store: justEnrolled.store.name })} {i18n.t(`storage.${justEnrolled.storage}`)}
            </span>
            <button type="button" class="btn btn-ghost" onClick={() => setJustEnrolled(null)} aria-label="OK">
              OK
            </button>
          </div>
        )}
        <main class="main">
          {route.name === 'sell' && <SellScreen />}
          {route.name === 'sales' && <SalesScreen />}
          {route.name === 'receipt' && <ReceiptScreen saleId={route.saleId} />}
          {route.name === 'device' && <DeviceScreen onReset={() => location.reload()} />}
        </main>
      </AppContext.Provider>
    </I18nContext.Provider>
  );
}

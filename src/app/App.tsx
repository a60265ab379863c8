import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { distinctUntilChanged } from 'rxjs';
import { can, type Role, type Store } from '../domain/index.js';
import type { VitrineDatabase } from './db/database.js';
import { storeSettings$ } from './db/store-settings.js';
import { enrollment$, type DeviceEnrollment } from './device/enrollment.js';
import { session$, type Session } from './device/session.js';
import { deviceFeature } from './features/device/index.js';
import type { Feature } from './features/feature.js';
import { ordersFeature } from './features/orders/index.js';
import { transfersFeature } from './features/transfers/index.js';
import { customersFeature } from './features/customers/index.js';
import { pickupFeature } from './features/pickup/index.js';
import { receiptFeature } from './features/receipt/index.js';
import { returnsFeature } from './features/returns/index.js';
import { salesFeature } from './features/sales/index.js';
import { sellFeature } from './features/sell/index.js';
import { shiftFeature } from './features/shift/index.js';
import { ChooseLanguageContext, I18nContext, makeI18n, useI18n } from './i18n/index.js';
import type { Route } from './router.js';
import { EnrolledApp } from './shell/EnrolledApp.js';
import { Topbar } from './shell/Topbar.js';
import { LanguageSwitcher } from './ui/LanguageSwitcher.js';
import { useLanguage } from './shell/use-language.js';
import { useObservable } from './ui/hooks.js';
import type { AppUpdate } from './update/app-update.js';
import { AppUpdateContext } from './update/UpdateBanner.js';
import { lazyScreen } from './ui/lazy-screen.js';

/** Enrollment happens once per device: its screen is not part of the till's first paint. */
const EnrollScreen = lazyScreen(() => import('./features/enroll/EnrollScreen.js').then((m) => m.EnrollScreen));

/** The app's features, in the order of their tabs. */
const features: readonly Feature[] = [
  sellFeature,
  pickupFeature,
  ordersFeature,
  transfersFeature,
  customersFeature,
  salesFeature,
  returnsFeature,
  shiftFeature,
  receiptFeature,
  deviceFeature,
];
/** Where a staff member starts: the till for those who sell, the pickup queue for pickup staff. */
const home = (role: Role | null): Route => (role && !can(role, 'sale.create') ? { name: 'pickup-queue' } : { name: 'sell' });
const sameJson = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

export interface AppProps {
  db: VitrineDatabase;
  baseUrl: string;
  onUpdateApp: () => void;
  /** New versions of the app, applied when no sale is in progress (null: no service worker, e.g. in tests). */
  appUpdate?: AppUpdate | null;
}

/** Enrollment first, then the enrolled device (sign-in or the features), in the chosen language. */
export function App({ db, baseUrl, onUpdateApp, appUpdate = null }: AppProps) {
  const enrollment = useObservable<DeviceEnrollment | null | undefined>(() => enrollment$(db), undefined, [db]);
  const session = useObservable<Session | null | undefined>(() => session$(db), undefined, [db]);
  // The store's settings live: changes from the chain's systems replicate in (currency, locale, idle sign-out).
  const liveStore = useObservable<Store | null>(
    () => (enrollment ? storeSettings$(db, enrollment).pipe(distinctUntilChanged(sameJson)) : null),
    null,
    [db, enrollment],
  );
  const store = liveStore ?? enrollment?.store;
  const [language, setLanguage] = useLanguage(store?.locale);
  const i18n = useMemo(() => makeI18n(language, store), [language, store]);
  const [justEnrolled, setJustEnrolled] = useState<DeviceEnrollment | null>(null);

  let screen: JSX.Element;
  if (enrollment === undefined || (enrollment && session === undefined)) screen = <p class="loading">{i18n.t('app.loading')}</p>;
  else if (enrollment === null) {
    screen = (
      <>
        <Topbar>
          <LanguageSwitcher />
        </Topbar>
        <EnrollScreen db={db} baseUrl={baseUrl} onEnrolled={setJustEnrolled} />
      </>
    );
  } else {
    screen = (
      <EnrolledApp
        db={db}
        baseUrl={baseUrl}
        enrollment={enrollment}
        store={store ?? enrollment.store}
        session={session ?? null}
        features={features}
        home={home}
        enrolledNotice={justEnrolled && <EnrolledNotice enrollment={justEnrolled} onDismiss={() => setJustEnrolled(null)} />}
        onUpdateApp={onUpdateApp}
      />
    );
  }
  return (
    <I18nContext.Provider value={i18n}>
      <ChooseLanguageContext.Provider value={setLanguage}>
        <AppUpdateContext.Provider value={appUpdate}>{screen}</AppUpdateContext.Provider>
      </ChooseLanguageContext.Provider>
    </I18nContext.Provider>
  );
}

function EnrolledNotice({ enrollment, onDismiss }: { enrollment: DeviceEnrollment; onDismiss: () => void }) {
  const { t } = useI18n();
  return (
    <div class={`banner ${enrollment.storage === 'persisted' ? 'banner-info' : 'banner-warn'}`} role="status" data-testid="storage-notice">
      <span>
        {t('enroll.done', { store: enrollment.store.name })} {t(`storage.${enrollment.storage}`)}
      </span>
      <button type="button" class="btn btn-ghost" onClick={onDismiss} aria-label="OK">
        OK
      </button>
    </div>
  );
}

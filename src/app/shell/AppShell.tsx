import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { can } from '../../domain/index.js';
import { AppContext, type AppState } from '../context.js';
import type { Feature, NavChip, NavEntry } from '../features/feature.js';
import { useI18n } from '../i18n/index.js';
import type { Route } from '../router.js';
import { SyncBar } from '../ui/SyncBar.js';
import { UpdateBanner } from '../update/UpdateBanner.js';
import { useObservable } from '../ui/hooks.js';
import { Topbar } from './Topbar.js';

export interface AppShellProps {
  app: AppState;
  route: Route;
  features: readonly Feature[];
  enrolledNotice: ComponentChildren;
  onSignOut: () => void;
  onUpdateApp: () => void;
}

/**
 * The signed-in app: the features' tabs, who is signed in, the sync bar, and the screen of the current route. The
 * language is chosen on the Device screen, so the top bar stays one line on a tablet.
 */
export function AppShell({ app, route, features, enrolledNotice, onSignOut, onUpdateApp }: AppShellProps) {
  const { t } = useI18n();
  const { session } = app;
  const current = features.find((f) => Object.hasOwn(f.routes, route.name));
  const tabs = features.flatMap((f) => (f.nav && (!f.nav.permission || can(session.role, f.nav.permission)) ? [{ id: f.id, nav: f.nav }] : []));
  return (
    <AppContext.Provider value={app}>
      <Topbar storeName={app.store.name} class="topbar-app">
        <nav aria-label={t('nav.label')} class="tabs">
          {tabs.map(({ id, nav }) => (
            <NavTab key={id} nav={nav} route={route} app={app} />
          ))}
        </nav>
        <span class="session" data-testid="session" data-staff-id={session.staffId} data-role={session.role}>
          <span>
            {t('signIn.signedInAs', { name: session.name })} <span class="muted">· {t(`role.${session.role}`)}</span>
          </span>
          <button type="button" class="btn btn-ghost" onClick={onSignOut} data-testid="sign-out">
            {t('signIn.signOut')}
          </button>
        </span>
      </Topbar>
      <SyncBar status={app.status} onUpdate={onUpdateApp} onShowSales={() => app.navigate({ name: 'sales' })} />
      <UpdateBanner />
      {enrolledNotice}
      {features.map(({ id, Banner }) => Banner && <Banner key={id} />)}
      <main class="main">{current && <current.Screen route={route} />}</main>
    </AppContext.Provider>
  );
}

function NavTab({ nav, route, app }: { nav: NavEntry; route: Route; app: AppState }) {
  const { t } = useI18n();
  const { db, enrollment } = app;
  const badge = useObservable<number>(() => nav.badge?.count(app), 0, [nav, db, enrollment.storeId]);
  const urgent = useObservable<number>(() => nav.badge?.urgent?.(app), 0, [nav, db, enrollment.storeId]);
  const chip = useObservable<NavChip | null>(() => nav.chip?.(app), null, [nav, db, enrollment.deviceId]);
  const isCurrent = (nav.current ?? [nav.target.name]).includes(route.name);
  const button = useRef<HTMLButtonElement>(null);
  // The tab row scrolls sideways when it does not fit: keep the current tab in view.
  useEffect(() => {
    if (isCurrent) button.current?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [isCurrent]);
  return (
    <button
      ref={button}
      type="button"
      class={`tab ${isCurrent ? 'tab-active' : ''}`}
      aria-current={isCurrent ? 'page' : undefined}
      onClick={() => app.navigate(nav.target)}
      data-testid={`nav-${nav.target.name}`}
    >
      {t(nav.label)}
      {chip && (
        <span class={`tab-chip tab-chip-${chip.tone}`} data-testid={`nav-${nav.target.name}-chip`} data-tone={chip.tone}>
          <span aria-hidden="true">{t(chip.text)}</span>
          <span class="visually-hidden">{t(chip.label)}</span>
        </span>
      )}
      {nav.badge && badge > 0 && (
        <span
          class={`tab-badge ${urgent > 0 ? 'tab-badge-urgent' : ''}`}
          data-testid={`nav-${nav.target.name}-badge`}
          data-count={badge}
          data-urgent={urgent}
        >
          <span aria-hidden="true">{badge}</span>
          <span class="visually-hidden">
            {t(nav.badge.label, { count: badge })}
            {urgent > 0 && ` · ${t('nav.urgent', { count: urgent })}`}
          </span>
        </span>
      )}
    </button>
  );
}

import type { ComponentType, FunctionComponent, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';

/** How long a screen may take to load before "Loading…" shows: a screen from the service worker's cache never flashes it. */
const SHOW_LOADING_AFTER_MS = 200;

/** A screen whose code loads on first use; `preload()` fetches it ahead (nothing happens when it is already in). */
export type LazyScreen<P> = FunctionComponent<P> & { preload: () => Promise<unknown> };

/**
 * A screen whose code is fetched the first time it is shown, so the till's first paint does not download, parse and
 * run screens an associate opens once a day. Usage, in a feature's index:
 *
 *   const CustomersScreen = lazyScreen(() => import('./CustomersScreen.js').then((m) => m.CustomersScreen));
 *
 * The service worker precaches every chunk (vite.config.ts), so an installed app opens each screen offline; what can
 * still fail is a device that never finished installing this version, or a chunk a newer deployment removed. Then the
 * screen says so (offline: connect once; online: try again) instead of staying blank, and a retry imports again.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  return lazyPart(load, 'screen');
}

/**
 * A dialog opened by a tap (a discount, other stores' stock) whose code is fetched when it first opens, as
 * `lazyScreen` does for screens: the till's first paint does without it, and the precache opens it offline. Should it
 * fail to load, the message says so and offers to close it as well as to try again, so the cart is never stuck under it.
 */
export function lazyDialog<P extends { onClose: () => void }>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  return lazyPart(load, 'dialog');
}

type PartKind = 'screen' | 'dialog';

function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, kind: PartKind): LazyScreen<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchScreen = (): Promise<ComponentType<P>> => {
    pending ??= load().then(
      (screen) => {
        loaded = screen;
        return screen;
      },
      (error: unknown) => {
        // Forget the failure: the next attempt imports again (the network may be back, the new version installed).
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };

  function Lazy(props: P): JSX.Element {
    const [Screen, setScreen] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState<unknown>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (Screen) return;
      let current = true;
      setFailed(null);
      fetchScreen().then(
        (screen) => current && setScreen(() => screen),
        (error: unknown) => {
          console.error(error);
          if (current) setFailed(error ?? new Error('screen failed to load'));
        },
      );
      return () => {
        current = false;
      };
    }, [Screen, attempt]);
    if (Screen) return <Screen {...props} />;
    const onClose = kind === 'dialog' ? (props as { onClose?: () => void }).onClose : undefined;
    if (failed) return <ScreenLoadFailed kind={kind} onRetry={() => setAttempt((n) => n + 1)} onClose={onClose} />;
    return <ScreenLoading kind={kind} />;
  }
  return Object.assign(Lazy, { preload: () => fetchScreen().catch(() => undefined) });
}

function ScreenLoading({ kind }: { kind: PartKind }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), SHOW_LOADING_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <p class="loading" role="status" aria-busy="true" data-testid="screen-loading">
      {shown ? t(kind === 'dialog' ? 'app.dialogLoading' : 'app.screenLoading') : ''}
    </p>
  );
}

function ScreenLoadFailed({ kind, onRetry, onClose }: { kind: PartKind; onRetry: () => void; onClose?: (() => void) | undefined }) {
  const { t } = useI18n();
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return (
    <div class="banner banner-warn" role="alert" data-testid="screen-load-failed">
      <span>{t(kind === 'dialog' ? (offline ? 'app.dialogOffline' : 'app.dialogFailed') : offline ? 'app.screenOffline' : 'app.screenFailed')}</span>
      <button type="button" class="btn" onClick={onRetry}>
        {t('app.screenRetry')}
      </button>
      {onClose && (
        <button type="button" class="btn btn-ghost" onClick={onClose} data-testid="dialog-load-close">
          {t('app.dialogClose')}
        </button>
      )}
    </div>
  );
}

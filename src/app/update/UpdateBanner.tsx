import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { Button } from '../ui/Button.js';
import { useObservable } from '../ui/hooks.js';
import type { AppUpdate, AppUpdateState } from './app-update.js';

/** The app's update controller (null in tests that render without a service worker). */
export const AppUpdateContext = createContext<AppUpdate | null>(null);
export const useAppUpdate = () => useContext(AppUpdateContext);

/** "A new version is ready": update now, or after the sale in progress (the till tells the controller whether one is). */
export function UpdateBanner() {
  const update = useAppUpdate();
  const { t } = useI18n();
  const state = useObservable<AppUpdateState>(() => update?.state$, 'current', [update]);
  const saleInProgress = useObservable<boolean>(() => update?.saleInProgress$, false, [update]);
  if (!update || state === 'current') return null;
  return (
    <div class="banner banner-info" role="status" data-testid="update-banner" data-state={state}>
      {state === 'available' && (
        <>
          <span>{saleInProgress ? t('update.readyDuringSale') : t('sync.updateReady')}</span>
          <span class="banner-actions">
            {saleInProgress && (
              <Button onClick={() => update.applyAfterSale()} data-testid="update-after-sale">
                {t('update.afterSale')}
              </Button>
            )}
            <Button variant="primary" onClick={() => update.applyNow()} data-testid="update-now">
              {t('update.now')}
            </Button>
          </span>
        </>
      )}
      {state === 'after-sale' && <span>{t('update.scheduled')}</span>}
      {state === 'applying' && <span>{t('update.applying')}</span>}
    </div>
  );
}

import type { SyncStatus } from '../db/sync-status.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { Button } from './Button.js';

/** Always visible: online/offline, sales waiting to sync, rejected ones, last sync, initial-sync progress, outdated app. */
export function SyncBar({ status, onUpdate, onShowSales }: { status: SyncStatus; onUpdate: () => void; onShowSales?: () => void }) {
  const { t, time } = useI18n();
  const showProgress = !status.initialSyncDone && status.initialProgress !== null && status.isLeader;
  const percent = Math.round((status.initialProgress ?? 0) * 100);
  const loadingText = t(status.loading === 'stock' ? 'sync.initialStock' : status.loading === 'store' ? 'sync.initialStore' : 'sync.initial', {
    percent,
  });
  return (
    <section
      class={`syncbar syncbar-${status.state}`}
      aria-label={t('sync.label')}
      data-testid="sync-bar"
      data-state={status.state}
      data-pending={status.pending}
      data-rejected={status.rejected}
      data-outdated={String(status.outdated)}
      data-initial-sync={status.initialSyncDone ? 'done' : 'running'}
    >
      <div class="syncbar-row" role="status" aria-live="polite">
        <span class="syncbar-dot" aria-hidden="true" />
        <strong data-testid="sync-state">{status.state === 'online' ? t('sync.online') : t('sync.offline')}</strong>
        <span data-testid="sync-pending">{t(pendingMessage(status), { count: status.pending })}</span>
        {status.rejected > 0 && (
          <button type="button" class="syncbar-rejected" data-testid="sync-rejected" onClick={onShowSales}>
            {t('sync.rejected', { count: status.rejected })}
          </button>
        )}
        <span class="syncbar-last" data-testid="sync-last">
          {status.lastSyncedAt ? t('sync.lastSynced', { time: time(status.lastSyncedAt) }) : status.isLeader ? t('sync.never') : t('sync.follower')}
        </span>
      </div>
      {showProgress && (
        <div class="syncbar-progress">
          <progress max={100} value={percent} aria-label={loadingText} data-testid="sync-progress" />
          <span>{loadingText}</span>
        </div>
      )}
      {status.outdated && (
        <div class="banner banner-danger" role="alert" data-testid="outdated-banner">
          <span>{t('sync.outdated')}</span>
          <Button variant="primary" onClick={onUpdate}>
            {t('sync.update')}
          </Button>
        </div>
      )}
      {status.unauthorized && (
        <div class="banner banner-danger" role="alert" data-testid="unauthorized-banner">
          {t('sync.unauthorized')}
        </div>
      )}
    </section>
  );
}

/** "Everything synced" only once the device has synced: before that, nothing is waiting, but nothing is synced either. */
export function pendingMessage(status: Pick<SyncStatus, 'pending' | 'lastSyncedAt'>): MessageKey {
  if (status.pending > 0) return 'sync.pending';
  return status.lastSyncedAt === null ? 'sync.nothingPending' : 'sync.allSynced';
}

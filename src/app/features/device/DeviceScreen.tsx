import { useState } from 'preact/hooks';
import { DomainError, ErrorCode } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { countPendingSales, resetDevice, setAssociate } from '../../device/enrollment.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';

/** Device details, storage persistence, associate change and reset (refused while sales are pending). */
export function DeviceScreen({ onReset }: { onReset: () => void }) {
  const { db, enrollment, replication, status } = useApp();
  const { t } = useI18n();
  const [associate, setAssociateText] = useState(enrollment.associateId);
  const [error, setError] = useState<string | null>(null);

  const reset = async () => {
    setError(null);
    const pending = await countPendingSales(db);
    if (pending > 0) {
      setError(t('error.PENDING_SALES_BLOCK_RESET', { count: pending }));
      return;
    }
    if (!confirm(t('device.resetConfirm'))) return;
    try {
      await replication?.cancel();
      await resetDevice(db);
      onReset();
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.PENDING_SALES_BLOCK_RESET) {
        setError(t('error.PENDING_SALES_BLOCK_RESET', { count: await countPendingSales(db) }));
      } else setError(t('error.unknown', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <section class="panel device" aria-labelledby="device-title" data-testid="device-screen">
      <h2 id="device-title">{t('device.title')}</h2>
      <dl class="receipt-meta">
        <div>
          <dt>{t('device.store')}</dt>
          <dd>
            {enrollment.store.name} ({enrollment.storeId})
          </dd>
        </div>
        <div>
          <dt>{t('device.name')}</dt>
          <dd>{enrollment.deviceName}</dd>
        </div>
        <div>
          <dt>{t('device.id')}</dt>
          <dd>{enrollment.deviceId}</dd>
        </div>
        <div>
          <dt>{t('device.storage')}</dt>
          <dd data-testid="storage-state" data-storage={enrollment.storage}>
            {t(`storage.${enrollment.storage}`)}
          </dd>
        </div>
        <div>
          <dt>{t('sync.label')}</dt>
          <dd>{status.isLeader ? t('device.leader') : t('device.follower')}</dd>
        </div>
      </dl>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (associate.trim()) void setAssociate(db, associate.trim());
        }}
      >
        <Field id="device-associate" label={t('device.associate')} value={associate} onInput={(e) => setAssociateText((e.target as HTMLInputElement).value)} />
        <Button type="submit">{t('device.save')}</Button>
      </form>
      {error && (
        <p class="message message-error" role="alert" data-testid="reset-error">
          {error}
        </p>
      )}
      <Button variant="danger" onClick={() => void reset()} data-testid="reset-device">
        {t('device.reset')}
      </Button>
    </section>
  );
}

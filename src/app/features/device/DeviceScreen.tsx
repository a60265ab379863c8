import { useState } from 'preact/hooks';
import { can, DomainError, ErrorCode } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { countPendingFacts } from '../../db/pending.js';
import { createEnrollmentCode, resetDevice } from '../../device/enrollment.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { LanguageSwitcher } from '../../ui/LanguageSwitcher.js';
import { ScannerSettings } from './ScannerSettings.js';
import { StaffPanel } from './StaffPanel.js';

/**
 * Device details and storage persistence; for managers, new enrollment codes and the reset (refused while any sale or
 * other fact is pending: it exists nowhere else yet).
 */
export function DeviceScreen({ onReset }: { onReset: () => void }) {
  const { db, enrollment, store, session, replication, status } = useApp();
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const mayReset = can(session.role, 'device.reset');

  const reset = async () => {
    setError(null);
    if (!mayReset) return setError(t('device.resetManagerOnly'));
    const pending = await countPendingFacts(db);
    if (pending > 0) {
      setError(t('error.PENDING_SALES_BLOCK_RESET', { count: pending }));
      return;
    }
    if (!confirm(t('device.resetConfirm'))) return;
    try {
      await replication?.cancel();
      await resetDevice(db, session);
      onReset();
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.PENDING_SALES_BLOCK_RESET) {
        setError(t('error.PENDING_SALES_BLOCK_RESET', { count: await countPendingFacts(db) }));
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
            {store.name} ({enrollment.storeId})
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
          <dt>{t('device.signedIn')}</dt>
          <dd>
            {session.name} ({session.staffNumber}, {t(`role.${session.role}`)})
          </dd>
        </div>
        <div>
          <dt>{t('sync.label')}</dt>
          <dd>{status.isLeader ? t('device.leader') : t('device.follower')}</dd>
        </div>
      </dl>
      <LanguageSwitcher class="lang-device" />
      <ScannerSettings />
      {can(session.role, 'enrollment.create') && <NewEnrollmentCode />}
      {can(session.role, 'staff.manage') && <StaffPanel />}
      {error && (
        <p class="message message-error" role="alert" data-testid="reset-error">
          {error}
        </p>
      )}
      {!mayReset && (
        <p class="field-hint" data-testid="reset-manager-only">
          {t('device.resetManagerOnly')}
        </p>
      )}
      <Button variant="danger" onClick={() => void reset()} disabled={!mayReset} data-testid="reset-device">
        {t('device.reset')}
      </Button>
    </section>
  );
}

/** A manager confirms with their PIN (checked again by the server) and gets a one-time code for a new till. */
function NewEnrollmentCode() {
  const { baseUrl, enrollment, session } = useApp();
  const { t, dateTime } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [pinError, setPinError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [minted, setMinted] = useState<{ code: string; expiresAt: string } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setPinError(undefined);
    setMinted(null);
    if (!/^\d{4,8}$/.test(pin)) return setPinError(t('signIn.pinFormat'));
    setBusy(true);
    try {
      setMinted(
        await createEnrollmentCode({
          baseUrl,
          token: enrollment.token,
          request: { storeId: enrollment.storeId, staffNumber: session.staffNumber, pin },
        }),
      );
      setPin('');
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.PIN_INVALID) setPinError(t('error.PIN_INVALID'));
      else if (isNetworkUnreachable(err)) setError(t('error.network'));
      else if (err instanceof DomainError && (['RATE_LIMITED', 'FORBIDDEN', 'UNAUTHENTICATED', 'UNAVAILABLE'] as string[]).includes(err.code)) {
        setError(t(`error.${err.code}` as MessageKey));
      } else setError(t('error.unknown', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="inline-form" onSubmit={(e) => void submit(e)} data-testid="new-code-form" noValidate>
      <p class="field-hint">{t('device.newCodeIntro')}</p>
      <Field
        id="new-code-pin"
        data-testid="new-code-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        label={t('device.pin')}
        value={pin}
        error={pinError}
        onInput={(e) => setPin((e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 8))}
      />
      <Button type="submit" disabled={busy} data-testid="new-code-submit">
        {busy ? t('device.creating') : t('device.newCode')}
      </Button>
      {error && (
        <p class="message message-error" role="alert" data-testid="new-code-error">
          {error}
        </p>
      )}
      {minted && (
        <p class="message message-info" role="status" data-testid="new-code" data-code={minted.code}>
          {t('device.newCodeResult', { code: minted.code, time: dateTime(minted.expiresAt) })}
        </p>
      )}
    </form>
  );
}

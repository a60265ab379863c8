import { useState } from 'preact/hooks';
import { can, type CustomerProfile } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { eraseCustomer, exportCustomer } from './customer-privacy.js';

/**
 * A manager's answer to a customer exercising their rights (LGPD Art. 18, GDPR Art. 15 and 17): export everything
 * held about them (the readable page opens, the JSON downloads), or erase them everywhere after a second tap. Both
 * need the manager's PIN, checked on the server, and a connection. Shown to managers only.
 */
export function CustomerPrivacyPanel({ profile }: { profile: CustomerProfile }) {
  const { baseUrl, enrollment, session, navigate } = useApp();
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pinError, setPinError] = useState<string | undefined>(undefined);
  if (!can(session.role, 'customer.privacy')) return null;

  const call = () => ({ baseUrl, token: enrollment.token, customerId: profile.id, manager: { staffNumber: session.staffNumber, pin } });
  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setMessage(null);
    setPinError(undefined);
    if (!/^\d{4,8}$/.test(pin)) return setPinError(t('signIn.pinFormat'));
    setBusy(true);
    try {
      await work();
    } catch (err) {
      if (isNetworkUnreachable(err)) setMessage(t('error.network'));
      else {
        const code = (err as { code?: string }).code ?? 'INTERNAL';
        if (code === 'PIN_INVALID') setPinError(t('error.PIN_INVALID'));
        else setMessage(t(`error.${code}` as MessageKey) || (err instanceof Error ? err.message : String(err)));
      }
    } finally {
      setBusy(false);
    }
  };

  const exportAs = (format: 'json' | 'html') =>
    run(async () => {
      const url = URL.createObjectURL(await exportCustomer(call(), format));
      if (format === 'html') window.open(url, '_blank', 'noopener');
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `customer-${profile.id}.json`;
        a.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setMessage(t('customers.privacy.exported'));
    });

  const erase = () =>
    run(async () => {
      await eraseCustomer(call());
      setConfirming(false);
      navigate({ name: 'customers' });
    });

  return (
    <section aria-labelledby="customer-privacy-title" class="customer-privacy" data-testid="customer-privacy">
      <h3 id="customer-privacy-title">{t('customers.privacy.title')}</h3>
      <p class="muted">{t('customers.privacy.hint')}</p>
      <Field
        id="customer-privacy-pin"
        data-testid="customer-privacy-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        label={t('customers.privacy.pin')}
        value={pin}
        error={pinError}
        onInput={(e) => setPin((e.target as HTMLInputElement).value)}
      />
      <div class="customer-privacy-actions">
        <Button data-testid="customer-export-html" disabled={busy} onClick={() => exportAs('html')}>
          {t('customers.privacy.exportPage')}
        </Button>
        <Button data-testid="customer-export-json" disabled={busy} onClick={() => exportAs('json')}>
          {t('customers.privacy.exportJson')}
        </Button>
        {confirming ? (
          <Button variant="danger" data-testid="customer-erase-confirm" disabled={busy} onClick={erase}>
            {t('customers.privacy.eraseConfirm', { name: profile.name })}
          </Button>
        ) : (
          <Button variant="danger" data-testid="customer-erase" disabled={busy} onClick={() => setConfirming(true)}>
            {t('customers.privacy.erase')}
          </Button>
        )}
      </div>
      {message && (
        <p role="status" data-testid="customer-privacy-message">
          {message}
        </p>
      )}
    </section>
  );
}

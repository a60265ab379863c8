import { useState } from 'preact/hooks';
import { DomainError, ErrorCode } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { enrollDevice, saveEnrollment, type DeviceEnrollment } from '../../device/enrollment.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';

const knownErrors = new Set<string>([
  ErrorCode.VALIDATION_FAILED,
  ErrorCode.ENROLLMENT_CODE_INVALID,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.SCHEMA_VERSION_UNSUPPORTED,
  ErrorCode.RATE_LIMITED,
  ErrorCode.UNAVAILABLE,
]);

export function EnrollScreen({ db, baseUrl, onEnrolled }: { db: VitrineDatabase; baseUrl: string; onEnrolled: (e: DeviceEnrollment) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ code: '', name: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const enrollment = await enrollDevice({ baseUrl, form });
      await saveEnrollment(db, enrollment);
      onEnrolled(enrollment);
    } catch (err) {
      if (err instanceof DomainError) {
        const fields: Record<string, string> = {};
        // Known fields get the catalog's words; anything else shows the server's (English) message.
        const known: Record<string, MessageKey> = { code: 'enroll.codeInvalid', name: 'enroll.nameInvalid' };
        for (const f of err.fieldErrors) {
          const key = f.path.split('.')[0] ?? f.path;
          const localized = err.code === ErrorCode.VALIDATION_FAILED ? known[key] : undefined;
          fields[key] ??= localized ? t(localized) : f.message;
        }
        setFieldErrors(fields);
        if (isNetworkUnreachable(err)) setError(t('error.network'));
        else if (knownErrors.has(err.code)) {
          setError(t(`error.${err.code}` as MessageKey));
          if (err.code === ErrorCode.ENROLLMENT_CODE_INVALID) fields.code = t('error.ENROLLMENT_CODE_INVALID');
        } else setError(t('error.unknown', { message: err.message }));
      } else setError(t('error.unknown', { message: err instanceof Error ? err.message : String(err) }));
      setBusy(false);
    }
  };

  return (
    <main class="enroll">
      <form class="panel enroll-form" onSubmit={submit} aria-labelledby="enroll-title" data-testid="enroll-form" noValidate>
        <h1 id="enroll-title">{t('enroll.title')}</h1>
        <p>{t('enroll.intro')}</p>
        {error && (
          <p class="message message-error" role="alert" data-testid="enroll-error">
            {error}
          </p>
        )}
        <Field
          id="enroll-code"
          data-testid="enroll-code"
          label={t('enroll.code')}
          value={form.code}
          onInput={set('code')}
          autoComplete="off"
          autoCapitalize="characters"
          error={fieldErrors.code}
          required
        />
        <Field
          id="enroll-name"
          data-testid="enroll-name"
          label={t('enroll.name')}
          placeholder={t('enroll.namePlaceholder')}
          value={form.name}
          onInput={set('name')}
          error={fieldErrors.name}
          required
        />
        <Button variant="primary" size="large" type="submit" disabled={busy} data-testid="enroll-submit">
          {busy ? t('enroll.submitting') : t('enroll.submit')}
        </Button>
      </form>
    </main>
  );
}

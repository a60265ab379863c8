import { useState } from 'preact/hooks';
import type { VitrineDatabase } from '../../db/database.js';
import { signIn } from '../../device/session.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';

type FieldName = 'staffNumber' | 'pin';
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/**
 * Staff number + PIN, checked on the device (works offline). A large keypad for touch; the inputs take a hardware
 * keyboard as well (digits, Backspace, Enter). The keypad types into the field that last had the focus.
 */
export function SignInScreen({ db, storeId, notice = null }: { db: VitrineDatabase; storeId: string; notice?: string | null }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<FieldName, string>>({ staffNumber: '', pin: '' });
  const [active, setActive] = useState<FieldName>('staffNumber');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Completed attempts on this screen (a data attribute, so tests can wait for each answer). */
  const [attempts, setAttempts] = useState(0);
  const focus = (name: FieldName) => document.getElementById(name === 'pin' ? 'signin-pin' : 'signin-staff')?.focus();

  const set = (name: FieldName, value: string) => setValues((v) => ({ ...v, [name]: value.replace(/\D/g, '').slice(0, name === 'pin' ? 8 : 12) }));
  const press = (key: (typeof KEYS)[number]) => {
    const current = values[active];
    set(active, key === 'clear' ? '' : key === 'back' ? current.slice(0, -1) : current + key);
    focus(active);
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await signIn(db, { storeId, staffNumber: values.staffNumber, pin: values.pin });
      if (result.ok) return; // the app switches screens on the session document
      setValues((v) => ({ ...v, pin: '' }));
      if (result.reason === 'invalid') {
        setFieldErrors({
          ...(result.fieldErrors.staffNumber ? { staffNumber: t('signIn.staffNumberInvalid') } : {}),
          ...(result.fieldErrors.pin ? { pin: t('signIn.pinFormat') } : {}),
        });
      } else if (result.reason === 'wrong') setFieldErrors({ pin: t('signIn.wrong', { count: result.attemptsLeft }) });
      else if (result.reason === 'unknown') setFieldErrors({ staffNumber: t('signIn.unknown') });
      else if (result.reason === 'deactivated') setError(t('signIn.deactivated'));
      else if (result.reason === 'locked') setError(t('signIn.locked', { minutes: Math.ceil(result.remainingMs / 60_000) }));
      else setError(t('signIn.noStaff'));
      focus('pin');
    } catch (err) {
      setError(t('error.unknown', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      setAttempts((n) => n + 1);
    }
  };

  const input = (name: FieldName) => ({
    value: values[name],
    inputMode: 'numeric' as const,
    autoComplete: 'off',
    onFocus: () => setActive(name),
    onInput: (e: Event) => set(name, (e.target as HTMLInputElement).value),
  });

  return (
    <main class="enroll">
      <form
        class="panel enroll-form sign-in"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="signin-title"
        data-testid="signin-form"
        data-attempts={attempts}
        noValidate
      >
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <p>{t('signIn.intro')}</p>
        {notice && (
          <p class="message message-info" role="status" data-testid="signin-notice">
            {notice}
          </p>
        )}
        {error && (
          <p class="message message-error" role="alert" data-testid="signin-error">
            {error}
          </p>
        )}
        <Field
          id="signin-staff"
          data-testid="signin-staff"
          label={t('signIn.staffNumber')}
          error={fieldErrors.staffNumber}
          autoFocus
          {...input('staffNumber')}
        />
        <Field id="signin-pin" data-testid="signin-pin" type="password" label={t('signIn.pin')} error={fieldErrors.pin} {...input('pin')} />
        <fieldset class="keypad" aria-label={t('signIn.keypad')}>
          {KEYS.map((key) => (
            <Button
              key={key}
              size="large"
              variant={key === 'clear' || key === 'back' ? 'ghost' : 'secondary'}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => press(key)}
              aria-label={key === 'clear' ? t('signIn.clear') : key === 'back' ? t('signIn.backspace') : key}
              data-testid={`keypad-${key}`}
            >
              {key === 'clear' ? 'C' : key === 'back' ? '⌫' : key}
            </Button>
          ))}
        </fieldset>
        <Button variant="primary" size="large" type="submit" disabled={busy} data-testid="signin-submit">
          {busy ? t('signIn.checking') : t('signIn.submit')}
        </Button>
      </form>
    </main>
  );
}

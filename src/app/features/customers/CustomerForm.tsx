import { useState } from 'preact/hooks';
import {
  CONSENT_CHANNELS,
  displayPhone,
  parseCustomerForm,
  type ConsentChannel,
  type CustomerForm as FormValues,
  type CustomerProfile,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { createCustomer, storeCountry, updateCustomer } from './customer-data.js';

const EMPTY: FormValues = { name: '', email: '', phone: '', cpf: '', birthday: '' };
/** A profile's fields as the form shows them for an edit. */
const valuesOf = (p: CustomerProfile): FormValues => ({
  name: p.name,
  email: p.email ?? '',
  phone: displayPhone(p.phone),
  cpf: p.nationalId?.number ?? '',
  birthday: p.birthday ?? '',
});

/** The domain's field errors in the associate's words: one per field. */
function errorKey(path: string, message: string): MessageKey {
  if (path === 'cpf') return message.includes('Brazil') ? 'customers.error.cpfAbroad' : 'customers.error.cpf';
  return `customers.error.${path as 'name' | 'email' | 'phone' | 'birthday'}`;
}

/**
 * A new customer, offline or not: name, email, phone (with the area code; stored in international form), CPF where
 * the store is in Brazil, birthday, and the offers the customer agreed to now, in the store. Each bad field says
 * what is wrong under it; nothing is written until all are right. With `editing`, the same form changes a profile:
 * only the fields changed are written (customer.updated). `idPrefix` keeps ids unique when the form is also open at
 * the till.
 */
export function CustomerForm({
  onSaved,
  onCancel,
  idPrefix = 'customer',
  editing,
}: {
  onSaved: (id: string, name: string) => void;
  onCancel: () => void;
  idPrefix?: string;
  editing?: CustomerProfile;
}) {
  const { db, store, enrollment, session } = useApp();
  const { t } = useI18n();
  const country = storeCountry(store);
  const [values, setValues] = useState<FormValues>(editing ? valuesOf(editing) : EMPTY);
  const [marketing, setMarketing] = useState<ReadonlySet<ConsentChannel>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<keyof FormValues, MessageKey>>>({});
  const [saving, setSaving] = useState(false);

  const set = (field: keyof FormValues) => (e: Event) => {
    setValues((v) => ({ ...v, [field]: (e.target as HTMLInputElement).value }));
    setErrors((errs) => ({ ...errs, [field]: undefined }));
  };

  const save = async () => {
    if (saving) return;
    const parsed = parseCustomerForm(values, country);
    if (!parsed.ok) {
      setErrors(Object.fromEntries(parsed.error.fieldErrors.map((e) => [e.path, errorKey(e.path, e.message)])));
      return;
    }
    setSaving(true);
    try {
      const by = { db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId };
      if (editing) {
        await updateCustomer(by, editing, parsed.value);
        onSaved(editing.id, parsed.value.name);
        return;
      }
      const consents = [...marketing].map((channel) => ({ channel, purpose: 'marketing' as const, given: true, method: 'in_store' as const }));
      const id = await createCustomer(by, parsed.value, consents);
      onSaved(id, parsed.value.name);
    } finally {
      setSaving(false);
    }
  };

  const field = (name: keyof FormValues, label: MessageKey, extra: Record<string, unknown> = {}) => (
    <Field
      id={`${idPrefix}-${name}`}
      data-testid={`customer-${name}`}
      label={t(label)}
      value={values[name]}
      onInput={set(name)}
      error={errors[name] ? t(errors[name]!) : undefined}
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <form
      class="customer-form"
      aria-labelledby={`${idPrefix}-form-title`}
      data-testid="customer-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={`${idPrefix}-form-title`}>{t(editing ? 'customers.form.editTitle' : 'customers.form.title')}</h3>
      {field('name', 'customers.form.name', { required: true })}
      {field('phone', 'customers.form.phone', { type: 'tel', inputMode: 'tel', hint: t('customers.form.phoneHint') })}
      {field('email', 'customers.form.email', { type: 'email', inputMode: 'email' })}
      {country === 'BR' && field('cpf', 'customers.form.cpf', { inputMode: 'numeric' })}
      {field('birthday', 'customers.form.birthday', { type: 'date' })}
      {!editing && (
        <fieldset class="customer-consents">
          <legend>{t('customers.form.consentTitle')}</legend>
          <p class="field-hint">{t('customers.form.consentHint')}</p>
          {CONSENT_CHANNELS.map((channel) => (
            <label key={channel} class="customer-consent-choice">
              <input
                type="checkbox"
                data-testid={`customer-consent-${channel}`}
                checked={marketing.has(channel)}
                onChange={(e) => {
                  const next = new Set(marketing);
                  if ((e.target as HTMLInputElement).checked) next.add(channel);
                  else next.delete(channel);
                  setMarketing(next);
                }}
              />
              {t(`customers.consent.${channel}`)}
            </label>
          ))}
        </fieldset>
      )}
      {Object.values(errors).some(Boolean) && (
        <p class="message message-error" role="alert">
          {t('customers.form.fix')}
        </p>
      )}
      <div class="actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('customers.form.cancel')}
        </Button>
        <Button variant="primary" type="submit" disabled={saving} data-testid="customer-save">
          {saving ? t('customers.form.saving') : t('customers.form.save')}
        </Button>
      </div>
    </form>
  );
}

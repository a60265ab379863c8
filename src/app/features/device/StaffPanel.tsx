import { useState } from 'preact/hooks';
import { map } from 'rxjs';
import { DomainError, RoleSchema, type StaffMember } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { buildStaffChange, changeStaff, emptyStaffForm, type StaffForm, type StaffFormErrors } from '../../device/staff-admin.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { useObservable } from '../../ui/hooks.js';

type Editing = { member?: StaffMember } | null;

/**
 * A manager's list of the store's staff (from the local replica, so it shows offline too) and the form that adds or
 * changes one. Saving needs the network: the server is the authority for staff.
 */
export function StaffPanel() {
  const { db, enrollment } = useApp();
  const { t } = useI18n();
  const staff = useObservable<StaffMember[]>(
    () =>
      db.staff
        .find({ selector: { storeId: enrollment.storeId } })
        .$.pipe(
          map((docs) =>
            docs.map((d) => d.toJSON() as StaffMember).sort((a, b) => a.staffNumber.localeCompare(b.staffNumber, undefined, { numeric: true })),
          ),
        ),
    [],
    [db, enrollment.storeId],
  );
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const open = (next: Editing) => {
    setSaved(null);
    setEditing(next);
  };

  return (
    <section class="staff" aria-labelledby="staff-title" data-testid="staff-panel">
      <h3 id="staff-title">{t('staff.title')}</h3>
      <p class="field-hint">{t('staff.intro')}</p>
      <ul class="staff-list">
        {staff.map((m) => (
          <li
            key={m.id}
            class="staff-row"
            data-testid="staff-row"
            data-staff-number={m.staffNumber}
            data-active={String(m.active)}
            data-role={m.role}
          >
            <span class="staff-text">
              <span class="result-name">{m.name}</span>
              <span class="result-meta">
                {m.staffNumber} · {t(`role.${m.role}`)}
                {!m.active && (
                  <>
                    {' '}
                    · <strong class="stock-none">{t('staff.inactive')}</strong>
                  </>
                )}
              </span>
            </span>
            <Button onClick={() => open({ member: m })} aria-label={t('staff.edit', { name: m.name })} data-testid="staff-edit">
              {t('staff.editShort')}
            </Button>
          </li>
        ))}
      </ul>
      {saved && (
        <p class="message message-info" role="status" data-testid="staff-saved">
          {saved}
        </p>
      )}
      {editing ? (
        <StaffEditor
          key={editing.member?.id ?? 'new'}
          member={editing.member}
          onCancel={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setSaved(message);
          }}
        />
      ) : (
        <Button onClick={() => open({})} data-testid="staff-add">
          {t('staff.add')}
        </Button>
      )}
    </section>
  );
}

const SERVER_FIELDS: Record<string, keyof StaffForm | 'managerPin'> = {
  'change.staffNumber': 'staffNumber',
  'change.name': 'name',
  'change.role': 'role',
  'change.active': 'active',
  'manager.pin': 'managerPin',
};

function StaffEditor({ member, onCancel, onSaved }: { member: StaffMember | undefined; onCancel: () => void; onSaved: (message: string) => void }) {
  const { baseUrl, enrollment, session, status } = useApp();
  const { t } = useI18n();
  const [form, setForm] = useState<StaffForm>(emptyStaffForm(member));
  const [managerPin, setManagerPin] = useState('');
  const [errors, setErrors] = useState<Partial<Record<keyof StaffForm | 'managerPin', string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const online = status.state === 'online';
  const set = <K extends keyof StaffForm>(key: K, value: StaffForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const digits = (e: Event, max: number) => (e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, max);

  const localMessages = (found: StaffFormErrors) => ({
    ...(found.staffNumber && { staffNumber: t('signIn.staffNumberInvalid') }),
    ...(found.name && { name: t('staff.nameRequired') }),
    ...(found.newPin && { newPin: t('signIn.pinFormat') }),
    ...(found.repeatPin && { repeatPin: t('staff.pinMismatch') }),
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setFormError(null);
    const pinOk = /^\d{4,8}$/.test(managerPin);
    const built = await buildStaffChange(form, member);
    if (!built.ok || !pinOk) {
      const found = built.ok ? {} : built.errors;
      setErrors({ ...localMessages(found), ...(!pinOk && { managerPin: t('signIn.pinFormat') }) });
      if (found.form) setFormError(t('staff.nothingToChange'));
      return;
    }
    setBusy(true);
    try {
      const { member: stored, changed } = await changeStaff({
        baseUrl,
        token: enrollment.token,
        request: { storeId: enrollment.storeId, manager: { staffNumber: session.staffNumber, pin: managerPin }, change: built.change },
      });
      onSaved(changed ? t('staff.saved', { name: stored.name, number: stored.staffNumber }) : t('staff.unchanged', { name: stored.name }));
    } catch (err) {
      setBusy(false);
      if (!(err instanceof DomainError)) return setFormError(t('error.unknown', { message: err instanceof Error ? err.message : String(err) }));
      if (isNetworkUnreachable(err)) return setFormError(t('error.network'));
      const message = t(`error.${err.code}` as MessageKey);
      const fields: typeof errors = {};
      for (const f of err.fieldErrors) {
        const field = SERVER_FIELDS[f.path];
        if (field) fields[field] = message;
      }
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(message || t('error.unknown', { message: err.message }));
    }
  };

  const pinProps = { type: 'password', inputMode: 'numeric' as const, autoComplete: 'off' };
  return (
    <form class="staff-form" onSubmit={(e) => void submit(e)} aria-labelledby="staff-form-title" data-testid="staff-form" noValidate>
      <h4 id="staff-form-title">{member ? t('staff.edit', { name: member.name }) : t('staff.add')}</h4>
      {!member && (
        <Field
          id="staff-number"
          data-testid="staff-number"
          inputMode="numeric"
          autoComplete="off"
          label={t('staff.number')}
          value={form.staffNumber}
          error={errors.staffNumber}
          onInput={(e) => set('staffNumber', digits(e, 12))}
        />
      )}
      <Field
        id="staff-name"
        data-testid="staff-name"
        autoComplete="off"
        label={t('staff.name')}
        value={form.name}
        error={errors.name}
        onInput={(e) => set('name', (e.target as HTMLInputElement).value)}
      />
      <div class={`field ${errors.role ? 'field-invalid' : ''}`}>
        <label for="staff-role">{t('staff.role')}</label>
        <select
          id="staff-role"
          data-testid="staff-role"
          value={form.role}
          onChange={(e) => set('role', RoleSchema.parse((e.target as HTMLSelectElement).value))}
          aria-invalid={errors.role ? 'true' : undefined}
          aria-describedby={errors.role ? 'staff-role-error' : undefined}
        >
          {RoleSchema.options.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        {errors.role && (
          <p id="staff-role-error" class="field-error" role="alert">
            {errors.role}
          </p>
        )}
      </div>
      {member && (
        <div class={`field field-check ${errors.active ? 'field-invalid' : ''}`}>
          <label>
            <input
              type="checkbox"
              data-testid="staff-active"
              checked={form.active}
              onChange={(e) => set('active', (e.target as HTMLInputElement).checked)}
              aria-describedby={errors.active ? 'staff-active-error' : undefined}
            />{' '}
            {t('staff.active')}
          </label>
          {errors.active && (
            <p id="staff-active-error" class="field-error" role="alert" data-testid="staff-active-error">
              {errors.active}
            </p>
          )}
        </div>
      )}
      <Field
        id="staff-pin"
        data-testid="staff-pin"
        {...pinProps}
        label={t('staff.newPin')}
        hint={member ? t('staff.newPinHint') : undefined}
        value={form.newPin}
        error={errors.newPin}
        onInput={(e) => set('newPin', digits(e, 8))}
      />
      <Field
        id="staff-pin-repeat"
        data-testid="staff-pin-repeat"
        {...pinProps}
        label={t('staff.repeatPin')}
        value={form.repeatPin}
        error={errors.repeatPin}
        onInput={(e) => set('repeatPin', digits(e, 8))}
      />
      <Field
        id="staff-manager-pin"
        data-testid="staff-manager-pin"
        {...pinProps}
        label={t('device.pin')}
        value={managerPin}
        error={errors.managerPin}
        onInput={(e) => setManagerPin(digits(e, 8))}
      />
      {!online && (
        <p class="message message-error" role="status" data-testid="staff-offline">
          {t('staff.needsNetwork')}
        </p>
      )}
      {formError && (
        <p class="message message-error" role="alert" data-testid="staff-error">
          {formError}
        </p>
      )}
      <div class="actions">
        <Button variant="ghost" onClick={onCancel} data-testid="staff-cancel">
          {t('staff.cancel')}
        </Button>
        <Button variant="primary" type="submit" disabled={busy || !online} data-testid="staff-save">
          {busy ? t('staff.saving') : t('staff.save')}
        </Button>
      </div>
    </form>
  );
}

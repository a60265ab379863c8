import { useMemo, useState } from 'preact/hooks';
import { map } from 'rxjs';
import {
  CONSENT_PURPOSES,
  isOverdue,
  OUTREACH_CHANNELS,
  outreachChannels,
  sortTasks,
  type ConsentPurpose,
  type CustomerProfile,
  type Fact,
  type OutreachChannel,
  type Product,
  type StaffMember,
  type StockLevel,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { makeI18n, useI18n, type Language, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { addDays, addTask, assignCustomer, changeWishlist, clientelingFacts$, markTaskDone, sendOutreach, storeToday } from './clienteling-data.js';
import { assignmentsOf, contactLogOf, tasksOf, wishlistsOf } from '../../../domain/index.js';
import type { CustomerRecorder } from './customer-data.js';
import './clienteling.css';

/** The store's associates who can look after a customer (pickup staff do not). */
export function useStoreAssociates(): readonly StaffMember[] {
  const { db } = useApp();
  return useObservable<StaffMember[]>(
    () => db.staff.find().$.pipe(map((docs) => docs.map((d) => d.toJSON() as StaffMember).filter((s) => s.active && s.role !== 'pickup'))),
    [],
    [db],
  );
}

/** The customer's outreach message, in the store's language (it goes to the customer, not to the screen). */
export function composeMessage(
  storeLocale: string,
  kind: 'default' | 'wishlist_in_stock' | 'size_arrived' | 'birthday' | 'not_seen',
  params: { name: string; associate: string; store: string; product?: string },
): { subject: string; body: string } {
  const lang: Language = storeLocale.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
  const { t } = makeI18n(lang);
  const first = { ...params, name: params.name.trim().split(/\s+/)[0] ?? params.name, associate: params.associate.trim().split(/\s+/)[0] ?? '' };
  return { subject: t('outreach.subject', { store: params.store }), body: t(`outreach.message.${kind}`, { product: '', ...first }) };
}

/**
 * A profile's clienteling: who looks after them here, their follow-ups (add, done), their wishlist, and outreach
 * on the channels they consented to for the purpose chosen, with the log of contacts. Everything folds from the
 * store's facts, so another tablet of the store shows the same after sync.
 */
export function CustomerClienteling({ profile, by }: { profile: CustomerProfile; by: CustomerRecorder }) {
  const { db } = useApp();
  const facts = useObservable<Fact[]>(() => clientelingFacts$(db), [], [db]);
  const ids = new Set([profile.id, ...profile.mergedFrom]);
  const resolve = (id: string) => (ids.has(id) ? profile.id : id);
  const mine = facts.filter((f) => ids.has(f.subjectId));
  const key = mine.map((f) => `${f.id}:${f.outcome?.status ?? ''}`).join();
  const folded = useMemo(
    () => ({
      tasks: sortTasks(tasksOf(mine, resolve)),
      assigned: assignmentsOf(mine, resolve).get(profile.id) ?? null,
      wishlist: wishlistsOf(mine, resolve).get(profile.id) ?? [],
      contacts: contactLogOf(mine, resolve),
    }),
    [key, profile.id],
  );
  return (
    <>
      <Assignment profile={profile} by={by} assigned={folded.assigned} />
      <Tasks profile={profile} by={by} tasks={folded.tasks} />
      <Wishlist profile={profile} by={by} skus={folded.wishlist.map((w) => w.sku)} />
      <Outreach profile={profile} by={by} contacts={folded.contacts} />
    </>
  );
}

function Assignment({ profile, by, assigned }: { profile: CustomerProfile; by: CustomerRecorder; assigned: string | null }) {
  const { t } = useI18n();
  const associates = useStoreAssociates();
  const nameOf = (id: string) => associates.find((s) => s.id === id)?.name ?? id;
  return (
    <section aria-labelledby="customer-assigned-title" data-testid="customer-assignment" data-assigned={assigned ?? ''}>
      <h3 id="customer-assigned-title">{t('assign.title')}</h3>
      <div class="clienteling-row">
        <span data-testid="customer-assigned-name">{assigned ? nameOf(assigned) : t('assign.nobody')}</span>
        <label class="visually-hidden" for="customer-assign-select">
          {t('assign.label')}
        </label>
        <select
          id="customer-assign-select"
          data-testid="customer-assign-select"
          value={assigned ?? ''}
          onChange={(e) => {
            const value = (e.target as HTMLSelectElement).value;
            if (value !== (assigned ?? '')) void assignCustomer(by, profile.id, value || null);
          }}
        >
          <option value="">{t('assign.none')}</option>
          {associates.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {assigned !== by.staffId && (
          <Button onClick={() => void assignCustomer(by, profile.id, by.staffId)} data-testid="customer-assign-me">
            {t('assign.me')}
          </Button>
        )}
      </div>
    </section>
  );
}

function Tasks({ profile, by, tasks }: { profile: CustomerProfile; by: CustomerRecorder; tasks: readonly ReturnType<typeof sortTasks>[number][] }) {
  const { store } = useApp();
  const { t, dateTime } = useI18n();
  const associates = useStoreAssociates();
  const today = storeToday(store.timeZone);
  const [text, setText] = useState('');
  const [dueOn, setDueOn] = useState(addDays(today, 7));
  const [assignee, setAssignee] = useState(by.staffId);
  const [error, setError] = useState<MessageKey | null>(null);
  const nameOf = (id: string) => associates.find((s) => s.id === id)?.name ?? id;

  const add = async () => {
    if (!text.trim()) return setError('tasks.textRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn)) return setError('tasks.dueRequired');
    await addTask(by, profile.id, { text: text.trim(), dueOn, assignee });
    setText('');
  };
  return (
    <section aria-labelledby="customer-tasks-title">
      <h3 id="customer-tasks-title">{t('tasks.title')}</h3>
      {tasks.length === 0 ? (
        <p class="empty">{t('tasks.empty')}</p>
      ) : (
        <ul class="clienteling-list" data-testid="customer-tasks">
          {tasks.map((task) => (
            <TaskRow key={task.id} task={task} today={today} nameOf={nameOf} onDone={() => void markTaskDone(by, task)} dateTime={dateTime} />
          ))}
        </ul>
      )}
      <form
        class="clienteling-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div class="field">
          <label for="task-text">{t('tasks.text')}</label>
          <input
            id="task-text"
            data-testid="task-text"
            maxLength={300}
            placeholder={t('tasks.textPlaceholder')}
            value={text}
            aria-invalid={error === 'tasks.textRequired' ? 'true' : undefined}
            onInput={(e) => {
              setText((e.target as HTMLInputElement).value);
              setError(null);
            }}
          />
        </div>
        <div class="field">
          <label for="task-due">{t('tasks.due')}</label>
          <input
            id="task-due"
            type="date"
            data-testid="task-due"
            value={dueOn}
            min={today}
            onInput={(e) => {
              setDueOn((e.target as HTMLInputElement).value);
              setError(null);
            }}
          />
        </div>
        <div class="field">
          <label for="task-assignee">{t('tasks.assignee')}</label>
          <select id="task-assignee" value={assignee} onChange={(e) => setAssignee((e.target as HTMLSelectElement).value)}>
            {!associates.some((s) => s.id === by.staffId) && <option value={by.staffId}>{by.staffId}</option>}
            {associates.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {error && (
          <p class="field-error" role="alert">
            {t(error)}
          </p>
        )}
        <Button type="submit" data-testid="task-add">
          {t('tasks.add')}
        </Button>
      </form>
    </section>
  );
}

export function TaskRow({
  task,
  today,
  nameOf,
  onDone,
  dateTime,
  customerName,
}: {
  task: ReturnType<typeof sortTasks>[number];
  today: string;
  nameOf: (id: string) => string;
  onDone: () => void;
  dateTime: (iso: string) => string;
  customerName?: string;
}) {
  const { t } = useI18n();
  const overdue = isOverdue(task, today);
  return (
    <li data-testid="customer-task" data-task-id={task.id} data-done={task.done ? 'true' : 'false'} class={overdue ? 'task-overdue' : ''}>
      <div>
        <p>
          {customerName && <strong>{customerName}: </strong>}
          {task.text}
        </p>
        <p class="muted">
          {t('tasks.dueOn', { date: task.dueOn })} · {t('tasks.for', { who: nameOf(task.assignee) })}
          {overdue && <span class="badge badge-alert"> {t('tasks.overdue')}</span>}
          {task.pending && <span class="badge badge-pending"> {t('customers.pending')}</span>}
          {task.done && <> · {t('tasks.doneBy', { who: nameOf(task.done.by), when: dateTime(task.done.at) })}</>}
        </p>
      </div>
      {!task.done && (
        <Button onClick={onDone} aria-label={t('tasks.markDone', { text: task.text })} data-testid="task-done">
          {t('tasks.done')}
        </Button>
      )}
    </li>
  );
}

function Wishlist({ profile, by, skus }: { profile: CustomerProfile; by: CustomerRecorder; skus: readonly string[] }) {
  const { db, store } = useApp();
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [notFound, setNotFound] = useState(false);
  const products = useObservable<ReadonlyMap<string, Product>>(
    () => db.products.findByIds([...skus]).$.pipe(map((found) => new Map([...found.values()].map((d) => [d.sku, d.toJSON() as Product] as const)))),
    new Map(),
    [db, skus.join()],
  );
  const levels = useObservable<ReadonlyMap<string, StockLevel>>(
    () =>
      db.stock
        .findByIds(skus.map((s) => `${store.id}:${s}`))
        .$.pipe(map((found) => new Map([...found.values()].map((d) => [d.sku, d.toJSON() as StockLevel] as const)))),
    new Map(),
    [db, store.id, skus.join()],
  );
  const add = async () => {
    const typed = code.trim();
    if (!typed) return;
    const found = (await db.products.findOne(typed).exec()) ?? (await db.products.findOne({ selector: { barcode: typed } }).exec());
    if (!found) return setNotFound(true);
    await changeWishlist(by, profile.id, found.sku, true);
    setCode('');
  };
  return (
    <section aria-labelledby="customer-wishlist-title">
      <h3 id="customer-wishlist-title">{t('wishlist.title')}</h3>
      {skus.length === 0 ? (
        <p class="empty">{t('wishlist.empty')}</p>
      ) : (
        <ul class="clienteling-list" data-testid="customer-wishlist">
          {skus.map((sku) => {
            const p = products.get(sku);
            const available = levels.get(sku)?.available ?? 0;
            const name = p ? [p.name, p.size, p.colour].filter(Boolean).join(' · ') : sku;
            return (
              <li key={sku} data-testid="wishlist-item" data-sku={sku}>
                <div>
                  <p>{name}</p>
                  <p class="muted">{available > 0 ? t('wishlist.available', { count: available }) : t('wishlist.out')}</p>
                </div>
                <Button variant="ghost" onClick={() => void changeWishlist(by, profile.id, sku, false)} aria-label={t('wishlist.remove', { name })}>
                  ✕
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        class="clienteling-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div class="field">
          <label for="wishlist-code">{t('wishlist.label')}</label>
          <input
            id="wishlist-code"
            data-testid="wishlist-code"
            value={code}
            aria-invalid={notFound ? 'true' : undefined}
            onInput={(e) => {
              setCode((e.target as HTMLInputElement).value);
              setNotFound(false);
            }}
          />
        </div>
        {notFound && (
          <p class="field-error" role="alert">
            {t('wishlist.notFound')}
          </p>
        )}
        <Button type="submit" data-testid="wishlist-add">
          {t('wishlist.add')}
        </Button>
      </form>
    </section>
  );
}

function Outreach({ profile, by, contacts }: { profile: CustomerProfile; by: CustomerRecorder; contacts: ReturnType<typeof contactLogOf> }) {
  const { store, session } = useApp();
  const { t, dateTime } = useI18n();
  const associates = useStoreAssociates();
  const [purpose, setPurpose] = useState<ConsentPurpose>('service');
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const channels = outreachChannels(profile, purpose);
  const me = associates.find((s) => s.id === session.staffId)?.name ?? '';
  const composed = composeMessage(store.locale, 'default', { name: profile.name, associate: me, store: store.name });
  const body = message ?? composed.body;
  const nameOf = (id: string) => associates.find((s) => s.id === id)?.name ?? id;

  const send = async (channel: OutreachChannel) => {
    const result = await sendOutreach(by, profile.id, channel, purpose, { subject: composed.subject, body });
    const label = t(`outreach.send.${channel}`);
    if (!result.ok) return setStatus({ ok: false, text: t('outreach.refused', { reason: result.reason }) });
    setStatus({ ok: true, text: t('outreach.opened', { channel: label }) });
    window.open(result.url, '_blank', 'noopener');
  };
  return (
    <section aria-labelledby="customer-outreach-title" data-testid="customer-outreach">
      <h3 id="customer-outreach-title">{t('outreach.title')}</h3>
      <fieldset class="clienteling-purpose">
        <legend>{t('outreach.purpose')}</legend>
        {CONSENT_PURPOSES.map((p) => (
          <label key={p}>
            <input
              type="radio"
              name="outreach-purpose"
              value={p}
              checked={purpose === p}
              data-testid={`outreach-purpose-${p}`}
              onChange={() => {
                setPurpose(p);
                setStatus(null);
              }}
            />{' '}
            {t(`outreach.purpose.${p}`)}
          </label>
        ))}
      </fieldset>
      {channels.length === 0 ? (
        <p class="muted" data-testid="outreach-none">
          {t('outreach.none')}
        </p>
      ) : (
        <>
          <div class="field">
            <label for="outreach-message">{t('outreach.message')}</label>
            <textarea
              id="outreach-message"
              data-testid="outreach-message"
              rows={3}
              maxLength={1000}
              value={body}
              onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)}
            />
          </div>
          <div class="actions">
            {OUTREACH_CHANNELS.filter((c) => channels.includes(c)).map((channel) => (
              <Button
                key={channel}
                onClick={() => void send(channel)}
                data-testid="outreach-send"
                data-channel={channel}
                aria-label={t('outreach.sendLabel', { channel: t(`outreach.send.${channel}`) })}
              >
                {t(`outreach.send.${channel}`)}
              </Button>
            ))}
          </div>
        </>
      )}
      {status && (
        <p class={`message ${status.ok ? 'message-info' : 'message-error'}`} role="status" data-testid="outreach-status">
          {status.text}
        </p>
      )}
      {contacts.length > 0 && (
        <>
          <h4>{t('outreach.log')}</h4>
          <ul class="clienteling-list" data-testid="customer-contacts">
            {contacts.map((c) => (
              <li key={c.id} data-testid="customer-contact" data-status={c.status} data-channel={c.channel}>
                <span>
                  {t('outreach.logRow', {
                    channel: t(`outreach.send.${c.channel}`),
                    purpose: t(`customers.consent.${c.purpose}`),
                    who: nameOf(c.by),
                    when: dateTime(c.at),
                  })}
                </span>
                {c.status === 'refused' && <span class="badge badge-alert"> {t('outreach.logRefused')}</span>}
                {c.status === 'pending' && <span class="badge badge-pending"> {t('outreach.logPending')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  outreachChannels,
  sortTasks,
  suggestFollowUps,
  type Fact,
  type Product,
  type Sale,
  type StockLevel,
  type Suggestion,
  type OutreachChannel,
  type SuggestionProduct,
} from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { VitrineDatabase } from '../../db/database.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { addTask, clientelingFacts$, clientelingOf, markTaskDone, sendOutreach, storeToday, type ClientelingState } from './clienteling-data.js';
import type { CustomerRecorder } from './customer-data.js';
import { composeMessage, TaskRow, useStoreAssociates } from './CustomerClienteling.js';
import { useCustomerBook } from './use-customer-book.js';
import './clienteling.css';

/**
 * The associate's book ("My customers"): the customers assigned to them in this store, their open follow-ups (every
 * task given to them, overdue first), and what the data suggests (suggestFollowUps over what this device holds), each
 * suggestion one tap from a follow-up. Offline like the rest: all of it folds from replicated facts and documents.
 */
export function MyCustomersScreen() {
  const { db, store, enrollment, session, navigate } = useApp();
  const { t, dateTime } = useI18n();
  const book = useCustomerBook(db);
  const facts = useObservable<Fact[]>(() => clientelingFacts$(db), [], [db]);
  const associates = useStoreAssociates();
  const by: CustomerRecorder = { db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId };
  const state = useMemo(() => clientelingOf(facts, book), [facts, book]);
  const today = storeToday(store.timeZone);
  const me = session.staffId;
  const nameOf = (id: string) => associates.find((s) => s.id === id)?.name ?? id;
  const customerName = (id: string) => book.byId.get(id)?.name ?? id;

  const myTasks = sortTasks(state.tasks.filter((task) => task.assignee === me && !task.done));
  const myCustomerIds = [
    ...new Set([...[...state.assigned].flatMap(([id, staffId]) => (staffId === me ? [id] : [])), ...myTasks.map((x) => x.customerId)]),
  ];
  const assignedToMe = [...state.assigned].flatMap(([id, staffId]) => (staffId === me && book.byId.get(id) ? [book.byId.get(id)!] : []));
  const suggestions = useSuggestions(db, store.id, today, myCustomerIds, book.byId, state);
  const [sent, setSent] = useState<{ key: string; text: string } | null>(null);
  const myName = associates.find((s) => s.id === me)?.name ?? '';
  // A wished item back in stock is news the customer asked for (service); the others are marketing.
  const purposeOf = (s: Suggestion) => (s.kind === 'wishlist_in_stock' ? 'service' : 'marketing');
  const reach = async (s: Suggestion, product: string, channel: OutreachChannel) => {
    const profile = book.byId.get(s.customerId);
    if (!profile) return;
    const message = composeMessage(store.locale, s.kind, { name: profile.name, associate: myName, store: store.name, product });
    const result = await sendOutreach(by, s.customerId, channel, purposeOf(s), message);
    if (!result.ok) return setSent({ key: s.key, text: t('outreach.refused', { reason: result.reason }) });
    setSent({ key: s.key, text: t('outreach.opened', { channel: t(`outreach.send.${channel}`) }) });
    window.open(result.url, '_blank', 'noopener');
  };

  return (
    <section class="panel" aria-labelledby="book-title" data-testid="my-customers">
      <header class="customers-header">
        <h2 id="book-title">{t('book.title')}</h2>
        <Button variant="ghost" onClick={() => navigate({ name: 'customers' })} data-testid="all-customers">
          {t('customers.allCustomers')}
        </Button>
      </header>
      <p class="muted">{t('book.intro')}</p>
      <div class="book">
        <section aria-labelledby="book-tasks-title">
          <h3 id="book-tasks-title">{t('book.tasks')}</h3>
          {myTasks.length === 0 ? (
            <p class="empty">{t('book.noTasks')}</p>
          ) : (
            <ul class="clienteling-list" data-testid="book-tasks">
              {myTasks.map((task) => (
                <TaskRow
                  key={task.id}
                  task={task}
                  today={today}
                  nameOf={nameOf}
                  dateTime={dateTime}
                  customerName={customerName(task.customerId)}
                  onDone={() => void markTaskDone(by, task)}
                />
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="book-suggestions-title">
          <h3 id="book-suggestions-title">{t('book.suggestions')}</h3>
          {suggestions.length === 0 ? (
            <p class="empty">{t('book.noSuggestions')}</p>
          ) : (
            <ul class="clienteling-list" data-testid="book-suggestions">
              {suggestions.map(({ suggestion: s, product }) => {
                const params = { name: customerName(s.customerId), product, days: s.days ?? 0 };
                const label = t(suggestionMessage(s), params);
                return (
                  <li key={s.key} data-testid="book-suggestion" data-kind={s.kind} data-customer-id={s.customerId}>
                    <p>{label}</p>
                    <span class="actions">
                      <Button
                        onClick={() =>
                          void addTask(by, s.customerId, {
                            text: t(`suggestion.task.${s.kind}`, { product }),
                            dueOn: today,
                            assignee: me,
                            suggestion: s.key,
                          })
                        }
                        data-testid="suggestion-task"
                      >
                        {t('book.makeTask')}
                      </Button>
                      {book.byId.get(s.customerId) &&
                        outreachChannels(book.byId.get(s.customerId)!, purposeOf(s)).map((channel) => (
                          <Button
                            key={channel}
                            onClick={() => void reach(s, product, channel)}
                            data-testid="suggestion-outreach"
                            data-channel={channel}
                            aria-label={t('outreach.sendLabel', { channel: t(`outreach.send.${channel}`) })}
                          >
                            {t(`outreach.send.${channel}`)}
                          </Button>
                        ))}
                      <Button variant="ghost" onClick={() => navigate({ name: 'customer', customerId: s.customerId })}>
                        {t('book.open')}
                      </Button>
                    </span>
                    {sent?.key === s.key && (
                      <p class="muted" role="status">
                        {sent.text}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section aria-labelledby="book-customers-title">
          <h3 id="book-customers-title">{t('book.customers')}</h3>
          {assignedToMe.length === 0 ? (
            <p class="empty">{t('book.noCustomers')}</p>
          ) : (
            <ul class="clienteling-list" data-testid="book-customers">
              {assignedToMe.map((p) => (
                <li key={p.id} data-testid="book-customer" data-customer-id={p.id}>
                  <p>{p.name}</p>
                  <Button onClick={() => navigate({ name: 'customer', customerId: p.id })} aria-label={t('customers.open', { name: p.name })}>
                    {t('book.open')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}

/**
 * Reads what the suggestions need for these customers from the device (their sales here, the products they bought
 * or wished and the other sizes of those styles, this store's levels) and runs the pure suggestFollowUps on it.
 */
/** A birthday today or tomorrow is said in words; every other suggestion by its kind. */
function suggestionMessage(s: Suggestion): MessageKey {
  if (s.kind === 'birthday' && s.days === 0) return 'suggestion.birthday_today';
  if (s.kind === 'birthday' && s.days === 1) return 'suggestion.birthday_tomorrow';
  return `suggestion.${s.kind}`;
}

function useSuggestions(
  db: VitrineDatabase,
  storeId: string,
  today: string,
  customerIds: readonly string[],
  profiles: ReadonlyMap<string, { id: string; birthday: string | null; sizes: { category: string; size: string }[]; mergedFrom: string[] }>,
  state: ClientelingState,
): { suggestion: Suggestion; product: string }[] {
  const [result, setResult] = useState<{ suggestion: Suggestion; product: string }[]>([]);
  const handled = new Set(state.tasks.flatMap((x) => (x.suggestion ? [x.suggestion] : [])));
  const wishlistKey = customerIds.map((id) => `${id}:${(state.wishlists.get(id) ?? []).map((w) => w.sku).join('+')}`).join();
  const key = `${today}|${wishlistKey}|${[...handled].join()}|${customerIds.map((id) => profiles.get(id)?.birthday ?? '').join()}`;
  useEffect(() => {
    let live = true;
    void (async () => {
      const customers = customerIds.flatMap((id) => (profiles.get(id) ? [profiles.get(id)!] : []));
      const ids = customers.flatMap((c) => [c.id, ...c.mergedFrom]);
      const owner = new Map(customers.flatMap((c) => [c.id, ...c.mergedFrom].map((id) => [id, c.id] as const)));
      const sales = (await db.sales.find({ selector: { customerId: { $in: ids } } }).exec()).map((d) => d.toJSON() as Sale);
      const lastVisit = new Map<string, string>();
      const bought = new Map<string, Set<string>>();
      for (const sale of sales) {
        if (sale.outcome?.status === 'rejected' || !sale.customerId) continue;
        const id = owner.get(sale.customerId)!;
        const at = new Date(sale.createdAtDevice).toISOString();
        if ((lastVisit.get(id) ?? '') < at) lastVisit.set(id, at);
        bought.set(id, new Set([...(bought.get(id) ?? []), ...sale.lines.map((l) => l.sku)]));
      }
      const wishedSkus = customers.flatMap((c) => (state.wishlists.get(c.id) ?? []).map((w) => w.sku));
      const seedSkus = [...new Set([...wishedSkus, ...[...bought.values()].flatMap((s) => [...s])])];
      const seed = [...(await db.products.findByIds(seedSkus).exec()).values()].map((d) => d.toJSON() as Product);
      const styles = [...new Set(seed.map((p) => p.styleCode))];
      const variants = (await db.products.find({ selector: { styleCode: { $in: styles } } }).exec()).map((d) => d.toJSON() as Product);
      const products = new Map<string, Product>([...seed, ...variants].map((p) => [p.sku, p]));
      const levels = new Map(
        [...(await db.stock.findByIds([...products.keys()].map((sku) => `${storeId}:${sku}`)).exec()).values()].map((d) => {
          const level = d.toJSON() as StockLevel;
          return [level.sku, level] as const;
        }),
      );
      const styleOf = (sku: string) => products.get(sku)?.styleCode;
      const suggestions = suggestFollowUps({
        today,
        customers,
        lastVisit: (id) => lastVisit.get(id) ?? null,
        wishlists: state.wishlists,
        stylesOf: (id) => [...(bought.get(id) ?? [])].flatMap((sku) => styleOf(sku) ?? []),
        products: [...products.values()] satisfies SuggestionProduct[],
        levels,
        handled,
      });
      const describe = (sku: string | null) => {
        const p = sku ? products.get(sku) : undefined;
        return p ? [p.name, p.size, p.colour].filter(Boolean).join(' ') : (sku ?? '');
      };
      if (live) setResult(suggestions.map((s) => ({ suggestion: s, product: describe(s.sku) })));
    })();
    return () => {
      live = false;
    };
  }, [db, storeId, key]);
  return result;
}

import { describe, expect, it } from 'vitest';
import { factKinds } from '../fact/kinds.js';
import { accepted, rejected } from '../fact/outcome.js';
import { FactSchema, type Fact } from '../fact/schema.js';
import { ErrorCode } from '../kernel/errors.js';
import type { Sale } from '../sale/schema.js';
import type { StaffMember } from '../staff/schema.js';
import { assignmentsOf } from './assignment.js';
import { decideClientelingFact, type ClientelingContext } from './clienteling-decide.js';
import type { ClientelingFact } from './clienteling-facts.js';
import { scrubbedCustomerPayload } from './privacy.js';
import { contactLogOf, consentRefusal, outreachChannels, outreachLink } from './outreach.js';
import { blankProfile } from './profile.js';
import { profile360, type Profile360Order } from './profile-360.js';
import type { ConsentDecision, CustomerProfile } from './schema.js';
import { daysToBirthday, suggestFollowUps, type SuggestionInput } from './suggestions.js';
import { isOverdue, sortTasks, tasksOf } from './tasks.js';
import { wishlistsOf } from './wishlist.js';

const member = (id: string, over: Partial<StaffMember> = {}): StaffMember => ({
  id,
  storeId: 'S1',
  staffNumber: id.slice(3),
  name: id,
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
  ...over,
});
const staff = new Map([
  ['S1-1001', member('S1-1001')],
  ['S1-1002', member('S1-1002')],
  ['S1-1003', member('S1-1003', { role: 'pickup' })],
  ['S1-1004', member('S1-1004', { active: false })],
  ['S2-2001', member('S2-2001', { storeId: 'S2' })],
]);

let n = 0;
const factId = () => `0193a000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
function fact<K extends ClientelingFact['kind']>(
  kind: K,
  subjectId: string,
  payload: Record<string, unknown>,
  over: Partial<Fact> = {},
): Extract<ClientelingFact, { kind: K }> {
  const raw = {
    id: factId(),
    kind,
    storeId: 'S1',
    deviceId: 'd1',
    associateId: 'S1-1001',
    createdAtDevice: '2026-11-23T16:00:00.000Z',
    subjectId,
    payload,
    ...over,
  };
  return { ...FactSchema.parse(raw), payload: factKinds[kind].payload.parse(payload) } as unknown as Extract<ClientelingFact, { kind: K }>;
}

const consent = (channel: ConsentDecision['channel'], purpose: ConsentDecision['purpose'], given: boolean, at = '2026-11-01T10:00:00.000Z') =>
  ({
    id: `c-${channel}-${purpose}-${at}`,
    channel,
    purpose,
    given,
    method: 'in_store',
    by: 'S1-1001',
    storeId: 'S1',
    decidedAt: at,
  }) satisfies ConsentDecision;

const ana: CustomerProfile = {
  ...blankProfile('cust-ana', '2026-01-01T10:00:00.000Z'),
  name: 'Ana Souza',
  email: 'ana@example.com',
  phone: '+5511987654321',
  stores: ['S2'],
  mergedFrom: ['cust-ana-old'],
};

function ctx(over: Partial<ClientelingContext> = {}, facts: readonly Fact[] = []): ClientelingContext {
  return {
    at: '2026-11-23T16:00:05.000Z',
    staff: (id) => staff.get(id),
    customer: (id) => (id === ana.id || ana.mergedFrom.includes(id) ? ana : undefined),
    fact: (id) => facts.find((f) => f.id === id),
    knownSku: (sku) => sku.startsWith('SKU-'),
    ...over,
  };
}

describe('follow-up tasks, decided by the server', () => {
  it('accepts a task for an associate of the store and adds the customer to the store book', () => {
    const decided = decideClientelingFact(
      fact('customer.task-added', ana.id, { text: 'call when the 38 arrives', dueOn: '2026-11-30', assignee: 'S1-1002' }),
      ctx(),
    );
    expect(decided.ok && decided.value.map((p) => p.stores)).toEqual([['S2', 'S1']]);
  });

  it('refuses a task given to pickup staff, a deactivated associate or staff of another store, naming the assignee', () => {
    for (const assignee of ['S1-1003', 'S1-1004', 'S2-2001']) {
      const decided = decideClientelingFact(fact('customer.task-added', ana.id, { text: 'x', dueOn: '2026-11-30', assignee }), ctx());
      expect(decided.ok ? null : [decided.error.code, decided.error.fieldErrors[0]?.path]).toEqual([
        ErrorCode.ASSOCIATE_NOT_ALLOWED,
        'payload.assignee',
      ]);
    }
  });

  it('refuses a task without text or due date before it can be saved', () => {
    expect(factKinds['customer.task-added'].payload.safeParse({ text: ' ', dueOn: '2026-11-30', assignee: 'S1-1001' }).success).toBe(false);
    expect(factKinds['customer.task-added'].payload.safeParse({ text: 'call', dueOn: 'next week', assignee: 'S1-1001' }).success).toBe(false);
  });

  it('marks done only a task of this store and this customer (or an id merged into them)', () => {
    const task = {
      ...fact('customer.task-added', 'cust-ana-old', { text: 'x', dueOn: '2026-11-30', assignee: 'S1-1001' }),
      outcome: accepted('2026-11-23T16:00:01.000Z'),
    };
    const elsewhere = { ...task, id: factId(), storeId: 'S2' };
    const facts = [task, elsewhere];
    expect(decideClientelingFact(fact('customer.task-done', ana.id, { taskId: task.id }), ctx({}, facts)).ok).toBe(true);
    const foreign = decideClientelingFact(fact('customer.task-done', ana.id, { taskId: elsewhere.id }), ctx({}, facts));
    expect(foreign.ok ? null : foreign.error.code).toBe(ErrorCode.NOT_FOUND);
    const other = { ...ana, id: 'cust-bia', mergedFrom: [] };
    const wrong = decideClientelingFact(
      fact('customer.task-done', 'cust-bia', { taskId: task.id }),
      ctx({ customer: (id) => (id === 'cust-bia' ? other : undefined) }, facts),
    );
    expect(wrong.ok ? null : wrong.error.message).toMatch(/another customer/);
  });

  it('refuses anything about a customer the server does not know, or from staff who are not active here', () => {
    const unknown = decideClientelingFact(fact('customer.assigned', 'nobody', { staffId: 'S1-1001' }), ctx());
    expect(unknown.ok ? null : unknown.error.code).toBe(ErrorCode.NOT_FOUND);
    const inactive = decideClientelingFact(
      fact('customer.contacted', ana.id, { channel: 'sms', purpose: 'service' }, { associateId: 'S1-1004' }),
      ctx(),
    );
    expect(inactive.ok ? null : inactive.error.code).toBe(ErrorCode.ASSOCIATE_NOT_ALLOWED);
  });

  it('folds tasks from facts: done once, refused ones hidden, merged-away ids on the survivor, open ones by due date', () => {
    const a = {
      ...fact('customer.task-added', 'cust-ana-old', { text: 'birthday next week', dueOn: '2026-12-01', assignee: 'S1-1001' }),
      outcome: accepted('2026-11-20T10:00:00.000Z'),
    };
    const b = fact('customer.task-added', ana.id, { text: 'call when the 38 arrives', dueOn: '2026-11-25', assignee: 'S1-1002' });
    const c = {
      ...fact('customer.task-added', ana.id, { text: 'refused', dueOn: '2026-11-25', assignee: 'S1-1003' }),
      outcome: rejected('ASSOCIATE_NOT_ALLOWED', 'no', '2026-11-20T10:00:01.000Z'),
    };
    const done1 = {
      ...fact('customer.task-done', ana.id, { taskId: a.id }, { associateId: 'S1-1002' }),
      outcome: accepted('2026-11-21T10:00:00.000Z'),
    };
    const done2 = { ...fact('customer.task-done', ana.id, { taskId: a.id }), outcome: accepted('2026-11-22T10:00:00.000Z') };
    const tasks = sortTasks(tasksOf([done2, c, a, b, done1], (id) => (id === 'cust-ana-old' ? ana.id : id)));
    expect(tasks.map((t) => [t.text, t.customerId, t.done?.by ?? null, t.pending])).toEqual([
      ['call when the 38 arrives', ana.id, null, true],
      ['birthday next week', ana.id, 'S1-1002', false],
    ]);
    expect(isOverdue(tasks[0]!, '2026-11-26')).toBe(true);
    expect(isOverdue(tasks[1]!, '2026-12-26')).toBe(false);
  });

  it('keeps the latest assignment per customer in server order; null unassigns', () => {
    const first = { ...fact('customer.assigned', ana.id, { staffId: 'S1-1001' }), outcome: accepted('2026-11-20T10:00:00.000Z') };
    const second = { ...fact('customer.assigned', ana.id, { staffId: 'S1-1002' }), outcome: accepted('2026-11-21T10:00:00.000Z') };
    const bia = { ...fact('customer.assigned', 'cust-bia', { staffId: 'S1-1001' }), outcome: accepted('2026-11-21T10:00:00.000Z') };
    const off = fact('customer.assigned', 'cust-bia', { staffId: null });
    expect([...assignmentsOf([second, first, bia])]).toEqual([
      [ana.id, 'S1-1002'],
      ['cust-bia', 'S1-1001'],
    ]);
    expect([...assignmentsOf([second, first, bia, off])]).toEqual([[ana.id, 'S1-1002']]);
  });

  it('keeps a wishlist per customer, the last change per SKU winning', () => {
    const add = { ...fact('customer.wishlist-changed', ana.id, { sku: 'SKU-38', wanted: true }), outcome: accepted('2026-11-20T10:00:00.000Z') };
    const add2 = { ...fact('customer.wishlist-changed', ana.id, { sku: 'SKU-39', wanted: true }), outcome: accepted('2026-11-20T10:00:01.000Z') };
    const remove = fact('customer.wishlist-changed', ana.id, { sku: 'SKU-39', wanted: false });
    expect(
      wishlistsOf([remove, add2, add])
        .get(ana.id)
        ?.map((w) => w.sku),
    ).toEqual(['SKU-38']);
    const unknown = decideClientelingFact(fact('customer.wishlist-changed', ana.id, { sku: 'NOPE', wanted: true }), ctx());
    expect(unknown.ok ? null : unknown.error.code).toBe(ErrorCode.UNKNOWN_SKU);
  });

  it('leaves nothing the customer said in an erased task or wishlist fact, still valid for its kind', () => {
    for (const [kind, payload] of [
      ['customer.task-added', { text: 'call Ana at home', dueOn: '2026-11-30', assignee: 'S1-1001', suggestion: null }],
      ['customer.wishlist-changed', { sku: 'SKU-38', wanted: true, availableThen: 0 }],
    ] as const) {
      const scrubbed = scrubbedCustomerPayload(kind, payload);
      expect(JSON.stringify(scrubbed)).not.toContain('Ana');
      expect(factKinds[kind].payload.safeParse(scrubbed).success).toBe(true);
    }
  });
});

describe('outreach only with consent for the channel and the purpose', () => {
  const withConsents = (...consents: ConsentDecision[]) => ({ ...ana, consents });

  it('offers a channel only when consent for that purpose is given and there is an address', () => {
    const p = withConsents(consent('sms', 'service', true), consent('email', 'marketing', true), consent('whatsapp', 'service', false));
    expect(outreachChannels(p, 'service')).toEqual(['sms']);
    expect(outreachChannels(p, 'marketing')).toEqual(['email']);
    expect(outreachChannels({ ...p, email: null }, 'marketing')).toEqual([]);
    expect(outreachChannels(withConsents(), 'service')).toEqual([]);
  });

  it('says why not: never asked, withdrawn (and when), or no address', () => {
    const p = withConsents(consent('whatsapp', 'marketing', false, '2026-11-22T09:00:00.000Z'), consent('sms', 'marketing', true));
    expect(consentRefusal(p, 'email', 'marketing')).toMatch(/never agreed/);
    expect(consentRefusal(p, 'whatsapp', 'marketing')).toMatch(/withdrew .* 2026-11-22T09:00:00.000Z/);
    expect(consentRefusal({ ...p, phone: null }, 'sms', 'marketing')).toMatch(/no phone number/);
  });

  it('refuses on the server a contact whose consent was withdrawn before the fact arrived, and accepts one still in force', () => {
    const contacted = fact('customer.contacted', ana.id, { channel: 'whatsapp', purpose: 'marketing' });
    const given = withConsents(consent('whatsapp', 'marketing', true));
    expect(decideClientelingFact(contacted, ctx({ customer: () => given })).ok).toBe(true);
    const withdrawn = withConsents(consent('whatsapp', 'marketing', true), consent('whatsapp', 'marketing', false, '2026-11-23T15:59:00.000Z'));
    withdrawn.consents = [consent('whatsapp', 'marketing', false, '2026-11-23T15:59:00.000Z')];
    const refused = decideClientelingFact(contacted, ctx({ customer: () => withdrawn }));
    expect(refused.ok ? null : refused.error.code).toBe(ErrorCode.CUSTOMER_NO_CONSENT);
    // Consent for service says nothing about marketing.
    const serviceOnly = decideClientelingFact(contacted, ctx({ customer: () => withConsents(consent('whatsapp', 'service', true)) }));
    expect(serviceOnly.ok).toBe(false);
  });

  it('opens the device app with the message: mailto with subject, sms with body, wa.me with digits only', () => {
    const message = { subject: 'Seu 38 chegou', body: 'Olá Ana, o tênis chegou & está separado.' };
    expect(outreachLink('email', 'ana@example.com', message)).toBe(
      'mailto:ana@example.com?subject=Seu%2038%20chegou&body=Ol%C3%A1%20Ana%2C%20o%20t%C3%AAnis%20chegou%20%26%20est%C3%A1%20separado.',
    );
    expect(outreachLink('sms', '+5511987654321', message)).toMatch(/^sms:\+5511987654321\?body=Ol%C3%A1/);
    expect(outreachLink('whatsapp', '+5511987654321', message)).toMatch(/^https:\/\/wa\.me\/5511987654321\?text=Ol%C3%A1/);
  });

  it('logs contacts newest first, a refused one flagged with the reason', () => {
    const a = {
      ...fact('customer.contacted', ana.id, { channel: 'sms', purpose: 'service' }, { createdAtDevice: '2026-11-20T10:00:00.000Z' }),
      outcome: accepted('2026-11-20T10:00:01.000Z'),
    };
    const b = {
      ...fact('customer.contacted', ana.id, { channel: 'whatsapp', purpose: 'marketing' }, { createdAtDevice: '2026-11-21T10:00:00.000Z' }),
      outcome: rejected('CUSTOMER_NO_CONSENT', 'withdrew', '2026-11-22T10:00:00.000Z'),
    };
    expect(contactLogOf([a, b]).map((e) => [e.channel, e.status, e.reason])).toEqual([
      ['whatsapp', 'refused', 'withdrew'],
      ['sms', 'accepted', null],
    ]);
  });
});

describe('suggestions from the data on the device', () => {
  const base: SuggestionInput = {
    today: '2026-11-26',
    customers: [{ id: 'c1', birthday: null, sizes: [{ category: 'Calçados', size: '38' }] }],
    lastVisit: () => '2026-11-20T10:00:00.000Z',
    wishlists: new Map(),
    stylesOf: () => [],
    products: [],
    levels: new Map(),
    handled: new Set(),
  };
  const level = (available: number, updatedAt = '2026-11-25T09:00:00.000Z') => ({ available, updatedAt });

  it('suggests a wishlist item back in stock only when it was out when wished and is available now', () => {
    const wishlists = new Map([
      [
        'c1',
        [
          { sku: 'SKU-A', since: '2026-11-01T00:00:00.000Z', availableThen: 0, by: 'S1-1001' },
          { sku: 'SKU-B', since: '2026-11-01T00:00:00.000Z', availableThen: 3, by: 'S1-1001' },
        ],
      ],
    ]);
    const levels = new Map([
      ['SKU-A', level(2)],
      ['SKU-B', level(2)],
    ]);
    expect(suggestFollowUps({ ...base, wishlists, levels }).map((s) => [s.kind, s.sku])).toEqual([['wishlist_in_stock', 'SKU-A']]);
    expect(suggestFollowUps({ ...base, wishlists, levels: new Map([['SKU-A', level(0)]]) })).toEqual([]);
  });

  it("suggests the customer's size of a style they bought when it just arrived, not an old or empty level or another size", () => {
    const products = [
      { sku: 'T-37', category: 'calçados', styleCode: 'TEN', size: '37' },
      { sku: 'T-38', category: 'Calçados', styleCode: 'TEN', size: '38' },
      { sku: 'X-38', category: 'Calçados', styleCode: 'OTHER', size: '38' },
    ];
    const input = {
      ...base,
      products,
      stylesOf: () => ['TEN'],
      levels: new Map([
        ['T-37', level(4)],
        ['T-38', level(1)],
        ['X-38', level(1)],
      ]),
    };
    expect(suggestFollowUps(input).map((s) => [s.kind, s.sku, s.key])).toEqual([['size_arrived', 'T-38', 'size:c1:T-38']]);
    expect(suggestFollowUps({ ...input, levels: new Map([['T-38', level(1, '2026-11-01T00:00:00.000Z')]]) })).toEqual([]);
    expect(suggestFollowUps({ ...input, handled: new Set(['size:c1:T-38']) })).toEqual([]);
  });

  it('suggests a customer not seen for 90 days, never one never seen', () => {
    expect(suggestFollowUps({ ...base, lastVisit: () => '2026-08-28T10:00:00.000Z' }).map((s) => [s.kind, s.days])).toEqual([['not_seen', 90]]);
    expect(suggestFollowUps({ ...base, lastVisit: () => '2026-08-29T10:00:00.000Z' })).toEqual([]);
    expect(suggestFollowUps({ ...base, lastVisit: () => null })).toEqual([]);
  });

  it('suggests a birthday within 7 days, across the new year and on 28 February for a 29 February birthday', () => {
    const bday = (birthday: string, today: string) => suggestFollowUps({ ...base, today, customers: [{ ...base.customers[0]!, birthday }] });
    expect(bday('1990-12-03', '2026-11-26').map((s) => [s.kind, s.days, s.key])).toEqual([['birthday', 7, 'birthday:c1:2026']]);
    expect(bday('1990-12-04', '2026-11-26')).toEqual([]);
    expect(bday('1990-01-02', '2026-12-30').map((s) => s.key)).toEqual(['birthday:c1:2027']);
    expect(daysToBirthday('2000-02-29', '2027-02-27')).toBe(1);
    expect(daysToBirthday('1990-11-26', '2026-11-26')).toBe(0);
  });
});

describe('the 360° figures', () => {
  const sale = (id: string, total: number, at: string, status: 'accepted' | 'rejected' | null = 'accepted') =>
    ({
      id,
      currency: 'BRL',
      totals: { total },
      createdAtDevice: at,
      outcome: status === null ? undefined : status === 'accepted' ? accepted(at) : rejected('X', 'x', at),
    }) as unknown as Sale;
  const order = (id: string, state: Profile360Order['state'], total: number, collectedAt: string | null = null): Profile360Order => ({
    id,
    state,
    totals: { subtotal: total, discount: 0, shipping: 0, tax: 0, total },
    currency: 'BRL',
    placedAt: '2026-10-01T10:00:00.000Z',
    collectedAt,
    storeId: 'S1',
  });
  const returnOf = (source: object, amount: number, status: 'accepted' | 'rejected' = 'accepted') =>
    ({
      ...fact('customer.contacted', ana.id, { channel: 'sms', purpose: 'service' }),
      kind: 'return.recorded',
      payload: { source, refund: { tenders: [{ kind: 'cash', amount }] } },
      outcome: status === 'accepted' ? accepted('2026-11-01T00:00:00.000Z') : rejected('X', 'x', '2026-11-01T00:00:00.000Z'),
    }) as Fact;

  it('adds store sales, other stores and online orders, less refunds; average basket over store sales; last visit includes pickups', () => {
    const figures = profile360({
      currency: 'BRL',
      sales: [
        sale('s1', 10_000, '2026-09-01T10:00:00.000Z'),
        sale('s2', 20_000, '2026-10-01T10:00:00.000Z'),
        sale('s3', 99_999, '2026-11-01T10:00:00.000Z', 'rejected'),
        sale('s4', 6_000, '2026-10-05T10:00:00.000Z', null),
      ],
      otherStores: { count: 2, total: 8_000, lastAt: '2026-10-10T10:00:00.000Z' },
      orders: [order('o1', 'collected', 5_000, '2026-10-20T10:00:00.000Z'), order('o2', 'ready', 7_000), order('o3', 'cancelled', 50_000)],
      returns: [
        returnOf({ kind: 'sale', saleId: 's2' }, 2_000),
        returnOf({ kind: 'sale', saleId: 'other' }, 9_000),
        returnOf({ kind: 'order', orderId: 'o1' }, 1_000, 'rejected'),
      ],
    });
    expect(figures.storeSales).toEqual({ count: 3, total: 36_000 });
    expect(figures.online).toEqual({ count: 2, total: 12_000 });
    expect(figures.returns).toEqual({ count: 1, refunded: 2_000 });
    expect(figures.lifetimeValue).toBe(36_000 + 8_000 + 12_000 - 2_000);
    expect(figures.averageBasket).toBe(Math.round(44_000 / 5));
    expect(figures.visits).toBe(6);
    expect(figures.pickups).toBe(1);
    expect(figures.openOrders).toBe(1);
    expect(figures.lastVisit).toBe('2026-10-20T10:00:00.000Z');
  });

  it('is all zero for a customer who never bought', () => {
    const figures = profile360({ currency: 'BRL', sales: [], otherStores: null, orders: [], returns: [] });
    expect([figures.lifetimeValue, figures.averageBasket, figures.visits, figures.lastVisit]).toEqual([0, 0, 0, null]);
  });
});

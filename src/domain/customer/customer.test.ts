import { describe, expect, it } from 'vitest';
import { FactSchema, type Fact } from '../fact/schema.js';
import { factKinds } from '../fact/kinds.js';
import type { StaffMember } from '../staff/schema.js';
import { storeS1 } from '../testing/fixtures.js';
import { decideCustomerFact, matchOrderCustomer, type CustomerContext } from './decide.js';
import type { CustomerFact } from './facts.js';
import { normalisePhone, parseCustomerForm } from './input.js';
import { optimisticBook } from './optimistic.js';
import { customerLookupValues, displayPhone, type CustomerMatchKey } from './lookup.js';
import { hasConsent } from './profile.js';
import type { CustomerProfile } from './schema.js';
import { customerSearchEntry, searchCustomers } from './search.js';

const staff: StaffMember = {
  id: 'S1-1001',
  storeId: 'S1',
  staffNumber: '1001',
  name: 'Carla',
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
};

let n = 0;
const factId = () => `0193a000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
function fact<K extends CustomerFact['kind']>(
  kind: K,
  subjectId: string,
  payload: Record<string, unknown>,
  createdAtDevice = '2026-11-23T16:00:00.000Z',
) {
  const raw = { id: factId(), kind, storeId: 'S1', deviceId: 'd1', associateId: 'S1-1001', createdAtDevice, subjectId, payload };
  const parsed = factKinds[kind].payload.parse(payload);
  return { ...FactSchema.parse(raw), kind, payload: parsed } as unknown as Extract<CustomerFact, { kind: K }>;
}

/** A server in memory: profiles by id, found by identity and match keys the way the stores' lookup keys find them. */
function server() {
  const docs = new Map<string, CustomerProfile>();
  let clock = Date.parse('2026-11-23T16:00:00.000Z');
  const found = (key: keyof typeof customerLookupValues, value: string) =>
    [...docs.values()].filter((p) => (customerLookupValues[key](p) as string[]).includes(value));
  const tick = () => {
    clock += 1_000;
    return new Date(clock).toISOString();
  };
  const ctx = (): CustomerContext => ({
    at: tick(),
    store: storeS1,
    staff: (id) => (id === staff.id ? staff : undefined),
    byIdentity: (id) => found('identity', id),
    byKey: (key: CustomerMatchKey, value) => found(key, value),
  });
  return {
    docs,
    apply(f: CustomerFact) {
      const decided = decideCustomerFact(f, ctx());
      if (decided.ok) for (const p of decided.value) docs.set(p.id, p);
      return decided;
    },
    intake(order: Parameters<typeof matchOrderCustomer>[0]) {
      for (const p of matchOrderCustomer(order, { ...ctx(), newId: () => `online-${docs.size + 1}` })) docs.set(p.id, p);
    },
    live: () => [...docs.values()].filter((p) => p.mergedInto === null),
  };
}

const ana = { name: 'Ana Souza', phone: '+5511987654321' };

describe('customer facts on the server', () => {
  it('creates a profile in the creating store’s book with the consents given, when and how, by whom', () => {
    const s = server();
    const created = s.apply(
      fact('customer.created', 'c-1', { ...ana, consents: [{ channel: 'whatsapp', purpose: 'marketing', given: true, method: 'in_store' }] }),
    );
    expect(created.ok).toBe(true);
    const profile = s.docs.get('c-1')!;
    expect(profile).toMatchObject({ name: 'Ana Souza', phone: '+5511987654321', stores: ['S1'], mergedInto: null });
    expect(profile.consents).toEqual([
      expect.objectContaining({ channel: 'whatsapp', purpose: 'marketing', given: true, method: 'in_store', by: 'S1-1001' }),
    ]);
    expect(hasConsent(profile, 'whatsapp', 'marketing')).toBe(true);
    expect(hasConsent(profile, 'email', 'marketing')).toBe(false);
  });

  it.each([
    ['phone', { phone: '+5511987654321' }, { phone: '+5511987654321' }],
    ['email', { email: 'ana@example.com' }, { email: 'ANA@example.com ' }],
    ['CPF', { nationalId: { kind: 'cpf', number: '52998224725' } }, { nationalId: { kind: 'cpf', number: '52998224725' } }],
  ])('merges a new customer whose %s is already a profile’s: one profile with both records’ notes and consents', (_key, first, second) => {
    const s = server();
    s.apply(fact('customer.created', 'c-1', { name: 'Ana', ...first }));
    s.apply(fact('customer.note-added', 'c-1', { text: 'prefers slim fit' }));
    const dup = fact('customer.created', 'c-2', {
      name: 'Ana Souza',
      ...second,
      consents: [{ channel: 'sms', purpose: 'service', given: true, method: 'in_store' }],
    });
    expect(s.apply(dup).ok).toBe(true);
    expect(s.live().map((p) => p.id)).toEqual(['c-1']);
    const survivor = s.docs.get('c-1')!;
    expect(survivor.name).toBe('Ana Souza');
    expect(survivor.notes.map((x) => x.text)).toEqual(['prefers slim fit']);
    expect(hasConsent(survivor, 'sms', 'service')).toBe(true);
    expect(survivor.mergedFrom).toEqual(['c-2']);
    expect(s.docs.get('c-2')).toMatchObject({ mergedInto: 'c-1', phone: null, email: null, nationalId: null });
  });

  it('applies a later fact addressed to the merged-away id to the survivor', () => {
    const s = server();
    s.apply(fact('customer.created', 'c-1', ana));
    s.apply(fact('customer.created', 'c-2', ana));
    expect(s.apply(fact('customer.note-added', 'c-2', { text: 'call when the 38 arrives' })).ok).toBe(true);
    expect(s.apply(fact('customer.updated', 'c-2', { fields: { email: 'ana@example.com' } })).ok).toBe(true);
    expect(s.docs.get('c-1')).toMatchObject({ email: 'ana@example.com', notes: [expect.objectContaining({ text: 'call when the 38 arrives' })] });
    expect(s.docs.get('c-2')!.notes).toEqual([]);
  });

  it('keeps the consent decision the server decided last, whatever the device clocks said, and every decision in the history', () => {
    const s = server();
    s.apply(fact('customer.created', 'c-1', ana));
    const consent = (given: boolean, device: string) =>
      fact('customer.consent-changed', 'c-1', { channel: 'email', purpose: 'marketing', given, method: 'in_store' }, device);
    s.apply(consent(true, '2026-11-23T18:00:00.000Z'));
    // Rung up on a tablet whose clock is hours behind, but decided after: it is the newer decision.
    s.apply(consent(false, '2026-11-23T09:00:00.000Z'));
    const p = s.docs.get('c-1')!;
    expect(hasConsent(p, 'email', 'marketing')).toBe(false);
    expect(p.consentHistory.map((d) => d.given)).toEqual([true, false]);
  });

  it('refuses a fact by someone who is not active staff of the store, a fact about an unknown customer and a reused id', () => {
    const s = server();
    const stranger = { ...fact('customer.created', 'c-9', ana), associateId: 'S2-1001' };
    expect(s.apply(stranger)).toMatchObject({ ok: false, error: { code: 'ASSOCIATE_NOT_ALLOWED' } });
    expect(s.apply(fact('customer.note-added', 'nobody', { text: 'hi' }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    s.apply(fact('customer.created', 'c-1', ana));
    expect(s.apply(fact('customer.created', 'c-1', { name: 'Bruno' }))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(s.docs.get('c-1')!.name).toBe('Ana Souza');
  });

  it('refuses a CPF from a store outside Brazil, field by field', () => {
    const decided = decideCustomerFact(fact('customer.created', 'c-1', { name: 'Ana', nationalId: { kind: 'cpf', number: '52998224725' } }), {
      at: '2026-11-23T16:00:00.000Z',
      store: { ...storeS1, currency: 'EUR', address: { ...storeAddress, country: 'PT' } },
      staff: () => staff,
      byIdentity: () => [],
      byKey: () => [],
    });
    expect(decided.ok === false && decided.error.fieldErrors).toEqual([expect.objectContaining({ path: 'payload.nationalId' })]);
  });
});

const storeAddress = {
  street: 'Rua Augusta',
  number: '1',
  city: 'Lisboa',
  region: 'LX',
  postalCode: '1100-053',
  country: 'PT',
};

describe('customer fact payloads', () => {
  const payloadErrors = (kind: CustomerFact['kind'], payload: unknown) => {
    const parsed = factKinds[kind].payload.safeParse(payload);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };
  it('refuse an invalid email, phone or CPF field by field', () => {
    expect(
      payloadErrors('customer.created', { name: 'Ana', email: 'ana@', phone: '11 9876', nationalId: { kind: 'cpf', number: '52998224726' } }),
    ).toEqual(['email', 'phone', 'nationalId.number']);
    expect(payloadErrors('customer.updated', { fields: { phone: '987' } })).toEqual(['fields.phone']);
    expect(payloadErrors('customer.updated', { fields: {} })).toEqual(['fields']);
  });
  it('refuse a consent change without its channel and purpose', () => {
    expect(payloadErrors('customer.consent-changed', { given: true, method: 'in_store' })).toEqual(['channel', 'purpose']);
    expect(payloadErrors('customer.consent-changed', { channel: 'fax', purpose: 'marketing', given: true, method: 'in_store' })).toEqual(['channel']);
  });
});

describe('the customer form', () => {
  it('normalises a phone typed the local way to E.164 with the store’s calling code', () => {
    expect(normalisePhone('(11) 98765-4321', 'BR')).toBe('+5511987654321');
    expect(normalisePhone('011 98765 4321', 'BR')).toBe('+5511987654321');
    expect(normalisePhone('+351 912 345 678', 'BR')).toBe('+351912345678');
    expect(normalisePhone('98765', 'BR')).toBeNull();
    expect(normalisePhone('912 345 678', null)).toBeNull();
  });
  it('shows a Brazilian phone the way it is written there, any other with its country code', () => {
    expect(displayPhone('+5511987654321')).toBe('(11) 98765-4321');
    expect(displayPhone('+551133334444')).toBe('(11) 3333-4444');
    expect(displayPhone('+351912345678')).toBe('+351 912345678');
  });
  it('answers one error per bad field, and the CPF checked by its digits only in Brazil', () => {
    const form = { name: ' ', email: 'ana@', phone: '123', cpf: '529.982.247-26', birthday: '1990-02-30' };
    const parsed = parseCustomerForm(form, 'BR');
    expect(parsed.ok === false && parsed.error.fieldErrors.map((e) => e.path)).toEqual(['name', 'email', 'phone', 'cpf', 'birthday']);
    const good = parseCustomerForm({ name: 'Ana', email: 'ana@example.com', phone: '(11) 98765-4321', cpf: '529.982.247-25', birthday: '' }, 'BR');
    expect(good).toEqual({
      ok: true,
      value: { name: 'Ana', email: 'ana@example.com', phone: '+5511987654321', nationalId: { kind: 'cpf', number: '52998224725' }, birthday: null },
    });
    const abroad = parseCustomerForm({ name: 'Ana', email: '', phone: '', cpf: '52998224725', birthday: '' }, 'PT');
    expect(abroad.ok === false && abroad.error.fieldErrors).toEqual([{ path: 'cpf', message: 'a CPF is only taken in Brazil' }]);
  });
});

describe('order intake', () => {
  const order = (id: string, customer: Partial<Parameters<typeof matchOrderCustomer>[0]['customer']> = {}, storeId: string | null = 'S2') => ({
    id,
    storeId,
    customer: { name: 'Ana Souza', email: 'ana@example.com', phone: '+5511900000000', nationalId: null, ...customer },
  });
  it('makes an unknown customer a new profile with no consent at all, in the pickup store’s book', () => {
    const s = server();
    s.intake(order('o-1'));
    const [p] = s.live();
    expect(p).toMatchObject({ name: 'Ana Souza', email: 'ana@example.com', stores: ['S2'], consents: [], consentHistory: [] });
    expect(p!.history).toEqual([expect.objectContaining({ kind: 'order_matched', ref: 'o-1' })]);
  });
  it('matches a known customer by email, phone or CPF, fills only what the profile lacks and adds the pickup store to the book', () => {
    const s = server();
    s.apply(fact('customer.created', 'c-1', { name: 'Ana S.', phone: '+5511987654321' }));
    s.intake(order('o-1', { phone: '+5511987654321' }));
    s.intake(order('o-2', { email: 'ANA@example.com', phone: '+5511911111111' }, null));
    expect(s.live().map((p) => p.id)).toEqual(['c-1']);
    expect(s.docs.get('c-1')).toMatchObject({ name: 'Ana S.', email: 'ana@example.com', phone: '+5511987654321', stores: ['S1', 'S2'] });
    expect(
      s.docs
        .get('c-1')!
        .history.filter((e) => e.kind === 'order_matched')
        .map((e) => e.ref),
    ).toEqual(['o-1', 'o-2']);
  });
});

describe('searching the store’s book', () => {
  const profile = (id: string, over: Partial<CustomerProfile>) =>
    ({ id, name: '', email: null, phone: null, nationalId: null, ...over }) as CustomerProfile;
  const entries = [
    profile('a', { name: 'Ana Luíza Souza', email: 'ana@example.com', phone: '+5511987654321' }),
    profile('b', { name: 'Bruno Lima', nationalId: { kind: 'cpf', number: '52998224725' } }),
  ].map(customerSearchEntry);
  it('finds by any words of the name (accents folded), an email’s start, phone digits as typed, or CPF digits', () => {
    expect(searchCustomers(entries, 'souza luiza')).toEqual(['a']);
    expect(searchCustomers(entries, 'ana@ex')).toEqual(['a']);
    expect(searchCustomers(entries, '(11) 98765')).toEqual(['a']);
    expect(searchCustomers(entries, '529.982')).toEqual(['b']);
    expect(searchCustomers(entries, 'carla')).toEqual([]);
  });
});

describe('the book on the device', () => {
  const device = (kind: CustomerFact['kind'], subjectId: string, payload: Record<string, unknown>, outcome?: Fact['outcome']) => ({
    ...fact(kind, subjectId, payload),
    ...(outcome && { outcome }),
  });
  it('shows a customer created offline, and notes and consents before they sync, on the profile they now belong to', () => {
    const created = device('customer.created', 'c-new', { name: 'Ana', phone: '+5511987654321' });
    const note = device('customer.note-added', 'c-new', { text: 'prefers slim fit' });
    const onServer = server();
    onServer.apply(fact('customer.created', 'c-1', { name: 'Bruno' }));
    onServer.apply(fact('customer.created', 'c-2', { name: 'Bruno', email: 'bruno@example.com' }));
    onServer.apply(fact('customer.updated', 'c-1', { fields: { email: 'bruno@example.com' } }));
    const late = device('customer.consent-changed', 'c-2', { channel: 'sms', purpose: 'service', given: true, method: 'in_store' });
    const book = optimisticBook([...onServer.docs.values()], [created, note, late]);
    expect(book.get('c-new')).toMatchObject({ name: 'Ana', stores: ['S1'], notes: [expect.objectContaining({ text: 'prefers slim fit' })] });
    const survivor = [...book.values()].find((p) => p.mergedInto === null && p.name === 'Bruno')!;
    expect(hasConsent(survivor, 'sms', 'service')).toBe(true);
  });
  it('drops a fact the server rejected, and one whose effect the replicated profile already shows', () => {
    const onServer = server();
    const created = fact('customer.created', 'c-1', { name: 'Ana' });
    onServer.apply(created);
    const rejectedNote = device(
      'customer.note-added',
      'c-1',
      { text: 'x' },
      { status: 'rejected', code: 'NOT_FOUND', message: null, decidedAt: '2026-11-23T16:00:00.000Z' },
    );
    const book = optimisticBook(
      [...onServer.docs.values()],
      [{ ...created, outcome: { status: 'accepted', code: null, message: null, decidedAt: '2026-11-23T16:00:00.000Z' } }, rejectedNote],
    );
    expect(book.get('c-1')).toEqual(onServer.docs.get('c-1'));
  });
});

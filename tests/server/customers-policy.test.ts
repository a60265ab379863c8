import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchState,
  collections,
  customerLookupValues,
  resolveCustomer,
  type CustomerFact,
  type CustomerProfile,
  type StaffMember,
} from '../../src/domain/index.js';
import { storeS1 } from '../../src/domain/testing/fixtures.js';
import { customerPolicy } from '../../sync-server/customers/policy.js';

/**
 * The customer policy as the engine runs it, without a database: random pushes of customer facts (offline tablets
 * creating the same people by email, phone or CPF, editing, noting, consenting), each batch decided on exactly what
 * the policy's load plan reads. Whatever the order and batching, no decision reads something its plan did not load
 * (which would fail the push and stall the device), one email, phone or CPF belongs to at most one live profile,
 * every pointer leads to a live profile, and no accepted note is lost.
 */
const staff: StaffMember = {
  id: 'S1-1001',
  storeId: 'S1',
  staffNumber: '1001',
  name: 'Ana',
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
};
const emails = ['ana@example.com', 'bia@example.com', null];
const phones = ['+5511987654321', '+5511912345678', null];
const cpfs = [{ kind: 'cpf', number: '52998224725' }, { kind: 'cpf', number: '12345678909' }, null];
const ids = ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'];

const contact = fc.record({ email: fc.constantFrom(...emails), phone: fc.constantFrom(...phones), nationalId: fc.constantFrom(...cpfs) });
const factArb = fc.oneof(
  fc.record({
    kind: fc.constant('customer.created' as const),
    subjectId: fc.constantFrom(...ids),
    payload: contact.map((c) => ({ name: 'Ana', ...c, sizes: [], preferences: [], tags: [], birthday: null, preferredStoreId: null, consents: [] })),
  }),
  fc.record({
    kind: fc.constant('customer.updated' as const),
    subjectId: fc.constantFrom(...ids),
    payload: fc.oneof(
      contact.map((c) => ({ fields: c })),
      fc.constant({ fields: { name: 'Ana Souza' } }),
    ),
  }),
  fc.record({ kind: fc.constant('customer.note-added' as const), subjectId: fc.constantFrom(...ids), payload: fc.constant({ text: 'note' }) }),
  fc.record({
    kind: fc.constant('customer.consent-changed' as const),
    subjectId: fc.constantFrom(...ids),
    payload: fc.record({
      channel: fc.constantFrom('email' as const, 'sms' as const),
      purpose: fc.constant('marketing' as const),
      given: fc.boolean(),
      method: fc.constant('in_store' as const),
    }),
  }),
);

describe('the customer policy over random pushes', () => {
  it('decides every fact on what it loaded, keeps one live profile per email, phone and CPF, and loses no note', () => {
    fc.assert(
      fc.property(fc.array(fc.array(factArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const docs = new Map<string, CustomerProfile>();
        const acceptedNotes: string[] = [];
        let n = 0;
        let clock = Date.parse('2026-11-23T16:00:00.000Z');
        for (const batch of batches) {
          const facts = batch.map((f) => ({
            ...f,
            id: `f-${String(++n).padStart(4, '0')}`,
            storeId: 'S1',
            deviceId: 'd1',
            associateId: 'S1-1001',
            createdAtDevice: '2026-11-23T16:00:00.000Z',
          })) as unknown as CustomerFact[];
          const plan = customerPolicy.load(facts);
          const state = new BatchState(storeS1).loadDocuments('staff', plan.documents?.staff ?? [], [staff]);
          for (const [key, values] of Object.entries(plan.keys?.customers ?? {})) {
            const derive = (customerLookupValues as Record<string, (p: CustomerProfile) => string[]>)[key]!;
            const found = [...docs.values()].filter((p) => derive(p).some((v) => values.includes(v)));
            state.loadKeys('customers', key, values, found);
          }
          // No customer is erased in these pushes: the erasure lookup the plan names finds nothing.
          state.loadKeys('facts', 'erasedCustomer', plan.keys?.facts?.erasedCustomer ?? [], []);
          for (const fact of facts) {
            clock += 1_000;
            const decision = customerPolicy.decide(fact, state, new Date(clock).toISOString());
            if (decision.status !== 'accepted') continue;
            state.apply(decision.effects);
            for (const d of decision.effects.documents) docs.set((d.body as CustomerProfile).id, d.body as CustomerProfile);
            if (fact.kind === 'customer.note-added') acceptedNotes.push(fact.id);
          }
        }
        const live = [...docs.values()].filter((p) => p.mergedInto === null);
        for (const key of ['email', 'phone', 'nationalId'] as const) {
          const values = live.flatMap((p) => customerLookupValues[key](p));
          expect(new Set(values).size).toBe(values.length);
        }
        for (const p of docs.values()) expect(resolveCustomer(p.id, (id) => docs.get(id))?.mergedInto).toBe(null);
        expect(live.flatMap((p) => p.notes.map((x) => x.id)).sort()).toEqual(acceptedNotes.sort());
        expect(collections.customers.lookupKeys).toBe(customerLookupValues);
      }),
      { numRuns: 300 },
    );
  });
});

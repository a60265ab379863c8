import { describe, expect, it } from 'vitest';
import { customerFactKinds } from './facts.js';
import {
  CUSTOMER_ERASED_KIND,
  customerErasureLookupValues,
  customerTombstone,
  ERASED_NAME,
  ERASED_PHONE,
  pseudonymiseOrder,
  scrubbedCustomerPayload,
} from './privacy.js';
import { CustomerSchema, OrderSchema, type Order } from '../order/schema.js';

const person = { name: 'Lia Prado', email: 'lia@example.com', phone: '+5511987654321', nationalId: { kind: 'cpf' as const, number: '52998224725' } };
const address = {
  recipient: 'Lia Prado',
  street: 'Rua Augusta',
  number: '1500',
  complement: 'ap 12',
  district: 'Consolação',
  city: 'São Paulo',
  region: 'SP',
  postalCode: '01304-001',
  country: 'BR',
};

describe('what an erasure leaves', () => {
  it('an order keeps nothing of the person, still a valid contact, and a delivery keeps only city, region, postal code and country', () => {
    const order = {
      id: '01a216d4-380b-7708-9026-590131a81e0e',
      customer: person,
      fulfilment: { type: 'ship' as const, address, carrier: null, trackingCode: null, promisedAt: '2026-11-30T12:00:00.000Z' },
    } as unknown as Order;
    const out = pseudonymiseOrder(order);
    expect(JSON.stringify(out)).not.toMatch(/Lia|lia@|987654321|52998224725|Augusta|1500|ap 12|Consolação/);
    expect(out.customer).toMatchObject({ name: ERASED_NAME, phone: ERASED_PHONE, nationalId: null });
    expect(CustomerSchema.safeParse(out.customer).success).toBe(true);
    expect(OrderSchema.shape.fulfilment.safeParse(out.fulfilment).success).toBe(true);
    expect(out.fulfilment).toMatchObject({ address: { city: 'São Paulo', region: 'SP', postalCode: '01304-001', country: 'BR' } });
  });

  it('every customer fact kind scrubs to a payload valid for its kind with nothing personal in it', () => {
    const payloads: Record<string, Record<string, unknown>> = {
      'customer.created': { ...person, consents: [] },
      'customer.updated': { fields: { email: person.email } },
      'customer.note-added': { text: 'Lia prefers slim fit' },
      'customer.consent-changed': { channel: 'email', purpose: 'marketing', given: true, method: 'in_store' },
    };
    for (const [kind, spec] of Object.entries(customerFactKinds)) {
      const scrubbed = scrubbedCustomerPayload(kind, payloads[kind]!);
      expect(spec.payload.safeParse(scrubbed).success, kind).toBe(true);
      expect(JSON.stringify(scrubbed), kind).not.toMatch(/Lia|lia@|987654321|slim/);
    }
  });

  it('a profile’s deletion carries its id and stores only', () => {
    expect(customerTombstone({ id: 'c1', stores: ['S1', 'S2'], ...({ name: 'Lia' } as object) } as never)).toEqual({
      id: 'c1',
      stores: ['S1', 'S2'],
    });
  });

  it('an erasure is found by the erased id and every id merged into it; other facts by none', () => {
    const erased = { kind: CUSTOMER_ERASED_KIND, subjectId: 'c1', payload: { mergedFrom: ['c0'] } };
    expect(customerErasureLookupValues.erasedCustomer(erased)).toEqual(['c1', 'c0']);
    expect(customerErasureLookupValues.erasedCustomer({ kind: 'customer.note-added', subjectId: 'c1', payload: {} })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { EffectEvent } from '../fact/decision.js';
import { BatchState } from '../fact/state.js';
import type { StaffMember } from '../staff/schema.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { completeCashSale } from './build-sale.js';
import { decideReceiptRequest, ReceiptRequestPayloadSchema, type ReceiptRequest } from './receipt-request.js';
import type { Sale } from './schema.js';

const shoe = product();
const ana: StaffMember = {
  id: 'S1-1001',
  storeId: 'S1',
  staffNumber: '1001',
  name: 'Ana',
  role: 'associate',
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
};
const decided = (status: 'accepted' | 'rejected'): Sale => ({
  ...completeCashSale({
    store: storeS1,
    deviceId: 'd1',
    associateId: ana.id,
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: shoe.price.amount, taxClass: shoe.taxClass }],
    cashTendered: shoe.price.amount,
    receiptNumber: 'S1-01-000001',
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  }),
  outcome: { status, code: null, message: null, decidedAt: '2026-11-23T16:00:00.000Z' },
});
const request = (saleId: string, associateId = ana.id): ReceiptRequest => ({
  id: 'req-1',
  kind: 'sale.receipt-requested',
  storeId: 'S1',
  deviceId: 'd1',
  associateId,
  createdAtDevice: '2026-11-23T16:01:00.000Z',
  subjectId: saleId,
  payload: { email: 'ana@example.com' },
});
const state = (sales: Sale[], staff: StaffMember[] = [ana]) =>
  new BatchState(storeS1).loadDocuments('sales', ['sale-1', 'missing'], sales).loadDocuments('staff', [ana.id, 'S1-9999'], staff);
const mail = (sale: Sale, _store: unknown, email: string): EffectEvent => ({ kind: 'mail', to: email, subject: sale.receiptNumber, text: '' });

describe('decideReceiptRequest', () => {
  it('sends the receipt mail of a sale the server accepted, to the address asked', () => {
    const sale = decided('accepted');
    expect(decideReceiptRequest(request(sale.id), state([sale]), mail)).toEqual({
      status: 'accepted',
      effects: { movements: [], documents: [], events: [{ kind: 'mail', to: 'ana@example.com', subject: 'S1-01-000001', text: '' }] },
    });
  });

  it('refuses a sale the server does not have yet, and one it rejected, saying which', () => {
    const missing = decideReceiptRequest(request('missing'), state([]), mail);
    expect(missing).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND', message: expect.stringMatching(/not on the server yet/) } });
    const rejected = decided('rejected');
    expect(decideReceiptRequest(request(rejected.id), state([rejected]), mail)).toMatchObject({
      status: 'rejected',
      error: { message: expect.stringMatching(/S1-01-000001 was not accepted/) },
    });
  });

  it('refuses someone who is not active staff of the store', () => {
    const sale = decided('accepted');
    expect(decideReceiptRequest(request(sale.id, 'S1-9999'), state([sale]), mail)).toMatchObject({
      status: 'rejected',
      error: { code: 'ASSOCIATE_NOT_ALLOWED' },
    });
    expect(decideReceiptRequest(request(sale.id), state([sale], [{ ...ana, active: false }]), mail)).toMatchObject({ status: 'rejected' });
  });

  it('takes only an email address', () => {
    expect(ReceiptRequestPayloadSchema.safeParse({ email: 'ana@example.com' }).success).toBe(true);
    for (const email of ['ana@', 'ana example.com', '', `${'a'.repeat(250)}@x.com`])
      expect(ReceiptRequestPayloadSchema.safeParse({ email }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { BatchState } from '../fact/state.js';
import type { Fact } from '../fact/schema.js';
import type { StaffMember } from '../staff/schema.js';
import { product, storeS1 } from '../testing/fixtures.js';
import { level } from '../testing/orders.js';
import { decideTransferRequest, decideTransferStep, expireHolds } from './decide.js';
import { foldTransfer } from './fold.js';
import { factAudience, transferLookupValues } from './lookup.js';
import { TransferRequestPayloadSchema, type TransferRequest } from './schema.js';
import { allowedTransferActions } from './transitions.js';

const SKU = product().sku;
const NOW = '2026-11-26T12:00:00.000Z';
const LATER = '2026-11-26T18:00:00.000Z';
const staff = (storeId: string, role: StaffMember['role'] = 'associate'): StaffMember => ({
  id: `${storeId}-1001`,
  storeId,
  staffNumber: '1001',
  name: 'Ana',
  role,
  active: true,
  pinVerifier: { algorithm: 'PBKDF2-SHA256', iterations: 100_000, salt: 'c2FsdA==', hash: 'aGFzaA==' } as never,
});
let n = 0;
const id = () => `0193a0b0-0000-7000-8000-${String(++n).padStart(12, '0')}`;

const fact = (storeId: string, kind: string, subjectId: string, payload: Record<string, unknown>, outcome?: Fact['outcome']): Fact => {
  const factId = id();
  return {
    id: factId,
    kind,
    storeId,
    deviceId: `${storeId}-d1`,
    associateId: `${storeId}-1001`,
    createdAtDevice: NOW,
    subjectId: subjectId || factId,
    payload,
    ...(outcome ? { outcome } : {}),
  };
};
const ok = (at = NOW) => ({ status: 'accepted' as const, code: null, message: null, decidedAt: at });
const holdRequest = (over: Record<string, unknown> = {}) => {
  const f = fact('S1', 'transfer.requested', '', {
    mode: 'hold',
    fromStoreId: 'S2',
    sku: SKU,
    quantity: 2,
    holdUntil: LATER,
    customer: { name: 'Maria Silva', phone: '+55 11 98888-7777', address: null },
    note: '',
    ...over,
  });
  return f as TransferRequest;
};
const step = (storeId: string, kind: string, request: Fact, extra: Record<string, unknown> = {}) =>
  fact(storeId, kind, request.id, {
    peerStoreId: storeId === 'S2' ? 'S1' : 'S2',
    sku: SKU,
    quantity: request.payload.quantity,
    ...extra,
  });

/** The state a push of S2's device decides on: S2's staff, the product, S2's level and the transfer's history. */
function stateFor(storeId: string, history: readonly Fact[], onHand = 1, reserved = 0) {
  const state = new BatchState({ ...storeS1, id: storeId });
  state.loadDocuments('staff', [`${storeId}-1001`], [staff(storeId)]);
  state.loadDocuments('products', [SKU], [product()]);
  state.loadDocuments('stores', ['S1', 'S2', 'S9'], [storeS1, { ...storeS1, id: 'S2' }]);
  state.loadLevels([`S2:${SKU}`, `S1:${SKU}`], [level('S2', SKU, onHand, reserved)]);
  const subject = history[0]?.id ?? 'none';
  state.loadKeys('facts', 'transfer', [subject], history);
  return state;
}

describe('a hold or transfer request', () => {
  it('carries what the other store needs of the customer and nothing more', () => {
    const base = { fromStoreId: 'S2', sku: SKU, quantity: 1 };
    const customer = { name: 'Maria', phone: '+55 11 98888-7777' };
    expect(TransferRequestPayloadSchema.safeParse({ ...base, mode: 'hold', holdUntil: LATER, customer }).success).toBe(true);
    // A hold needs a name and phone (staff call the customer out), never an address; a shipment needs the address.
    expect(TransferRequestPayloadSchema.safeParse({ ...base, mode: 'hold', holdUntil: LATER }).success).toBe(false);
    expect(
      TransferRequestPayloadSchema.safeParse({
        ...base,
        mode: 'hold',
        holdUntil: LATER,
        customer: { ...customer, address: { street: 'R. A, 1', city: 'BH', postalCode: '30000-000' } },
      }).success,
    ).toBe(false);
    expect(TransferRequestPayloadSchema.safeParse({ ...base, mode: 'to_customer', customer }).success).toBe(false);
    // A transfer to the asking store tells the sender nothing about the customer.
    expect(TransferRequestPayloadSchema.safeParse({ ...base, mode: 'to_store', customer }).success).toBe(false);
    expect(TransferRequestPayloadSchema.safeParse({ ...base, mode: 'to_store' }).success).toBe(true);
  });

  it('reaches exactly the two stores of the transfer; other facts stay with their store', () => {
    const request = holdRequest();
    expect(factAudience(request)).toEqual(['S1', 'S2']);
    expect(factAudience(step('S2', 'transfer.accepted', request))).toEqual(['S2', 'S1']);
    expect(factAudience(fact('S1', 'stock.count', SKU, { counted: 1 }))).toEqual(['S1']);
    expect(transferLookupValues.transfer(step('S2', 'transfer.declined', request))).toEqual([request.id]);
    expect(transferLookupValues.holdDue(step('S2', 'transfer.accepted', request, { holdUntil: LATER }))).toEqual(['2026-11-26']);
  });

  it('is refused for the asking store itself, an unknown store, or a hold ending in the past or beyond 14 days', () => {
    const state = stateFor('S1', []);
    expect(decideTransferRequest(holdRequest(), state, NOW).status).toBe('accepted');
    const code = (r: TransferRequest) => {
      const d = decideTransferRequest(r, state, NOW);
      return d.status === 'rejected' ? d.error.code : null;
    };
    expect(code(holdRequest({ fromStoreId: 'S1' }))).toBe('TRANSFER_SAME_STORE');
    expect(code(holdRequest({ fromStoreId: 'S9' }))).toBe('TRANSFER_STORE_UNKNOWN');
    expect(code(holdRequest({ holdUntil: '2026-11-26T11:00:00.000Z' }))).toBe('TRANSFER_HOLD_TIME');
    expect(code(holdRequest({ holdUntil: '2026-12-20T11:00:00.000Z' }))).toBe('TRANSFER_HOLD_TIME');
  });
});

describe('the transfer state machine', () => {
  it('offers each store only its own steps', () => {
    expect(allowedTransferActions('hold', 'requested', 'sender')).toEqual(['accept', 'decline']);
    expect(allowedTransferActions('hold', 'requested', 'requester')).toEqual(['cancel']);
    expect(allowedTransferActions('hold', 'held', 'sender')).toEqual(['release']);
    expect(allowedTransferActions('to_store', 'accepted', 'sender')).toEqual(['ship']);
    expect(allowedTransferActions('to_store', 'in_transit', 'requester')).toEqual(['receive']);
    expect(allowedTransferActions('to_customer', 'shipped', 'requester')).toEqual([]);
    expect(allowedTransferActions('hold', 'held', 'server')).toEqual(['expire']);
  });

  it('an accepted hold reserves every unit asked for, even beyond what is available, and says by how much', () => {
    const request = { ...holdRequest({ quantity: 3 }), outcome: ok() };
    const accept = step('S2', 'transfer.accepted', request, { holdUntil: LATER, availableSeen: 1 });
    const decision = decideTransferStep(accept, stateFor('S2', [request], 1), NOW);
    expect(decision.status).toBe('accepted');
    if (decision.status !== 'accepted') return;
    expect(decision.effects.movements).toEqual([
      expect.objectContaining({ storeId: 'S2', sku: SKU, quantity: 3, reason: 'reservation', id: `${request.id}:reserve` }),
    ]);
    const held = foldTransfer([request, { ...accept, outcome: ok() }])!;
    expect(held).toMatchObject({ state: 'held', short: 2, holdUntil: LATER });
  });

  it("refuses another store's steps as unknown, and a step taken first elsewhere naming where and when", () => {
    const request = { ...holdRequest(), outcome: ok() };
    const byS3 = { ...step('S2', 'transfer.accepted', request, { holdUntil: LATER }), storeId: 'S3' };
    const s3 = decideTransferStep(byS3, stateFor('S3', [request]), NOW);
    expect(s3).toMatchObject({ status: 'rejected', error: { code: 'TRANSFER_NOT_FOUND' } });

    const declined = { ...step('S2', 'transfer.declined', request, { reason: 'not_in_stock', note: '' }), outcome: ok('2026-11-26T12:01:00.000Z') };
    const late = step('S2', 'transfer.accepted', request, { holdUntil: LATER });
    const decision = decideTransferStep(late, stateFor('S2', [request, declined]), NOW);
    expect(decision).toMatchObject({ status: 'rejected', error: { code: 'TRANSFER_ALREADY_DECIDED' } });
    if (decision.status === 'rejected') expect(decision.error.message).toContain('declined (store S2, 2026-11-26T12:01:00.000Z)');

    const byRequester = step('S1', 'transfer.accepted', request, { holdUntil: LATER });
    expect(decideTransferStep(byRequester, stateFor('S1', [request]), NOW)).toMatchObject({ error: { code: 'TRANSFER_NOT_ALLOWED' } });
    const wrongQuantity = step('S2', 'transfer.accepted', request, { holdUntil: LATER, quantity: 5 });
    expect(decideTransferStep(wrongQuantity, stateFor('S2', [request]), NOW)).toMatchObject({ error: { code: 'TRANSFER_MISMATCH' } });
  });

  it('a transfer leaves the sender when shipped and enters the requester when the right item is scanned in', () => {
    const request = { ...holdRequest({ mode: 'to_store', holdUntil: null, customer: null }), outcome: ok() };
    const accepted = { ...step('S2', 'transfer.accepted', request), outcome: ok() };
    const ship = step('S2', 'transfer.shipped', request);
    const shipped = decideTransferStep(ship, stateFor('S2', [request, accepted]), NOW);
    expect(shipped.status === 'accepted' && shipped.effects.movements.map((m) => [m.storeId, m.reason, m.quantity])).toEqual([
      ['S2', 'release', -2],
      ['S2', 'transfer', -2],
    ]);
    const inTransit = [request, accepted, { ...ship, outcome: ok() }];
    expect(foldTransfer(inTransit)!.state).toBe('in_transit');
    const wrongScan = step('S1', 'transfer.received', request, { scanned: '7890000000999' });
    expect(decideTransferStep(wrongScan, stateFor('S1', inTransit), NOW)).toMatchObject({ error: { code: 'TRANSFER_SCAN_MISMATCH' } });
    const receive = step('S1', 'transfer.received', request, { scanned: product().barcode });
    const received = decideTransferStep(receive, stateFor('S1', inTransit), NOW);
    expect(received.status === 'accepted' && received.effects.movements.map((m) => [m.storeId, m.reason, m.quantity])).toEqual([
      ['S1', 'transfer', 2],
    ]);
  });

  it('expires a held hold at its time, once, releasing what it reserved at the sender', () => {
    const request = { ...holdRequest(), outcome: ok() };
    const accepted = { ...step('S2', 'transfer.accepted', request, { holdUntil: LATER }), outcome: ok() };
    const held = foldTransfer([request, accepted])!;
    expect(expireHolds([held], new Date('2026-11-26T17:59:59.000Z'), id).facts).toEqual([]);
    const { facts, movements } = expireHolds([held], new Date(LATER), id);
    expect(facts).toEqual([
      expect.objectContaining({ kind: 'hold.expired', storeId: 'S2', subjectId: request.id, payload: { peerStoreId: 'S1', sku: SKU, quantity: 2 } }),
    ]);
    expect(movements).toEqual([expect.objectContaining({ id: `${request.id}:release`, storeId: 'S2', quantity: -2, reason: 'release' })]);
    const expired = foldTransfer([request, accepted, facts[0]!])!;
    expect(expired.state).toBe('expired');
    expect(expireHolds([expired], new Date(LATER), id).facts).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { completeSale } from '../sale/build-sale.js';
import { SaleSchema, SaleSchemaV2 } from '../sale/schema.js';
import { CREDIT_AS_PIX_TXID, saleV1, saleV2 } from '../sale/versions.js';
import { verifySale } from '../sale/verify-sale.js';
import { addTender, settleTenders, tenderState } from '../tender/state.js';
import type { PaymentTender } from '../tender/schema.js';
import { cashTender, cardTender, reversed } from '../testing/sales.js';
import { fixedClock, product, sequentialIds, storeS1 } from '../testing/fixtures.js';
import { issueEntry, redemptionEntries } from './entries.js';
import { postEntries, postEntry } from './ledger.js';
import { decideRedemption } from './redeem.js';
import { newCreditCode, normalizeCreditCode, TypedCreditCodeSchema, type CreditEntry } from './schema.js';

const CODE = 'GIFT7K2M9QXD4R8T';
const credit = (id: string, amount: number, check: 'online' | 'offline' | 'exchange' = 'online'): PaymentTender => ({
  kind: 'credit',
  id,
  amount,
  code: CODE,
  check,
});
const at = '2026-11-26T10:00:00.000Z';
const entry = (over: Partial<CreditEntry>): CreditEntry => ({
  id: 'e1',
  code: CODE,
  kind: 'redeem',
  amount: -1000,
  currency: 'BRL',
  storeId: 'S1',
  factId: 'f1',
  offline: false,
  at,
  ...over,
});

describe('credit codes', () => {
  it('draws 16 unambiguous characters and reads a code however it is typed', () => {
    const code = newCreditCode();
    expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{16}$/);
    expect(newCreditCode()).not.toBe(code);
    expect(normalizeCreditCode(' gift-7k2m 9qxd-4r8t ')).toBe(CODE);
    expect(TypedCreditCodeSchema.safeParse('short').success).toBe(false);
  });
});

describe('tender arithmetic with a credit', () => {
  it('counts a credit like a card: it pays part of the total, never more than the balance, and gives no change', () => {
    const split = [credit('c1', 6000), cashTender('k1', 5000)];
    const state = tenderState(10000, split);
    expect(state).toMatchObject({ complete: true, change: 1000, paid: 11000 });
    const over = addTender(10000, [], credit('c2', 10001));
    expect(over.ok).toBe(false);
    expect(settleTenders(10000, [credit('c3', 10000)]).ok).toBe(true);
    expect(settleTenders(10000, [credit('c3', 9000)]).ok).toBe(false);
  });

  it('a reversed credit tender pays nothing and redeems nothing', () => {
    const tenders = [reversed(credit('c1', 4000)), credit('c2', 3000), cardTender('k1', 7000)];
    expect(tenderState(10000, tenders).complete).toBe(true);
    const entries = redemptionEntries({ id: 'sale-1', storeId: 'S2', currency: 'BRL', tenders }, at);
    expect(entries).toEqual([
      { id: 'sale-1:c2', code: CODE, kind: 'redeem', amount: -3000, currency: 'BRL', storeId: 'S2', factId: 'sale-1', offline: false, at },
    ]);
  });
});

describe('redeeming at the till', () => {
  const online = (balance: number, currency = 'BRL') => ({ via: 'online' as const, credit: { code: CODE, currency, balance } });

  it('online: up to the balance the server gave; an unknown code or another currency is refused', () => {
    expect(decideRedemption({ amount: 5000, storeCurrency: 'BRL', known: online(5000), offlineLimit: 0 })).toEqual({ ok: true, check: 'online' });
    expect(decideRedemption({ amount: 5001, storeCurrency: 'BRL', known: online(5000), offlineLimit: 99999 })).toEqual({
      ok: false,
      reason: 'balance',
      available: 5000,
    });
    expect(decideRedemption({ amount: 1, storeCurrency: 'BRL', known: online(-300), offlineLimit: 0 })).toMatchObject({
      reason: 'balance',
      available: 0,
    });
    expect(decideRedemption({ amount: 1, storeCurrency: 'BRL', known: { via: 'online', credit: null }, offlineLimit: 0 })).toMatchObject({
      reason: 'unknown',
    });
    expect(decideRedemption({ amount: 1, storeCurrency: 'BRL', known: online(100, 'USD'), offlineLimit: 0 })).toMatchObject({ reason: 'currency' });
  });

  it("offline: up to the store's limit, and nothing where the store set none", () => {
    const offline = { via: 'offline' as const };
    expect(decideRedemption({ amount: 20000, storeCurrency: 'BRL', known: offline, offlineLimit: 20000 })).toEqual({ ok: true, check: 'offline' });
    expect(decideRedemption({ amount: 20001, storeCurrency: 'BRL', known: offline, offlineLimit: 20000 })).toEqual({
      ok: false,
      reason: 'offline_limit',
      available: 20000,
    });
    expect(decideRedemption({ amount: 1, storeCurrency: 'BRL', known: offline, offlineLimit: undefined })).toMatchObject({ reason: 'offline_limit' });
  });

  it('an exchange takes up to the credit its return just issued, offline or not', () => {
    const issued = { via: 'exchange' as const, credit: { code: CODE, currency: 'BRL', balance: 12990 } };
    expect(decideRedemption({ amount: 12990, storeCurrency: 'BRL', known: issued, offlineLimit: 0 })).toEqual({ ok: true, check: 'exchange' });
    expect(decideRedemption({ amount: 12991, storeCurrency: 'BRL', known: issued, offlineLimit: 0 })).toMatchObject({ reason: 'balance' });
  });
});

describe('the ledger: reconciling redemptions when they arrive', () => {
  const issued = issueEntry({ factId: 'ret-1', storeId: 'S1', code: CODE, amount: 10000, currency: 'BRL', origin: 'return', at });

  it('an offline redemption above the balance is applied and flagged overdrawn, never silently negative', () => {
    const { credits, posted } = postEntries(new Map(), [issued, entry({ id: 'sale-9:t1', amount: -15000, offline: true, storeId: 'S2' })]);
    const after = credits.get(CODE)!;
    expect(after.balance).toBe(-5000);
    expect(after.flag).toMatchObject({ reason: 'overdrawn', entryId: 'sale-9:t1', storeId: 'S2' });
    expect(posted.map((p) => [p.balanceAfter, p.overdraw])).toEqual([
      [10000, 0],
      [-5000, 5000],
    ]);
  });

  it('a redemption within the balance leaves no flag, and the same entry posted again changes nothing', () => {
    const first = postEntries(new Map(), [issued, entry({ amount: -4000 })]);
    expect(first.credits.get(CODE)).toMatchObject({ balance: 6000, flag: null, origin: 'return', issuedStoreId: 'S1' });
    const again = postEntries(first.credits, [entry({ amount: -4000 })], new Set(['e1', issued.id]));
    expect(again.posted).toEqual([]);
    expect(again.credits.get(CODE)!.balance).toBe(6000);
  });

  it("an exchange sale that reaches the server before its return's credit is flagged, then cleared by the issue", () => {
    const early = postEntry(undefined, entry({ amount: -8000 }));
    expect(early.credit).toMatchObject({ balance: -8000, origin: 'unknown', flag: { reason: 'overdrawn' } });
    const late = postEntry(early.credit, issued);
    expect(late.credit).toMatchObject({ balance: 2000, origin: 'return', flag: null });
  });

  it('a redemption in another currency is recorded and flagged, not added to the balance', () => {
    const base = postEntry(undefined, issued).credit;
    const foreign = postEntry(base, entry({ currency: 'USD', amount: -500 }));
    expect(foreign.credit).toMatchObject({ balance: 10000, flag: { reason: 'currency_mismatch' } });
    expect(foreign.posted.applied).toBe(false);
  });
});

describe('sales v3 (credit tender) and apps on v2', () => {
  const shoe = product();
  const sale = completeSale({
    store: storeS1,
    deviceId: 'd1',
    associateId: 'S1-1001',
    receiptNumber: 'S1-03-000124',
    lines: [{ sku: shoe.sku, name: shoe.name, quantity: 1, unitPrice: 12990, taxClass: 'standard' }],
    tenders: [credit('t1', 10000, 'offline'), cashTender('t2', 5000)],
    customerId: null,
    newId: sequentialIds('sale'),
    clock: fixedClock(),
  });

  it('a sale paid partly by credit checks out on the server like any other', () => {
    expect(SaleSchema.safeParse(sale).success).toBe(true);
    expect(verifySale(sale, storeS1, new Map([[shoe.sku, shoe]])).ok).toBe(true);
    expect(sale.totals).toMatchObject({ tendered: 15000, change: 2010 });
  });

  it("a v2 app's sale upgrades unchanged", () => {
    const v2 = { ...sale, tenders: [cashTender('t2', 15000)] };
    expect(SaleSchemaV2.safeParse(v2).success).toBe(true);
    expect(saleV2.upgrade(v2)).toBe(v2);
  });

  it('a credit tender reaches a v2 app as a Pix whose reference says store credit (code masked), the amounts still adding up', () => {
    const down = saleV2.downgrade(sale);
    expect(SaleSchemaV2.safeParse(down).success).toBe(true);
    expect(down.tenders[0]).toEqual({
      kind: 'pix',
      id: 't1',
      amount: 10000,
      txid: CREDIT_AS_PIX_TXID,
      reference: 'store credit ••••4R8T',
      confirmedBy: 'S1-1001',
    });
    expect(JSON.stringify(down)).not.toContain(CODE);
    // v1 apps see "not cash", as they do for card and Pix.
    expect(saleV1.downgrade(sale).tenders.map((t) => t.kind)).toEqual(['card', 'cash']);
  });
});

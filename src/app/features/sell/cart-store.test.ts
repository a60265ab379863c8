import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { completeCashSale } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import type { CartLine } from './cart.js';
import { parkCart, parkedCarts$, restoreCart, takeParkedCart, writeCart, type SaleExtras } from './cart-store.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `carts${++n}`, devMode: true, collections: ['sales'] }));

const lines: CartLine[] = [{ sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 2, unitPrice: 1000, taxClass: 'standard', barcode: '7890000000017' }];
const ana = { staffId: 'S1-1001', name: 'Ana' };
const saleOf = (id: string) =>
  completeCashSale({ store: storeS1, deviceId: 'dev-1', associateId: 'S1-1001', lines, cashTendered: 5_000, newId: () => id, clock: fixedClock() });

describe('the cart in progress, kept on the device', () => {
  it('comes back as it was written, with who started it', async () => {
    const db = await open();
    expect(await restoreCart(db)).toEqual({ lines: [], startedBy: null });
    await writeCart(db, { lines, startedBy: ana });
    expect(await restoreCart(db)).toEqual({ lines, startedBy: ana });
  });

  it('is dropped at start when the app died after its sale was written, and kept when it died before', async () => {
    const db = await open();
    const sold = saleOf('01900000-0000-7000-8000-000000000001');
    await writeCart(db, { lines, startedBy: ana, completingSaleId: sold.id });
    await db.sales.insert(sold);
    expect(await restoreCart(db)).toEqual({ lines: [], startedBy: null });

    await writeCart(db, { lines, startedBy: ana, completingSaleId: '01900000-0000-7000-8000-000000000002' });
    expect(await restoreCart(db)).toEqual({ lines, startedBy: ana });
    // Settled once: the marker is gone, so a later start keeps the cart too.
    expect(await restoreCart(db)).toEqual({ lines, startedBy: ana });
  });

  it('reads a damaged saved cart as an empty one rather than stopping the till', async () => {
    const db = await open();
    await db.upsertLocal('cart', { lines: [{ sku: 'X', quantity: -1 }], startedBy: null });
    expect(await restoreCart(db)).toEqual({ lines: [], startedBy: null });
  });
});

describe('the sale in progress beside its lines', () => {
  const extras = {
    cartDiscount: { kind: 'percent', value: 1500, reason: 'loyalty' },
    discountApprovedBy: 'S1-9001',
    voidedLines: [{ sku: 'MEI-0001', name: 'Meia', quantity: 1, unitPrice: 1990, voidedBy: 'S1-1001' }],
    customerTaxId: '52998224725',
    tenders: [{ id: 't1', kind: 'card', amount: 1000, funding: 'credit', brand: 'visa', last4: '4242', approvalCode: 'A1B2C3', installments: 3 }],
  } satisfies SaleExtras;

  it('keeps the discounts, their approval, voided lines, CPF na nota and the tenders taken across a reload', async () => {
    const db = await open();
    const withDiscount = [{ ...lines[0]!, manualDiscount: { kind: 'amount', value: 500, reason: 'damaged_item' } as const }];
    await writeCart(db, { lines: withDiscount, startedBy: ana, ...extras });
    expect(await restoreCart(db)).toEqual({ lines: withDiscount, startedBy: ana, ...extras });
  });

  it('after a crash between Complete and the receipt, drops the cart of a written sale and keeps the tenders of one not written', async () => {
    const db = await open();
    const cart = { lines, startedBy: ana, ...extras };
    const sold = saleOf('01900000-0000-7000-8000-000000000003');
    await writeCart(db, { ...cart, completingSaleId: sold.id });
    await db.sales.insert(sold);
    expect(await restoreCart(db)).toEqual({ lines: [], startedBy: null });

    // Not written: the card already charged is still on the cart, so completing again takes it once, not twice.
    await writeCart(db, { ...cart, completingSaleId: '01900000-0000-7000-8000-000000000004' });
    expect(await restoreCart(db)).toEqual(cart);
  });

  it('reads one damaged part as none and keeps the lines and the rest', async () => {
    const db = await open();
    const damagedLine = { ...lines[0]!, manualDiscount: { kind: 'percent', value: 99_999 } };
    await db.upsertLocal('cart', { lines: [damagedLine], startedBy: ana, ...extras, tenders: [{ kind: 'card', amount: 1 }] });
    const restored = await restoreCart(db);
    expect(restored.lines).toEqual([{ ...lines[0]!, manualDiscount: undefined }]);
    expect(restored.tenders).toBeUndefined();
    expect(restored).toMatchObject({ discountApprovedBy: 'S1-9001', customerTaxId: '52998224725', voidedLines: extras.voidedLines });
  });
});

describe('parked carts', () => {
  it('are listed oldest first with their name, and resumed once', async () => {
    const db = await open();
    await parkCart(db, { id: 'p1', name: 'Maria, vestido', lines, parkedBy: ana, parkedAt: '2026-11-26T10:00:00.000Z' });
    await parkCart(db, {
      id: 'p2',
      name: 'João',
      lines: lines.map((l) => ({ ...l, quantity: 1 })),
      parkedBy: null,
      parkedAt: '2026-11-26T10:05:00.000Z',
    });
    expect((await firstValueFrom(parkedCarts$(db))).map((c) => c.name)).toEqual(['Maria, vestido', 'João']);

    expect(await takeParkedCart(db, 'p1')).toMatchObject({ name: 'Maria, vestido', lines, parkedBy: ana });
    expect(await takeParkedCart(db, 'p1')).toBeNull(); // resumed in another tab meanwhile: nothing twice
    expect((await firstValueFrom(parkedCarts$(db))).map((c) => c.id)).toEqual(['p2']);
  });
});

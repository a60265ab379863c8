import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChange, blankProfile, type CustomerProfile, type Fact } from '../../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { addDays, sendOutreach, storeToday } from './clienteling-data.js';
import type { CustomerRecorder } from './customer-data.js';

let db: VitrineDatabase | undefined;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({
    storage: getRxStorageMemory(),
    name: `clienteling${++n}`,
    devMode: true,
    collections: ['customers', 'facts'],
  }));

const at = '2026-11-20T10:00:00.000Z';
const consenting = (given: boolean, decidedAt = at): CustomerProfile =>
  applyChange(
    applyChange(blankProfile('c-1', at), {
      id: 'c-1:created',
      kind: 'created',
      at,
      by: 'S1-1001',
      storeId: 'S1',
      fields: { name: 'Helena Costa', phone: '+5511977771234' },
    }),
    {
      id: `c-1:consent:${decidedAt}`,
      kind: 'consent_changed',
      at: decidedAt,
      by: 'S1-1001',
      storeId: 'S1',
      channel: 'whatsapp',
      purpose: 'marketing',
      given,
      method: 'in_store',
    },
  );
const message = { subject: 'Loja', body: 'Olá Helena' };
const contacted = async (d: VitrineDatabase) =>
  (await d.facts.find({ selector: { kind: 'customer.contacted' } }).exec()).map((x) => x.toJSON() as Fact);

describe('sending outreach from the device', () => {
  it('logs the contact and answers the link when the consent is in force at the moment of sending', async () => {
    const d = await open();
    await d.customers.insert({ ...consenting(true), stores: ['S1'] });
    const by: CustomerRecorder = { db: d, storeId: 'S1', deviceId: 'dev-1', staffId: 'S1-1001' };
    const result = await sendOutreach(by, 'c-1', 'whatsapp', 'marketing', message);
    expect(result).toEqual({ ok: true, url: 'https://wa.me/5511977771234?text=Ol%C3%A1%20Helena' });
    expect((await contacted(d)).map((f) => [f.subjectId, f.payload, f.associateId])).toEqual([
      ['c-1', { channel: 'whatsapp', purpose: 'marketing' }, 'S1-1001'],
    ]);
  });

  it('refuses and logs nothing when the consent was withdrawn since the screen opened (replicated, or recorded here and not yet synced)', async () => {
    const d = await open();
    const by: CustomerRecorder = { db: d, storeId: 'S1', deviceId: 'dev-1', staffId: 'S1-1001' };
    await d.customers.insert({ ...consenting(true), stores: ['S1'] });
    // Recorded on this device, still pending: the book folds it in.
    await d.facts.insert({
      id: '01900000-0000-7000-8000-000000000001',
      kind: 'customer.consent-changed',
      storeId: 'S1',
      deviceId: 'dev-1',
      associateId: 'S1-1001',
      createdAtDevice: '2026-11-21T10:00:00.000Z',
      subjectId: 'c-1',
      payload: { channel: 'whatsapp', purpose: 'marketing', given: false, method: 'in_store' },
    });
    const pending = await sendOutreach(by, 'c-1', 'whatsapp', 'marketing', message);
    expect(pending.ok ? null : pending.reason).toMatch(/withdrew consent/);

    // Replicated from another device: the profile itself says withdrawn.
    await d.facts.find().remove();
    await d.customers.upsert({ ...consenting(false, '2026-11-22T10:00:00.000Z'), stores: ['S1'] });
    const replicated = await sendOutreach(by, 'c-1', 'whatsapp', 'marketing', message);
    expect(replicated.ok).toBe(false);
    expect(await contacted(d)).toEqual([]);
  });
});

describe('store dates', () => {
  it("gives the store's calendar date in its time zone, and adds days across a month", () => {
    expect(storeToday('America/Sao_Paulo', new Date('2026-11-27T02:00:00Z'))).toBe('2026-11-26');
    expect(addDays('2026-11-26', 7)).toBe('2026-12-03');
  });
});

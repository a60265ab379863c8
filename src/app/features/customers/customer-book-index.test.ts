import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChange, blankProfile, type CustomerProfile, type Fact } from '../../../domain/index.js';
import { createVitrineDatabase, type VitrineDatabase } from '../../db/database.js';
import { CustomerBookIndex } from './customer-book-index.js';
import { bookOf, searchBook, type CustomerBook } from './customer-data.js';

let db: VitrineDatabase | undefined;
let index: CustomerBookIndex | undefined;
let n = 0;
afterEach(async () => {
  index?.stop();
  await db?.remove();
  db = index = undefined;
});
const open = async () =>
  (db = await createVitrineDatabase({ storage: getRxStorageMemory(), name: `customerbookindex${++n}`, collections: ['customers', 'facts'] }));

const started = (i: CustomerBookIndex) => {
  index = i;
  return i;
};

const at = '2026-11-23T16:00:00.000Z';
const profile = (id: string, name: string, phone: string | null = null): CustomerProfile => ({
  ...applyChange(blankProfile(id, at), { id: `${id}:created`, kind: 'created', at, by: 'S1-1001', storeId: 'S1', fields: { name, phone } }),
  stores: ['S1'],
});
const fact = (id: string, kind: string, subjectId: string, payload: Record<string, unknown>, outcome?: Fact['outcome']): Fact => ({
  id,
  kind,
  storeId: 'S1',
  deviceId: 'd1',
  associateId: 'S1-1001',
  createdAtDevice: at,
  subjectId,
  payload,
  ...(outcome && { outcome }),
});
const NAMES = ['Ana Souza', 'Bruno Lima', 'Carla Dias', 'Élida Araújo', 'ana maria', 'Zeca Pagodinho', 'Bia', 'Caio Prado'];

/** The book as the index holds it and as bookOf computes it from everything in the database, side by side. */
async function both(d: VitrineDatabase, i: CustomerBookIndex): Promise<[CustomerBook, CustomerBook]> {
  // Let every change event reach the index (it coalesces them on a microtask).
  await new Promise((r) => setTimeout(r, 20));
  const profiles = (await d.customers.find().exec()).map((x) => x.toMutableJSON() as CustomerProfile);
  const facts = (await d.facts.find().exec()).map((x) => x.toMutableJSON() as Fact);
  return [i.book, bookOf(profiles, facts)];
}

const view = (book: CustomerBook) => ({
  live: book.live.map((p) => p.id).sort(),
  byId: [...book.byId.values()].map((p) => JSON.stringify(p)).sort(),
  pending: [...book.pending].sort(),
  refused: book.refused.map((f) => f.id),
  search: ['ana', 'lima', '98765', 'eli'].map((q) =>
    searchBook(book, q)
      .map((p) => p.id)
      .sort(),
  ),
});

describe('the book index on the device', () => {
  it('holds, change by change, the book a whole rebuild gives: profiles replicated, merged, erased; facts pending, refused, applied', async () => {
    const d = await open();
    await d.customers.bulkInsert(NAMES.slice(0, 4).map((name, i) => profile(`c-${i}`, name, i === 1 ? '+5511987654321' : null)));
    const i = started(new CustomerBookIndex(d, 2));
    await i.build();
    let [incremental, rebuilt] = await both(d, i);
    expect(view(incremental)).toEqual(view(rebuilt));
    // In name order (accents and case folded), whatever order they replicated in.
    expect(incremental.live.map((p) => p.name)).toEqual(['Ana Souza', 'Bruno Lima', 'Carla Dias', 'Élida Araújo']);

    // A customer created on this device, a note waiting, a refused creation.
    await d.facts.bulkInsert([
      fact('f-new', 'customer.created', 'c-new', { name: 'Ana Beatriz', consents: [] }),
      fact('f-note', 'customer.note-added', 'c-1', { text: 'call when the 38 arrives' }),
      fact(
        'f-bad',
        'customer.created',
        'c-bad',
        { name: 'Refused', consents: [] },
        {
          status: 'rejected',
          code: 'ASSOCIATE_NOT_ALLOWED',
          message: 'no',
          decidedAt: at,
        },
      ),
    ]);
    [incremental, rebuilt] = await both(d, i);
    expect(view(incremental)).toEqual(view(rebuilt));
    expect(searchBook(incremental, 'ana b').map((p) => p.id)).toEqual(['c-new']);
    expect(incremental.byId.get('c-1')?.notes.map((x) => x.text)).toEqual(['call when the 38 arrives']);

    // The server applies the creation (the profile arrives with the fact in its history), merges c-3 into c-0,
    // renames c-2, erases c-1; more customers replicate.
    const created = { ...profile('c-new', 'Ana Beatriz'), history: [{ ...profile('c-new', 'x').history[0]!, id: 'f-new' }] };
    await d.customers.bulkUpsert([
      created,
      { ...profile('c-0', 'Ana Souza'), mergedFrom: ['c-3'] },
      { ...blankProfile('c-3', at), name: '—', mergedInto: 'c-0', stores: ['S1'] },
      profile('c-2', 'Carla Dias Prado'),
      ...NAMES.slice(4).map((name, k) => profile(`c-${k + 4}`, name)),
    ]);
    await (await d.customers.findOne('c-1').exec())!.remove();
    await d.facts.upsert({
      ...fact('f-new', 'customer.created', 'c-new', { name: 'Ana Beatriz', consents: [] }),
      outcome: { status: 'accepted', code: null, message: null, decidedAt: at },
    });
    [incremental, rebuilt] = await both(d, i);
    expect(view(incremental)).toEqual(view(rebuilt));
    expect(incremental.byId.get('c-1')).toBeUndefined();
    expect(incremental.pending.has('f-new')).toBe(false);
    const names = incremental.live.map((p) => p.name);
    // Élida (c-3) was merged into Ana Souza, Bruno erased.
    expect(names).toEqual(['Ana Beatriz', 'ana maria', 'Ana Souza', 'Bia', 'Caio Prado', 'Carla Dias Prado', 'Zeca Pagodinho']);
  });

  it('emits a new book when a profile replicates after the first read', async () => {
    const d = await open();
    const i = started(new CustomerBookIndex(d));
    await i.build();
    const next = firstValueFrom(i.book$.pipe(filter((b) => b.live.length === 1)));
    await d.customers.insert(profile('c-1', 'Dora'));
    expect((await next).live.map((p) => p.name)).toEqual(['Dora']);
  });
});

import { describe, expect, it } from 'vitest';
import { applyChange, blankProfile, type Fact, type Sale } from '../../../domain/index.js';
import { bookOf, findCustomer, hasPendingChange, purchaseSummary, searchBook } from './customer-data.js';

const at = '2026-11-23T16:00:00.000Z';
const profile = (id: string, name: string, phone: string | null = null) =>
  applyChange(blankProfile(id, at), { id: `${id}:created`, kind: 'created', at, by: 'S1-1001', storeId: 'S1', fields: { name, phone } });
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

describe('the book on the device', () => {
  const bruno = { ...profile('c-2', 'Bruno Lima'), mergedFrom: ['c-9'] };
  const pointer = { ...blankProfile('c-9', at), name: '—', mergedInto: 'c-2' };
  const pendingNote = fact('f-1', 'customer.note-added', 'c-9', { text: 'call when the 38 arrives' });
  const refused = fact(
    'f-2',
    'customer.created',
    'c-7',
    { name: 'Carla', consents: [] },
    { status: 'rejected', code: 'ASSOCIATE_NOT_ALLOWED', message: 'associate S1-1009 is not active staff of store S1', decidedAt: at },
  );
  const book = bookOf([profile('c-1', 'Ana Souza', '+5511987654321'), bruno, pointer], [pendingNote, refused]);

  it('lists live customers by name, never a pointer, and finds a merged-away id’s survivor', () => {
    expect(book.live.map((p) => p.name)).toEqual(['Ana Souza', 'Bruno Lima']);
    expect(findCustomer(book, 'c-9')?.id).toBe('c-2');
    expect(searchBook(book, '98765').map((p) => p.id)).toEqual(['c-1']);
  });

  it('shows a pending note on the survivor as waiting to sync, and lists the refused change with the server’s reason', () => {
    const survivor = findCustomer(book, 'c-2')!;
    expect(survivor.notes.map((n) => n.text)).toEqual(['call when the 38 arrives']);
    expect(hasPendingChange(book, survivor)).toBe(true);
    expect(hasPendingChange(book, findCustomer(book, 'c-1')!)).toBe(false);
    expect(book.refused.map((f) => f.outcome?.message)).toEqual(['associate S1-1009 is not active staff of store S1']);
    expect(findCustomer(book, 'c-7')).toBeUndefined();
  });
});

describe('a customer looked up in another store', () => {
  it('is in the book for the day, and once the server merged them into a profile this device holds, is that profile', () => {
    const carla = profile('c-8', 'Carla Mendes', '+5531991112222');
    expect(findCustomer(bookOf([profile('c-1', 'Ana')], [], [carla]), 'c-8')?.name).toBe('Carla Mendes');
    const survivor = { ...profile('c-1', 'Ana Souza'), mergedFrom: ['c-8'] };
    const book = bookOf([survivor], [], [carla]);
    expect(book.live.map((p) => p.id)).toEqual(['c-1']);
    expect(findCustomer(book, 'c-8')?.id).toBe('c-1');
  });
});

describe('the purchase figures of a profile', () => {
  const sale = (total: number, createdAtDevice: string, status?: 'accepted' | 'rejected') =>
    ({
      totals: { total },
      createdAtDevice,
      ...(status && { outcome: { status, code: null, message: null, decidedAt: createdAtDevice } }),
    }) as unknown as Sale;
  it('sum what they spent in this store, count visits, average the basket and date the last visit; a refused sale does not count', () => {
    expect(
      purchaseSummary([
        sale(10_000, '2026-11-01T10:00:00.000Z', 'accepted'),
        sale(5_001, '2026-11-20T10:00:00.000Z'),
        sale(99_999, '2026-11-25T10:00:00.000Z', 'rejected'),
      ]),
    ).toEqual({ count: 2, total: 15_001, average: 7_501, lastAt: '2026-11-20T10:00:00.000Z' });
    expect(purchaseSummary([])).toEqual({ count: 0, total: 0, average: 0, lastAt: null });
  });
});

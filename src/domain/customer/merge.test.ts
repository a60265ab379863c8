import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeAll, mergeProfiles, resolveCustomer } from './merge.js';
import { applyChange, blankProfile, currentConsents, serverOrder, type CustomerChange } from './profile.js';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, type CustomerProfile } from './schema.js';

/** A few instants, so changes often share one: ties are broken by id, the same way everywhere. */
const instant = fc.constantFrom('2026-11-20T10:00:00.000Z', '2026-11-21T10:00:00.000Z', '2026-11-22T10:00:00.000Z', '2026-11-23T10:00:00.000Z');
const base = { by: fc.constantFrom('S1-1001', 'S2-1001'), storeId: fc.constantFrom('S1', 'S2'), at: instant };
const change = (id: string): fc.Arbitrary<CustomerChange> =>
  fc
    .oneof(
      fc.record({
        ...base,
        kind: fc.constantFrom('created' as const, 'updated' as const),
        fields: fc.record(
          {
            name: fc.constantFrom('Ana Souza', 'Ana S.', 'Ana Maria Souza'),
            email: fc.constantFrom('ana@example.com', 'ana.souza@example.com', null),
            phone: fc.constantFrom('+5511987654321', '+5511912345678', null),
            tags: fc.uniqueArray(fc.constantFrom('vip', 'runner', 'gift'), { maxLength: 2 }),
            sizes: fc.uniqueArray(fc.record({ category: fc.constantFrom('Calçados', 'Camisetas'), size: fc.constantFrom('38', 'M') }), {
              maxLength: 2,
              selector: (s) => s.category + s.size,
            }),
          },
          { requiredKeys: [] },
        ),
      }),
      fc.record({ ...base, kind: fc.constant('note_added' as const), text: fc.constantFrom('prefers slim fit', 'call when the 38 arrives') }),
      fc.record({
        ...base,
        kind: fc.constant('consent_changed' as const),
        channel: fc.constantFrom(...CONSENT_CHANNELS),
        purpose: fc.constantFrom(...CONSENT_PURPOSES),
        given: fc.boolean(),
        method: fc.constantFrom('in_store' as const, 'online' as const),
      }),
    )
    .map((c) => ({ ...c, id }) as CustomerChange);

const changes = (prefix: string) =>
  fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => change(`${prefix}-${String(i).padStart(2, '0')}`))));

const profileArb = (prefix: string): fc.Arbitrary<CustomerProfile> =>
  fc
    .tuple(instant, changes(prefix), fc.constantFrom<string[]>(['S1'], ['S2'], ['S1', 'S2']))
    .map(([createdAt, cs, stores]) => ({ ...cs.reduce(applyChange, blankProfile(`cust-${prefix}`, createdAt)), stores }));

const profilesArb = fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => profileArb(`p${i}`))));
const at = '2026-11-24T12:00:00.000Z';
const ids = <T extends { id: string }>(items: readonly T[]) => items.map((i) => i.id).sort();

describe('customer changes', () => {
  it('give the same profile whatever order they are applied in, and applying one twice changes nothing', () => {
    fc.assert(
      fc.property(
        changes('c').chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length }))),
        ([inOrder, shuffled]) => {
          const start = blankProfile('cust-1', '2026-11-19T00:00:00.000Z');
          const once = inOrder.reduce(applyChange, start);
          expect(shuffled.reduce(applyChange, start)).toEqual(once);
          expect([...inOrder, ...shuffled].reduce(applyChange, start)).toEqual(once);
        },
      ),
    );
  });
});

describe('merging the records of one person', () => {
  it('gives the same profile whichever record comes first, and the same for any order of several records', () => {
    fc.assert(
      fc.property(
        profilesArb.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))),
        ([all, shuffled]) => {
          const [a, b] = all;
          expect(mergeProfiles(a!, b!, at)).toEqual(mergeProfiles(b!, a!, at));
          expect(mergeAll(shuffled, at)).toEqual(mergeAll(all, at));
        },
      ),
    );
  });

  it('loses nothing: every note, consent decision and history entry of every record is on the survivor, and each channel × purpose holds the decision made last by the server', () => {
    fc.assert(
      fc.property(profilesArb, (profiles) => {
        const merged = mergeAll(profiles, at);
        const survivor = merged[0]!.survivor;
        const notes = profiles.flatMap((p) => p.notes);
        const decisions = profiles.flatMap((p) => p.consentHistory);
        expect(ids(survivor.notes)).toEqual(ids(notes));
        expect(ids(survivor.consentHistory)).toEqual(ids(decisions));
        for (const p of profiles) for (const e of p.history) expect(survivor.history.map((h) => h.id)).toContain(e.id);
        for (const channel of CONSENT_CHANNELS) {
          for (const purpose of CONSENT_PURPOSES) {
            const latest = decisions
              .filter((d) => d.channel === channel && d.purpose === purpose)
              .sort((x, y) => serverOrder({ at: x.decidedAt, id: x.id }, { at: y.decidedAt, id: y.id }))
              .at(-1);
            expect(survivor.consents.find((c) => c.channel === channel && c.purpose === purpose)).toEqual(latest);
          }
        }
        expect(survivor.consents).toEqual(currentConsents(decisions));
        for (const p of profiles) for (const s of p.stores) expect(survivor.stores).toContain(s);
      }),
    );
  });

  it('keeps the senior record (created first) and turns every other into a pointer without personal data, in the books it was in', () => {
    fc.assert(
      fc.property(profilesArb, (profiles) => {
        const merged = mergeAll(profiles, at);
        const senior = [...profiles].sort((x, y) => serverOrder({ at: x.createdAt, id: x.id }, { at: y.createdAt, id: y.id }))[0]!;
        expect(merged[0]!.survivor.id).toBe(senior.id);
        expect(merged[0]!.survivor.mergedFrom).toEqual(ids(profiles.filter((p) => p !== senior)));
        for (const { pointer } of merged) {
          const was = profiles.find((p) => p.id === pointer.id)!;
          expect(pointer).toMatchObject({
            mergedInto: senior.id,
            email: null,
            phone: null,
            nationalId: null,
            notes: [],
            consentHistory: [],
            stores: was.stores,
          });
        }
      }),
    );
  });

  it('takes each field from the record that set it last, by server time', () => {
    const older = applyChange(blankProfile('cust-a', '2026-11-20T10:00:00.000Z'), {
      id: 'f1',
      kind: 'created',
      at: '2026-11-20T10:00:00.000Z',
      by: 'S1-1001',
      storeId: 'S1',
      fields: { name: 'Ana', email: 'ana@example.com', phone: '+5511987654321' },
    });
    const newer = applyChange(blankProfile('cust-b', '2026-11-21T10:00:00.000Z'), {
      id: 'f2',
      kind: 'created',
      at: '2026-11-21T10:00:00.000Z',
      by: 'S2-1001',
      storeId: 'S2',
      fields: { name: 'Ana Souza', phone: '+5511987654321' },
    });
    const { survivor } = mergeProfiles(newer, older, at);
    expect(survivor).toMatchObject({ id: 'cust-a', name: 'Ana Souza', email: 'ana@example.com', mergedFrom: ['cust-b'] });
  });
});

describe('resolveCustomer', () => {
  it('follows pointers to the live survivor on a device, and answers nothing for an unknown id', () => {
    const docs = new Map<string, CustomerProfile>([
      ['a', { ...blankProfile('a', at), mergedInto: 'b' }],
      ['b', { ...blankProfile('b', at), mergedInto: 'c' }],
      ['c', { ...blankProfile('c', at), name: 'Ana' }],
    ]);
    expect(resolveCustomer('a', (id) => docs.get(id))?.id).toBe('c');
    expect(resolveCustomer('x', (id) => docs.get(id))).toBeUndefined();
  });
});

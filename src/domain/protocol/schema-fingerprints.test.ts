import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collections } from './collections.js';
import { toRxJsonSchema } from './rx-schema.js';

/**
 * Every device schema a released app has opened, by collection and version. RxDB refuses to open a collection whose
 * schema changed under the same version (error DB6): the updated app would not start on a tablet that ran the old
 * one. A schema change must raise the collection's version (with its legacy entry and migration), and its new
 * fingerprint is added here; the old ones stay, as the history of what devices hold.
 */
const RELEASED: Readonly<Record<string, string>> = {
  'products@1': 'cd7b21a0070ff88c',
  'products@2': 'f069ae7b12ad853b',
  'stock@0': '780c3955d141df56',
  'sales@3': 'd951b66d333a3f38',
  'sales@4': '378eb172fb5c05c5',
  'stores@1': '6f412b2bb5dba1e3',
  'staff@0': '5f3ca0edb0f71159',
  'orders@0': 'b2eaa39b1d5f16ee',
  'promotions@0': '4902553af44c183e',
  'facts@0': '66d624ec0913a76e',
  'customers@0': '566a8afdf7e3547d',
  'keys@0': 'a4d9580ba86abf83',
};

/** Keys sorted at every depth, as RxDB normalises a schema before hashing it: only a real change counts. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}

const fingerprint = (spec: (typeof collections)[keyof typeof collections]) =>
  createHash('sha256')
    .update(JSON.stringify(sorted(toRxJsonSchema(spec))))
    .digest('hex')
    .slice(0, 16);

describe('device schemas', () => {
  it.each(Object.values(collections).map((spec) => [`${spec.name}@${spec.version}`, spec] as const))(
    '%s is the schema released under that version, so an updated app opens a tablet’s database (no RxDB DB6)',
    (key, spec) => {
      const released = RELEASED[key];
      expect(
        fingerprint(spec),
        released === undefined
          ? `${key} is a new schema version: record its fingerprint in RELEASED`
          : `${spec.name}'s device schema changed under version ${spec.version}: raise its version (legacy entry, migration) and record the new fingerprint`,
      ).toBe(released);
    },
  );
});

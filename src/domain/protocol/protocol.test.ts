import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PullQuerySchema } from './schema.js';
import { collections } from './collections.js';
import { toRxJsonSchema } from './rx-schema.js';

describe('PullQuerySchema', () => {
  it('parses the checkpoint JSON and defaults the limit', () => {
    expect(PullQuerySchema.parse({ checkpoint: '{"seq":42}' })).toEqual({ checkpoint: { seq: 42 }, limit: 500 });
    expect(PullQuerySchema.parse({})).toEqual({ checkpoint: null, limit: 500 });
  });

  it('refuses a malformed checkpoint or an oversized page', () => {
    expect(PullQuerySchema.safeParse({ checkpoint: '{"seq":-1}' }).success).toBe(false);
    expect(PullQuerySchema.safeParse({ checkpoint: 'nope' }).success).toBe(false);
    expect(PullQuerySchema.safeParse({ limit: '100000' }).success).toBe(false);
  });
});

describe('toRxJsonSchema', () => {
  it('derives every collection schema from its zod schema', () => {
    for (const spec of Object.values(collections)) {
      const rx = toRxJsonSchema(spec);
      expect(rx.primaryKey).toBe(spec.primaryKey);
      expect(rx.version).toBe(spec.version);
      const deviceFields = Object.keys(spec.schema.shape).filter((field) => !spec.serverOnly.includes(field));
      expect(Object.keys(rx.properties).sort()).toEqual(deviceFields.sort());
      expect(rx.properties[spec.primaryKey]).toMatchObject({ type: 'string', maxLength: expect.any(Number) });
    }
  });

  it('leaves server-only fields out of the device schema: neither held nor required', () => {
    const rx = toRxJsonSchema(collections.orders);
    expect(rx.properties).not.toHaveProperty('integrationId');
    expect(rx.required).not.toContain('integrationId');
    expect(rx.required).toContain('number');
  });

  it('refuses an index on an unbounded string, which RxDB cannot index', () => {
    const spec = { ...collections.products, schema: z.object({ sku: z.string().max(10), note: z.string() }), primaryKey: 'sku', indexes: ['note'] };
    expect(() => toRxJsonSchema(spec as never)).toThrow(/needs a max length/);
  });
});

import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError, ErrorCode, parseWith } from '../../src/domain/index.js';

/** The request's JSON body; a body that is not JSON answers 400 VALIDATION_FAILED at `(root)`. */
export async function readJson(c: Context): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'body must be JSON', [{ path: '(root)', message: 'not valid JSON' }]);
  });
}

/** The request's JSON body validated by a shared zod schema; bad input answers 400 with field-level errors. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const parsed = parseWith(schema, await readJson(c));
  if (!parsed.ok) throw parsed.error;
  return parsed.value as z.infer<S>;
}

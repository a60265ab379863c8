import type { z } from 'zod';
import { DomainError, ErrorCode, fail, ok, type FieldError, type Result } from './errors.js';

export function toFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses untrusted input; never throws, answers field-level errors a form or an API client can show. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const fieldErrors = toFieldErrors(parsed.error, prefix);
  return fail(ErrorCode.VALIDATION_FAILED, `Invalid input: ${fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, fieldErrors);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): z.output<S> {
  const result = parseWith(schema, input, prefix);
  if (!result.ok) throw result.error;
  return result.value;
}

export { DomainError };

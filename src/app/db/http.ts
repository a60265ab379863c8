import type { FieldError } from '../../domain/index.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A non-2xx answer from the server, with its `{error:{code,message,fieldErrors}}` body when it has one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export async function toHttpError(res: Response): Promise<HttpError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  let fieldErrors: FieldError[] = [];
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; fieldErrors?: FieldError[] } };
    if (body?.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      fieldErrors = Array.isArray(body.error.fieldErrors) ? body.error.fieldErrors : [];
    }
  } catch {
    /* not JSON */
  }
  return new HttpError(res.status, code, message, fieldErrors);
}

/** The browser's fetch, called unbound-safely (window.fetch throws "Illegal invocation" when detached). */
export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

export const trimBase = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

import { DomainError, ErrorCode, type FieldError } from '../../domain/index.js';

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

/**
 * POSTs JSON to an API route, with the device token when there is one; answers the parsed JSON. Throws DomainError:
 * the server's code and field errors, or INTERNAL "network unreachable" when no answer came (offline, server down).
 */
export async function postApi<T>(options: { baseUrl: string; token?: string; path: string; body: unknown; fetch?: FetchLike }): Promise<T> {
  return requestApi<T>('POST', options);
}

/** GETs an API route (`path` with its query string), with the same answers and errors as `postApi`. */
export async function getApi<T>(options: { baseUrl: string; token?: string; path: string; fetch?: FetchLike }): Promise<T> {
  return requestApi<T>('GET', options);
}

async function requestApi<T>(
  method: 'GET' | 'POST',
  options: { baseUrl: string; token?: string; path: string; body?: unknown; fetch?: FetchLike },
): Promise<T> {
  let res: Response;
  try {
    res = await (options.fetch ?? defaultFetch)(`${trimBase(options.baseUrl)}${options.path}`, {
      method,
      headers: {
        ...(method === 'POST' && { 'Content-Type': 'application/json' }),
        ...(options.token && { Authorization: `Bearer ${options.token}` }),
      },
      ...(method === 'POST' && { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new DomainError(ErrorCode.INTERNAL, NETWORK_UNREACHABLE);
  }
  if (!res.ok) {
    const error = await toHttpError(res);
    const code = (Object.values(ErrorCode) as string[]).includes(error.code) ? (error.code as ErrorCode) : ErrorCode.INTERNAL;
    throw new DomainError(code, error.message, error.fieldErrors);
  }
  return (await res.json()) as T;
}

const NETWORK_UNREACHABLE = 'network unreachable';

/** The error `postApi` throws when the server could not be reached: the UI says "check the connection". */
export const isNetworkUnreachable = (error: unknown): boolean =>
  error instanceof DomainError && error.code === ErrorCode.INTERNAL && error.message === NETWORK_UNREACHABLE;

import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import { ErrorCode, parseOrThrow } from '../../src/domain/index.js';
import { JSON_BODY_MAX_BYTES, readJson } from './body.js';

/**
 * Every HTTP route is defined with `defineRoute`: its method, path, who may call it, its input schemas and its
 * answers live in one definition, which both validates the request and documents the route in the OpenAPI document
 * (GET /api/openapi.json is generated from the mounted routes by hono-openapi). A route mounted with a bare
 * `routes.get(...)` is undocumented and fails sync-server/http/openapi.test.ts.
 *
 *   defineRoute(routes, {
 *     method: 'put',
 *     path: '/stores/:id',                        // Hono syntax, relative to the router; documented as {id}
 *     operationId: 'putStore',
 *     summary: "Replace a store's settings",
 *     auth: { integration: 'stores:write' },       // or 'device' | 'public'; documents the security requirement
 *     middleware: [requireIntegration(deps.store, 'stores:write')], // enforces it; runs before the input is read
 *     params: z.object({ id: StoreIdSchema }),     // path, query and JSON body: zod schemas, validated here into
 *     body: named('StoreSettings', StoreSettingsSchema), // 400 {error: {code, message, fieldErrors: [{path, message}]}}
 *     responses: {                                 // 400/413/415 of a body are added for you
 *       200: ok('the store as stored', named('Store', StoreSchema)),
 *       403: failure('FORBIDDEN: the key may not serve this store'),
 *     },
 *   }, async (c, { params, body }) => c.json((await saveStoreOf(params.id, body)).store));
 *
 * Routes generated from the registry (sync.ts) loop over it and call defineRoute once per collection and version.
 * See sync-server/catalog/routes.ts for integration routes, routes/devices.ts for device and public ones.
 * Bodies are read by `readJson` (body.ts: size, nesting and content-type checks first), never by a library
 * validator, so every 400 has the one error shape. Name a schema (`named`) to make it a reusable component.
 */

/** The one error body every 4xx/5xx answers with (`ErrorBody` in src/domain/kernel/errors.ts). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

/** Who may call a route: documented as its OpenAPI security requirement. */
export type RouteAuth = 'public' | 'device' | { integration: string };

export interface RouteDefinition<E extends Env, B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  auth: RouteAuth;
  /** Run before the input is read (authentication, rate limits). */
  middleware?: MiddlewareHandler<E>[];
  body?: B;
  /** The largest body this route accepts (413 above it); JSON_BODY_MAX_BYTES (64 KiB) unless declared. */
  bodyMaxBytes?: number;
  /** A request body an integrator can send as it is (the document's `example`; tests post it too). */
  bodyExample?: unknown;
  query?: Q;
  params?: P;
  responses: Record<number, ResponseDoc>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
export interface RouteInput<B, Q, P> {
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
}

/** An OpenAPI response object whose media types may hold `resolver(...)` schemas (resolved when the document is built). */
export interface ResponseDoc {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: unknown; [extension: `x-${string}`]: unknown }>;
}

export function defineRoute<
  E extends Env,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(router: Hono<E>, def: RouteDefinition<E, B, Q, P>, handler: (c: Context<E>, input: RouteInput<B, Q, P>) => Response | Promise<Response>): void {
  const run: MiddlewareHandler<E> = async (c) => {
    const input = {
      params: def.params ? parseOrThrow(def.params, c.req.param()) : undefined,
      query: def.query ? parseOrThrow(def.query, c.req.query()) : undefined,
      body: def.body ? parseOrThrow(def.body, await readJson(c, { maxBytes: def.bodyMaxBytes })) : undefined,
    } as RouteInput<B, Q, P>;
    return handler(c as Context<E>, input);
  };
  const handlers = [documentationOf(def), ...(def.middleware ?? []), run] as [MiddlewareHandler<E>, ...MiddlewareHandler<E>[]];
  router.on(def.method.toUpperCase(), def.path, ...handlers);
}

function documentationOf<E extends Env>(def: RouteDefinition<E, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>) {
  const parameters = [...parametersOf(def.params, 'path'), ...parametersOf(def.query, 'query')];
  return describeRoute({
    operationId: def.operationId,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    ...(def.tags ? { tags: def.tags } : {}),
    ...securityOf(def.auth),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(def.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: inputSchema(def.body), ...(def.bodyExample === undefined ? {} : { example: def.bodyExample }) },
            },
          },
        }
      : {}),
    // The resolver schemas in `content` are typed loosely here; hono-openapi resolves them when it builds the document.
    responses: Object.fromEntries(
      Object.entries({ ...(def.body ? bodyFailures(def.bodyMaxBytes ?? JSON_BODY_MAX_BYTES) : {}), ...def.responses }).map(([status, response]) => [
        String(status),
        response,
      ]),
    ) as Parameters<typeof describeRoute>[0]['responses'],
  });
}

/** Devices are the document's default requirement; public routes opt out, integration routes name their scope. */
function securityOf(auth: RouteAuth) {
  if (auth === 'device') return {};
  if (auth === 'public') return { security: [] };
  return { security: [{ integrationKey: [auth.integration] }] };
}

/** One OpenAPI parameter per property of a path or query schema, described by its JSON Schema (as accepted). */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a zod schema, without `$schema`. `input` is what the
 * server accepts, `output` what it answers (defaults applied).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Makes a schema a named component (`#/components/schemas/{name}`) wherever a route uses it. */
export const named = <S extends z.ZodType>(name: string, schema: S): S => schema.meta({ ref: name }) as S;

const inputSchema = (schema: z.ZodType) => resolver(schema, { options: { io: 'input' } });

/** A JSON answer, described by the schema of what the route sends. */
export const ok = (description: string, schema: z.ZodType): ResponseDoc => ({
  description,
  content: { 'application/json': { schema: resolver(schema, { options: { io: 'output' } }) } },
});

/** An error answer: always the one error body; the description names the codes. */
export const failure = (description: string): ResponseDoc => ({
  description,
  content: { 'application/json': { schema: resolver(named('ErrorBody', ErrorBodySchema), { options: { io: 'output' } }) } },
});

/** 429 with the seconds to wait. */
export const rateLimited = (description: string): ResponseDoc => ({
  ...failure(description),
  headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 1 } } },
});

/** What readJson and the body's schema answer before a handler sees the body. */
const bodyFailures = (maxBytes: number) => ({
  400: failure('VALIDATION_FAILED: not JSON, nested too deep, or fields invalid (`fieldErrors` has their paths)'),
  413: failure(`PAYLOAD_TOO_LARGE: body larger than ${maxBytes} bytes`),
  415: failure('UNSUPPORTED_MEDIA_TYPE: send Content-Type: application/json'),
});

/** Answers every route behind device authentication can give. */
export const deviceFailures = {
  401: failure('UNAUTHENTICATED: no, unknown or revoked device token'),
  503: failure('UNAVAILABLE: the server is shutting down; retry (another instance)'),
};

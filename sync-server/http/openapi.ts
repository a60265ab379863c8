import { z } from 'zod';
import {
  collections,
  isFactCollection,
  CheckpointSchema,
  EnrollRequestSchema,
  EnrollmentCodeResponseSchema,
  EnrollResponseSchema,
  ErrorCode,
  legacyVersion,
  ManagerEnrollmentCodeRequestSchema,
  PULL_LIMIT_DEFAULT,
  PULL_LIMIT_MAX,
  PUSH_ROWS_MAX,
  StaffChangeRequestSchema,
  StaffChangeResponseSchema,
  StoreSchema,
  type CollectionSpec,
} from '../../src/domain/index.js';

type JsonSchema = Record<string, unknown>;

/** The one error body every 4xx/5xx answers with (`ErrorBody` in src/domain/kernel/errors.ts). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a zod schema, as a component: without `$schema`.
 * `input` is what the server accepts (request bodies), `output` what it answers.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('ErrorBody')) });
const componentName = (spec: CollectionSpec) =>
  ({ products: 'Product', stock: 'StockLevel', sales: 'Sale', staff: 'StaffMember' })[spec.name] ?? spec.name[0]!.toUpperCase() + spec.name.slice(1);

/** 429 with the seconds to wait. */
const rateLimited = (description: string) => ({
  ...error(description),
  headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 1 } } },
});

const authErrors = {
  401: error('UNAUTHENTICATED: no, unknown or revoked device token'),
  404: error('UNKNOWN_COLLECTION / NOT_FOUND'),
  426: error('SCHEMA_VERSION_UNSUPPORTED: this schema version is no longer served; update the app'),
  500: error('INTERNAL: nothing was applied'),
  503: error('UNAVAILABLE: the server is shutting down; retry (another instance)'),
};

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the domain's zod schemas and the collection registry, so
 * it cannot drift from what the routes validate. Served at GET /api/openapi.json.
 */
export function buildOpenApiDocument({ version = '0.1.0' }: { version?: string } = {}) {
  const schemas: Record<string, JsonSchema> = {
    ErrorBody: jsonSchemaOf(ErrorBodySchema, 'output'),
    Checkpoint: jsonSchemaOf(CheckpointSchema, 'output'),
    Store: jsonSchemaOf(StoreSchema, 'output'),
    EnrollRequest: jsonSchemaOf(EnrollRequestSchema, 'input'),
    EnrollResponse: jsonSchemaOf(EnrollResponseSchema, 'output'),
    EnrollmentCodeRequest: jsonSchemaOf(ManagerEnrollmentCodeRequestSchema, 'input'),
    EnrollmentCodeResponse: jsonSchemaOf(EnrollmentCodeResponseSchema, 'output'),
    StaffChangeRequest: jsonSchemaOf(StaffChangeRequestSchema, 'input'),
    StaffChangeResponse: jsonSchemaOf(StaffChangeResponseSchema, 'output'),
    Me: jsonSchemaOf(z.object({ deviceId: z.string(), storeId: z.string(), name: z.string(), store: StoreSchema }), 'output'),
  };
  const paths: Record<string, unknown> = {
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Liveness: the process serves HTTP (no database call)',
        security: [],
        responses: { 200: { description: 'alive', content: json({ type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] }) } },
      },
    },
    '/ready': {
      get: {
        operationId: 'ready',
        summary: 'Readiness: the database answers and is migrated, and the server is not draining',
        security: [],
        responses: {
          200: { description: 'ready', content: json({ type: 'object', properties: { status: { const: 'ready' } }, required: ['status'] }) },
          503: {
            description: 'not ready (database unreachable, migrations pending, shutting down)',
            content: json({
              type: 'object',
              properties: { status: { const: 'unavailable' }, reason: { type: 'string' } },
              required: ['status', 'reason'],
            }),
          },
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document',
        security: [],
        responses: { 200: { description: 'OpenAPI 3.1 document', content: json({ type: 'object' }) } },
      },
    },
    '/api/devices/enroll': {
      post: {
        operationId: 'enrollDevice',
        summary: 'Trade a one-time enrollment code for a device token',
        description: 'Rate limited per client IP and per code typed.',
        security: [],
        requestBody: { required: true, content: json(ref('EnrollRequest')) },
        responses: {
          200: { description: 'enrolled; keep the token, it is shown once', content: json(ref('EnrollResponse')) },
          400: error('VALIDATION_FAILED'),
          403: error('ENROLLMENT_CODE_INVALID: unknown, used or expired code'),
          413: error('VALIDATION_FAILED: body too large'),
          429: rateLimited('RATE_LIMITED: too many attempts'),
          500: authErrors[500],
          503: authErrors[503],
        },
      },
    },
    '/api/enrollment-codes': {
      post: {
        operationId: 'createEnrollmentCode',
        summary: "A manager of the device's store mints a one-time enrollment code for a new till",
        description: 'The PIN is checked against the staff verifier. Rate limited per device; a staff number is locked out on a device after 5 wrong PINs.',
        requestBody: { required: true, content: json(ref('EnrollmentCodeRequest')) },
        responses: {
          200: { description: 'a one-time code; shown once', content: json(ref('EnrollmentCodeResponse')) },
          400: error('VALIDATION_FAILED'),
          401: authErrors[401],
          403: error('PIN_INVALID: staff number or PIN wrong; FORBIDDEN: another store, or not a manager'),
          429: rateLimited('RATE_LIMITED: too many PIN attempts'),
          503: authErrors[503],
        },
      },
    },
    '/api/staff': {
      post: {
        operationId: 'changeStaff',
        summary: "A manager of the device's store adds a staff member or changes one (name, role, active, PIN)",
        description:
          "The manager's PIN is checked on the server (rate limited and locked out as for enrollment codes). A new PIN travels only as a PBKDF2 verifier made on the device. The same change sent again answers `changed: false`. The change replicates to the store's devices through the `staff` collection.",
        requestBody: { required: true, content: json(ref('StaffChangeRequest')) },
        responses: {
          200: { description: 'the member as stored, without the verifier', content: json(ref('StaffChangeResponse')) },
          400: error('VALIDATION_FAILED'),
          401: authErrors[401],
          403: error('PIN_INVALID: manager number or PIN wrong; FORBIDDEN: another store, not a manager, or deactivating or demoting oneself'),
          404: error('NOT_FOUND: no staff member with that number in the store'),
          409: error('STAFF_NUMBER_TAKEN: the number belongs to someone else'),
          429: rateLimited('RATE_LIMITED: too many PIN attempts'),
          503: authErrors[503],
        },
      },
    },
    '/api/me': {
      get: {
        operationId: 'me',
        summary: 'The enrolled device and its store settings',
        responses: { 200: { description: 'the device', content: json(ref('Me')) }, 401: authErrors[401], 503: authErrors[503] },
      },
    },
  };

  for (const spec of Object.values(collections) as CollectionSpec[]) {
    const tags = [spec.name];
    for (const version of spec.served) {
      // Each served version is described with its own schema: an app still on v0 pushes and pulls v0 documents.
      const versionSchema = legacyVersion(spec, version)?.schema ?? spec.schema;
      const name = version === spec.version ? componentName(spec) : `${componentName(spec)}V${version}`;
      schemas[name] = jsonSchemaOf(versionSchema, 'input');
      schemas[`${name}Document`] = jsonSchemaOf(versionSchema.extend({ _deleted: z.boolean() }), 'output');
      const docs = { type: 'array', items: ref(`${name}Document`) };
      const base = `/sync/${spec.name}/${version}`;
      paths[`${base}/pull`] = {
        get: {
          operationId: `pull_${spec.name}_v${version}`,
          tags,
          summary: `Pull ${spec.name} after a checkpoint, in server sequence order${spec.scope === 'store' ? " (the device's store only)" : ''}`,
          parameters: [
            {
              name: 'checkpoint',
              in: 'query',
              required: false,
              description: 'JSON of the last checkpoint received, e.g. {"seq":123}; absent on the first pull',
              content: json(ref('Checkpoint')),
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: PULL_LIMIT_MAX, default: PULL_LIMIT_DEFAULT },
            },
          ],
          responses: {
            200: {
              description: 'a page of documents',
              content: json({
                type: 'object',
                properties: {
                  documents: docs,
                  checkpoint: { anyOf: [ref('Checkpoint'), { type: 'null' }] },
                  remaining: { type: 'integer', minimum: 0 },
                },
                required: ['documents', 'checkpoint', 'remaining'],
              }),
            },
            400: error('VALIDATION_FAILED: bad checkpoint or limit'),
            ...authErrors,
          },
        },
      };
      if (isFactCollection(spec)) {
        paths[`${base}/push`] = {
          post: {
            operationId: `push_${spec.name}_v${version}`,
            tags,
            summary: `Push ${spec.name} created on the device; answers the conflicting master documents`,
            description: 'Validated whole before anything is written: one bad row answers 400 and writes nothing.',
            requestBody: {
              required: true,
              content: json({
                type: 'array',
                minItems: 1,
                maxItems: PUSH_ROWS_MAX,
                items: {
                  type: 'object',
                  properties: { assumedMasterState: { anyOf: [ref(name), { type: 'null' }] }, newDocumentState: ref(name) },
                  required: ['newDocumentState'],
                },
              }),
            },
            responses: {
              200: { description: 'conflicts: the master documents of rows not applied as sent', content: json(docs) },
              400: error('VALIDATION_FAILED or a domain rule'),
              403: error('FORBIDDEN: a document of another store or device'),
              413: error('VALIDATION_FAILED: body too large'),
              ...authErrors,
            },
          },
        };
      }
      paths[`${base}/pull-stream`] = {
        get: {
          operationId: `pullStream_${spec.name}_v${version}`,
          tags,
          summary: `Server-Sent Events of new ${spec.name}`,
          description:
            'Each `data:` is JSON: `{documents, checkpoint}` or the string "RESYNC" (pull again from your checkpoint). ' +
            'Comments keep the connection alive. The stream ends when the server shuts down (reconnect) or the device is revoked.',
          responses: {
            200: {
              description: 'text/event-stream',
              content: {
                'text/event-stream': {
                  schema: { type: 'string' },
                  'x-sse-data': {
                    anyOf: [
                      { type: 'object', properties: { documents: docs, checkpoint: ref('Checkpoint') }, required: ['documents', 'checkpoint'] },
                      { const: 'RESYNC' },
                    ],
                  },
                },
              },
            },
            ...authErrors,
          },
        },
      };
    }
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Vitrine sync server',
      version,
      description: 'Device enrollment and RxDB replication (pull, push, Server-Sent Events) for the Vitrine POS.',
    },
    servers: [{ url: '/' }],
    security: [{ deviceToken: [] }],
    tags: (Object.values(collections) as CollectionSpec[]).map((s) => ({ name: s.name })),
    paths,
    components: {
      schemas,
      securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer', description: 'the device token from /api/devices/enroll' } },
    },
  };
}

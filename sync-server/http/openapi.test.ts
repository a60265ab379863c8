import { z } from 'zod';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ErrorCode, isFactCollection, SaleSchema, SaleSchemaV0, SaleSchemaV1, type CollectionSpec } from '../../src/domain/index.js';
import { createApp } from '../app.js';
import { silentLogger } from '../logger.js';
import { tempStore } from '../testing/temp-store.js';
import { buildOpenApiDocument } from './openapi.js';

// biome-ignore lint/suspicious/noExplicitAny: the test walks an arbitrary OpenAPI JSON document; typing each node would only add casts
type Obj = Record<string, any>;
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers.splice(0)) await d();
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Fixed fields of OpenAPI 3.1 objects; anything else must be an `x-` extension. */
const FIELDS = {
  root: ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'],
  operation: [
    'tags',
    'summary',
    'description',
    'externalDocs',
    'operationId',
    'parameters',
    'requestBody',
    'responses',
    'callbacks',
    'deprecated',
    'security',
    'servers',
  ],
  response: ['description', 'headers', 'content', 'links'],
  mediaType: ['schema', 'example', 'examples', 'encoding'],
  parameter: [
    'name',
    'in',
    'description',
    'required',
    'deprecated',
    'allowEmptyValue',
    'style',
    'explode',
    'allowReserved',
    'schema',
    'example',
    'examples',
    'content',
  ],
};
const unknownFields = (o: Obj, allowed: string[]) => Object.keys(o).filter((k) => !allowed.includes(k) && !k.startsWith('x-'));

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = '#', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) for (const [i, n] of node.entries()) refs(n, `${at}/${i}`, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push([at, v]);
      else refs(v, `${at}/${k}`, out);
    }
  }
  return out;
}
const resolve = (doc: Obj, ref: string) =>
  ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Obj | undefined)?.[key], doc);

/** The app as main.ts builds it (no static files: those are not API routes). */
async function app() {
  const t = await tempStore();
  disposers.push(t.dispose);
  return createApp({ store: t.store, logger: silentLogger });
}

/** Every route mounted on the app, as `METHOD /path/{param}`: read from the router, not from a second list. */
function mountedRoutes(hono: Hono): string[] {
  const routes = hono.routes
    // `use` middleware and catch-alls (`all`, `*`) answer errors for what is not a route.
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}
const documentedRoutes = (doc: Obj) =>
  Object.entries<Obj>(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe('OpenAPI document', () => {
  let hono: Hono;
  let doc: Obj;
  beforeAll(async () => {
    hono = await app();
    doc = (await buildOpenApiDocument(hono)) as Obj;
  });

  it('has the shape of an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(unknownFields(doc, FIELDS.root)).toEqual([]);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    const operationIds: string[] = [];
    for (const [path, item] of Object.entries<Obj>(doc.paths)) {
      expect(path).toMatch(/^\//);
      for (const [method, op] of Object.entries<Obj>(item)) {
        expect(METHODS, `${path} ${method}`).toContain(method);
        expect(unknownFields(op, FIELDS.operation), `${path} ${method}`).toEqual([]);
        operationIds.push(op.operationId);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries<Obj>(op.responses)) {
          expect(status).toMatch(/^[1-5](\d\d|XX)$|^default$/);
          expect(unknownFields(response, FIELDS.response), `${path} ${method} ${status}`).toEqual([]);
          expect(typeof response.description).toBe('string');
          for (const media of Object.values<Obj>(response.content ?? {})) expect(unknownFields(media, FIELDS.mediaType)).toEqual([]);
        }
        const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(
          (op.parameters ?? [])
            .filter((p: Obj) => p.in === 'path')
            .map((p: Obj) => p.name)
            .sort(),
          `${path} ${method}`,
        ).toEqual(pathParameters.sort());
        for (const p of op.parameters ?? []) {
          expect(unknownFields(p, FIELDS.parameter)).toEqual([]);
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          expect('schema' in p !== 'content' in p).toBe(true); // exactly one of them
        }
        for (const requirement of op.security ?? [])
          for (const name of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(name);
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(operationIds.every((id) => typeof id === 'string')).toBe(true);
    expect(doc.components.securitySchemes.deviceToken).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    for (const [at, ref] of refs(doc)) {
      expect(ref, at).toMatch(/^#\/components\/schemas\//);
      expect(resolve(doc, ref), `${at} → ${ref}`).toBeTypeOf('object');
    }
    // Component schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect) without their own $schema.
    for (const [name, schema] of Object.entries<Obj>(doc.components.schemas)) expect(schema, name).not.toHaveProperty('$schema');
  });

  it('documents every mounted route, and only those', () => {
    const mounted = mountedRoutes(hono);
    expect(mounted.length).toBeGreaterThan(10);
    expect(documentedRoutes(doc)).toEqual(mounted);
  });

  it('lists every collection and served version of the registry', () => {
    const expected = [
      'GET /health',
      'GET /ready',
      'GET /api/openapi.json',
      'POST /api/devices/enroll',
      'POST /api/enrollment-codes',
      'POST /api/staff',
      'GET /api/me',
    ];
    expected.push('PUT /api/products', 'GET /api/products', 'PUT /api/stores/{id}');
    for (const spec of Object.values(collections) as CollectionSpec[]) {
      for (const v of spec.served) {
        expected.push(`GET /sync/${spec.name}/${v}/pull`, `GET /sync/${spec.name}/${v}/pull-stream`);
        if (isFactCollection(spec)) expected.push(`POST /sync/${spec.name}/${v}/push`);
      }
    }
    expect(documentedRoutes(doc)).toEqual(expect.arrayContaining(expected));
    // Public routes opt out of the bearer requirement; the rest inherit it.
    expect(doc.security).toEqual([{ deviceToken: [] }]);
    for (const p of ['/health', '/ready', '/api/openapi.json']) expect(doc.paths[p].get.security).toEqual([]);
    expect(doc.paths['/api/devices/enroll'].post.security).toEqual([]);
    expect(doc.paths['/sync/sales/0/pull'].get.security).toBeUndefined();
    expect(doc.paths['/api/devices/enroll'].post.responses['429'].headers).toHaveProperty('Retry-After');
    // Integration routes name the scope their key needs.
    expect(doc.paths['/api/products'].put.security).toEqual([{ integrationKey: ['catalog:write'] }]);
    expect(doc.paths['/api/products'].get.security).toEqual([{ integrationKey: ['catalog:read'] }]);
    expect(doc.paths['/api/stores/{id}'].put.security).toEqual([{ integrationKey: ['stores:write'] }]);
    expect(doc.components.securitySchemes.integrationKey).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('carries the domain schemas: the sale component is the zod SaleSchema, used by push and pull', () => {
    const { $schema: _dialect, ...sale } = z.toJSONSchema(SaleSchema, { io: 'input', unrepresentable: 'any' });
    expect(doc.components.schemas.Sale).toEqual(sale);
    expect(doc.components.schemas.Sale.required).toEqual(expect.arrayContaining(['id', 'storeId', 'deviceId', 'lines', 'totals']));
    const push = doc.paths['/sync/sales/4/push'].post;
    expect(push.requestBody.content['application/json'].schema.items.properties.newDocumentState).toEqual({ $ref: '#/components/schemas/Sale' });
    const pulled = doc.paths['/sync/sales/4/pull'].get.responses['200'].content['application/json'].schema;
    expect(pulled.properties.documents.items).toEqual({ $ref: '#/components/schemas/SaleDocument' });
    expect(doc.components.schemas.SaleDocument.properties._deleted).toEqual({ type: 'boolean' });
    // An app still on sales v0 during a rollout is described with the v0 schema (no customerId).
    const { $schema: _d0, ...saleV0 } = z.toJSONSchema(SaleSchemaV0, { io: 'input', unrepresentable: 'any' });
    expect(doc.components.schemas.SaleV0).toEqual(saleV0);
    expect(doc.components.schemas.SaleV0.properties).not.toHaveProperty('customerId');
    // An app still on sales v1 (cash and "card" tenders only) is described with the v1 schema.
    const { $schema: _d1, ...saleV1 } = z.toJSONSchema(SaleSchemaV1, { io: 'input', unrepresentable: 'any' });
    expect(doc.components.schemas.SaleV1).toEqual(saleV1);
    expect(doc.paths['/sync/sales/1/push'].post.requestBody.content['application/json'].schema.items.properties.newDocumentState).toEqual({
      $ref: '#/components/schemas/SaleV1',
    });
    const pushV0 = doc.paths['/sync/sales/0/push'].post;
    expect(pushV0.requestBody.content['application/json'].schema.items.properties.newDocumentState).toEqual({ $ref: '#/components/schemas/SaleV0' });
    expect(doc.components.schemas.ErrorBody.properties.error.properties.code.enum).toEqual(Object.values(ErrorCode));
  });

  it('is served at GET /api/openapi.json without a token', async () => {
    const res = await hono.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

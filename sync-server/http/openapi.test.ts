import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { collections, ErrorCode, isFactCollection, SaleSchema, SaleSchemaV0, type CollectionSpec } from '../../src/domain/index.js';
import { createApp } from '../app.js';
import { silentLogger } from '../logger.js';
import { tempStore } from '../testing/temp-store.js';
import { buildOpenApiDocument } from './openapi.js';

type Obj = Record<string, any>;
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Fixed fields of OpenAPI 3.1 objects; anything else must be an `x-` extension. */
const FIELDS = {
  root: ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'],
  operation: ['tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'callbacks', 'deprecated', 'security', 'servers'],
  response: ['description', 'headers', 'content', 'links'],
  mediaType: ['schema', 'example', 'examples', 'encoding'],
  parameter: ['name', 'in', 'description', 'required', 'deprecated', 'allowEmptyValue', 'style', 'explode', 'allowReserved', 'schema', 'example', 'examples', 'content'],
};
const unknownFields = (o: Obj, allowed: string[]) => Object.keys(o).filter((k) => !allowed.includes(k) && !k.startsWith('x-'));

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = '#', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) node.forEach((n, i) => refs(n, `${at}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push([at, v]);
      else refs(v, `${at}/${k}`, out);
    }
  }
  return out;
}
const resolve = (doc: Obj, ref: string) => ref.slice(2).split('/').reduce<any>((node, key) => node?.[key], doc);

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as Obj;

  it('has the shape of an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(unknownFields(doc, FIELDS.root)).toEqual([]);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    const operationIds: string[] = [];
    for (const [path, item] of Object.entries<Obj>(doc.paths)) {
      expect(path).toMatch(/^\//);
      expect(path).not.toMatch(/[{}]/); // concrete paths: nothing to declare as path parameters
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
        for (const p of op.parameters ?? []) {
          expect(unknownFields(p, FIELDS.parameter)).toEqual([]);
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          expect('schema' in p !== 'content' in p).toBe(true); // exactly one of them
        }
        for (const requirement of op.security ?? []) for (const name of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(name);
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

  it('lists every route, with every collection and served version of the registry', () => {
    const expected = ['/health', '/ready', '/api/openapi.json', '/api/devices/enroll', '/api/enrollment-codes', '/api/staff', '/api/me'];
    for (const spec of Object.values(collections) as CollectionSpec[]) {
      for (const v of spec.served) {
        expected.push(`/sync/${spec.name}/${v}/pull`, `/sync/${spec.name}/${v}/pull-stream`);
        if (isFactCollection(spec)) expected.push(`/sync/${spec.name}/${v}/push`);
      }
    }
    expect(Object.keys(doc.paths).sort()).toEqual(expected.sort());
    // Public routes opt out of the bearer requirement; the rest inherit it.
    expect(doc.security).toEqual([{ deviceToken: [] }]);
    for (const p of ['/health', '/ready', '/api/openapi.json']) expect(doc.paths[p].get.security).toEqual([]);
    expect(doc.paths['/api/devices/enroll'].post.security).toEqual([]);
    expect(doc.paths['/sync/sales/0/pull'].get.security).toBeUndefined();
    expect(doc.paths['/api/devices/enroll'].post.responses['429'].headers).toHaveProperty('Retry-After');
  });

  it('carries the domain schemas: the sale component is the zod SaleSchema, used by push and pull', () => {
    const { $schema: _dialect, ...sale } = z.toJSONSchema(SaleSchema, { io: 'input', unrepresentable: 'any' });
    expect(doc.components.schemas.Sale).toEqual(sale);
    expect(doc.components.schemas.Sale.required).toEqual(expect.arrayContaining(['id', 'storeId', 'deviceId', 'lines', 'totals']));
    const push = doc.paths['/sync/sales/1/push'].post;
    expect(push.requestBody.content['application/json'].schema.items.properties.newDocumentState).toEqual({ $ref: '#/components/schemas/Sale' });
    const pulled = doc.paths['/sync/sales/1/pull'].get.responses['200'].content['application/json'].schema;
    expect(pulled.properties.documents.items).toEqual({ $ref: '#/components/schemas/SaleDocument' });
    expect(doc.components.schemas.SaleDocument.properties._deleted).toEqual({ type: 'boolean' });
    // An app still on sales v0 during a rollout is described with the v0 schema (no customerId).
    const { $schema: _d0, ...saleV0 } = z.toJSONSchema(SaleSchemaV0, { io: 'input', unrepresentable: 'any' });
    expect(doc.components.schemas.SaleV0).toEqual(saleV0);
    expect(doc.components.schemas.SaleV0.properties).not.toHaveProperty('customerId');
    const pushV0 = doc.paths['/sync/sales/0/push'].post;
    expect(pushV0.requestBody.content['application/json'].schema.items.properties.newDocumentState).toEqual({ $ref: '#/components/schemas/SaleV0' });
    expect(doc.components.schemas.ErrorBody.properties.error.properties.code.enum).toEqual(Object.values(ErrorCode));
  });

  it('is served at GET /api/openapi.json without a token', async () => {
    const t = await tempStore();
    disposers.push(t.dispose);
    const res = await createApp({ store: t.store, logger: silentLogger }).request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

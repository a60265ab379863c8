import { Hono } from 'hono';
import { z } from 'zod';
import {
  CheckpointSchema,
  collections,
  DomainError,
  ErrorCode,
  isFactCollectionName,
  legacyVersion,
  PullQuerySchema,
  pushBodySchema,
  type CollectionSpec,
} from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import type { DeviceEnv } from '../auth/device-auth.js';
import { PUSH_BODY_MAX_BYTES } from '../http/body.js';
import { defineRoute, deviceFailures, failure, named, ok } from '../http/route.js';
import { refuseServerOnlyFields, wireArrayFor } from '../http/wire.js';
import { assertDevicesWrite, pullPartition, resolveCollection } from '../policies/access.js';
import { createPushPolicies, type PushRow } from '../policies/push.js';
import { multiplexedStream, pullStream, resolveStreamedCollections, StreamQuerySchema } from './pull-stream.js';
import { orderProofSigner, warmServerProofKey } from '../proof/server-keys.js';

/**
 * RxDB's HTTP replication endpoints, per collection and served schema version of the registry:
 *   GET  /sync/{collection}/{version}/pull?checkpoint={"seq":n}&limit=n → {documents, checkpoint, remaining}
 *   POST /sync/{collection}/{version}/push  [{assumedMasterState, newDocumentState}] → conflicting masters
 *        (fact collections only)
 *   GET  /sync/{collection}/{version}/pull-stream                       → text/event-stream
 *   GET  /sync/stream?collections=products:0,sales:1,…                  → the same streams on one connection
 * One route per collection and version, generated from the registry, so each is documented with its own schema.
 * The device is already authenticated (requireDevice) when these run.
 */
export function syncRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const pushPolicies = createPushPolicies(deps.factKinds, { publicUrl: deps.publicUrl, signOrderProof: orderProofSigner(deps.store) });

  for (const collection of Object.values(collections) as CollectionSpec[]) {
    for (const version of collection.served) {
      const spec = resolveCollection(collection.name, String(version));
      // An app still on an older version pushes and pulls documents of that version; policies see the current shape.
      const legacy = legacyVersion(spec, version);
      const documentName = componentName(spec) + (version === spec.version ? '' : `V${version}`);
      const documentSchema = named(documentName, legacy?.schema ?? spec.schema);
      const wireDocument = named(`${documentName}Document`, (legacy?.schema ?? spec.schema).extend({ _deleted: z.boolean() }));
      const toWire = wireArrayFor(spec, version);
      const base = `/${spec.name}/${version}`;
      const tags = [spec.name];

      defineRoute(
        routes,
        {
          method: 'get',
          path: `${base}/pull`,
          operationId: `pull_${spec.name}_v${version}`,
          tags,
          summary: `Pull ${spec.name} after a checkpoint, in server sequence order${spec.scope === 'store' ? " (the device's store only)" : ''}`,
          auth: 'device',
          query: PullQuerySchema,
          responses: {
            200: ok(
              'a page of documents',
              z.object({ documents: z.array(wireDocument), checkpoint: named('Checkpoint', CheckpointSchema).nullable(), remaining: z.int().min(0) }),
            ),
            400: failure('VALIDATION_FAILED: bad checkpoint or limit'),
            ...syncFailures,
          },
        },
        async (c, { query: { checkpoint, limit } }) => {
          const page = await deps.store.pull({
            collection: spec.name,
            storeId: pullPartition(spec, c.get('device')),
            afterSeq: checkpoint?.seq ?? 0,
            limit,
          });
          const last = page.documents.at(-1);
          const next = last ? { seq: last.seq } : checkpoint;
          const json = `{"documents":${toWire(page.documents)},"checkpoint":${JSON.stringify(next)},"remaining":${page.remaining}}`;
          return c.body(json, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        },
      );

      const factCollection = spec.name;
      if (isFactCollectionName(factCollection)) {
        defineRoute(
          routes,
          {
            method: 'post',
            path: `${base}/push`,
            operationId: `push_${spec.name}_v${version}`,
            tags,
            summary: `Push ${spec.name} created on the device; answers the conflicting master documents`,
            description: 'Validated whole before anything is written: one bad row answers 400 and writes nothing.',
            auth: 'device',
            // Validation and authorization of the whole batch come before the transaction: one bad row writes nothing.
            body: pushBodySchema(documentSchema),
            bodyMaxBytes: PUSH_BODY_MAX_BYTES,
            responses: {
              200: ok('conflicts: the master documents of rows not applied as sent', z.array(wireDocument)),
              400: failure('VALIDATION_FAILED or a domain rule'),
              403: failure('FORBIDDEN: a document of another store or device'),
              ...syncFailures,
            },
          },
          async (c, { body }) => {
            const policy = pushPolicies[factCollection];
            refuseServerOnlyFields(spec, body);
            const rows = (legacy ? body.map((row, i) => upgradeRow(legacy.upgrade, row, i)) : body) as PushRow<never>[];
            const device = c.get('device');
            const push = policy.admit(rows, device);
            // A handoff's order.collected carries a proof signed in the decision, which cannot wait: load the key first.
            if (factCollection === 'facts') await warmServerProofKey(deps.store, deps.clock);
            // The catalog first, outside the transaction: inside, every round trip is under the chain-wide seq lock.
            await push.prefetch(deps.store, deps.clock);
            const result = await deps.store.transaction((tx) => push.apply(tx, deps.clock));
            return c.body(toWire(result.conflicts), 200, { 'Content-Type': 'application/json; charset=utf-8' });
          },
        );
      }

      defineRoute(
        routes,
        {
          method: 'get',
          path: `${base}/pull-stream`,
          operationId: `pullStream_${spec.name}_v${version}`,
          tags,
          summary: `Server-Sent Events of new ${spec.name}`,
          description:
            'Each `data:` is JSON: `{documents, checkpoint}` or the string "RESYNC" (pull again from your checkpoint). ' +
            'Comments keep the connection alive. The stream ends when the server shuts down (reconnect) or the device is revoked.',
          auth: 'device',
          responses: {
            // The pull route of the same collection and version defines both components.
            200: eventStream({ type: 'array', items: { $ref: `#/components/schemas/${documentName}Document` } }),
            ...syncFailures,
          },
        },
        (c) => pullStream(c, spec, version, c.get('device'), deps),
      );
    }
  }

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/stream',
      operationId: 'pullStream',
      tags: Object.keys(collections),
      summary: "Server-Sent Events of new documents of all the device's collections, on one connection",
      description:
        'What each /sync/{collection}/{version}/pull-stream sends, for every collection named in `collections`, as events named ' +
        'after their collection (`event: sales`): `{documents, checkpoint}` in the version asked for, or "RESYNC". A browser ' +
        'opens at most 6 HTTP/1.1 connections per origin, so an app streams through this one connection. A collection whose ' +
        'version is no longer served gets one event with the 426 error body (update the app) and the others stream on; 426 ' +
        'when none is served.',
      auth: 'device',
      query: StreamQuerySchema,
      responses: {
        200: eventStream({ type: 'array' }, { $ref: '#/components/schemas/ErrorBody' }),
        400: failure('VALIDATION_FAILED: collections is not name:version pairs, or names one twice'),
        ...syncFailures,
      },
    },
    (c, { query }) => {
      const { streamed, notices } = resolveStreamedCollections(query.collections);
      return multiplexedStream(c, streamed, notices, c.get('device'), deps);
    },
  );

  // What the registry does not serve: an unknown collection 404, a retired version 426 (update the app), a push to
  // an authoritative collection 403; anything else under a served version is no route.
  routes.all('/:collection/:version/:action', (c) => {
    const spec = resolveCollection(c.req.param('collection'), c.req.param('version'));
    if (c.req.method === 'POST' && c.req.param('action') === 'push') assertDevicesWrite(spec);
    throw new DomainError(ErrorCode.NOT_FOUND, `no route ${c.req.method} ${c.req.path}`);
  });

  return routes;
}

const syncFailures = {
  ...deviceFailures,
  404: failure('UNKNOWN_COLLECTION / NOT_FOUND'),
  426: failure('SCHEMA_VERSION_UNSUPPORTED: this schema version is no longer served; update the app'),
  500: failure('INTERNAL: nothing was applied'),
};

/** A pull stream's 200: each `data:` is a page of `documents` with its checkpoint, "RESYNC", or one of `alsoSent`. */
const eventStream = (documents: object, ...alsoSent: object[]) => ({
  description: 'text/event-stream',
  content: {
    'text/event-stream': {
      schema: { type: 'string' },
      'x-sse-data': {
        anyOf: [
          {
            type: 'object',
            properties: { documents, checkpoint: { $ref: '#/components/schemas/Checkpoint' } },
            required: ['documents', 'checkpoint'],
          },
          { const: 'RESYNC' },
          ...alsoSent,
        ],
      },
    },
  },
});

const componentName = (spec: CollectionSpec) =>
  ({ products: 'Product', stock: 'StockLevel', sales: 'Sale', staff: 'StaffMember', facts: 'Fact', stores: 'Store' })[spec.name] ??
  spec.name[0]!.toUpperCase() + spec.name.slice(1);

/**
 * An older app's row in the current shape. An upgrade may refuse a document the current schema cannot hold (a sales
 * v1 card tender without its approval code): 400 for the whole push, its field errors placed in the row like a
 * schema error's.
 */
function upgradeRow<D>(upgrade: (doc: D) => unknown, row: { assumedMasterState?: D | null | undefined; newDocumentState: D }, index: number) {
  try {
    return {
      assumedMasterState: row.assumedMasterState ? upgrade(row.assumedMasterState) : row.assumedMasterState,
      newDocumentState: upgrade(row.newDocumentState),
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const row = `${index}.newDocumentState`;
    const fieldErrors =
      error.fieldErrors.length > 0 ? error.fieldErrors.map((e) => ({ ...e, path: `${row}.${e.path}` })) : [{ path: row, message: error.message }];
    throw new DomainError(error.code, error.message, fieldErrors);
  }
}

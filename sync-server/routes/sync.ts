import { Hono } from 'hono';
import {
  DomainError,
  ErrorCode,
  legacyVersion,
  parseWith,
  PullQuerySchema,
  pushBodySchema,
} from '../../src/domain/index.js';
import { readJson } from '../http/body.js';
import type { ResolvedDeps } from '../app.js';
import type { DeviceEnv } from '../auth/device-auth.js';
import { wireArrayFor } from '../http/wire.js';
import { assertDevicesWrite, pullPartition, resolveCollection } from '../policies/access.js';
import { pushPolicies, type PushRow } from '../policies/push.js';
import { pullStream } from './pull-stream.js';

/**
 * RxDB's HTTP replication endpoints, per collection and schema version:
 *   GET  /sync/{collection}/{version}/pull?checkpoint={"seq":n}&limit=n → {documents, checkpoint, remaining}
 *   POST /sync/{collection}/{version}/push  [{assumedMasterState, newDocumentState}] → conflicting masters
 *   GET  /sync/{collection}/{version}/pull-stream                       → text/event-stream
 * The device is already authenticated (requireDevice) when these run.
 */
export function syncRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  routes.get('/:collection/:version/pull', async (c) => {
    const spec = resolveCollection(c.req.param('collection'), c.req.param('version'));
    const query = parseWith(PullQuerySchema, c.req.query());
    if (!query.ok) throw query.error;
    const { checkpoint, limit } = query.value;
    const page = await deps.store.pull({
      collection: spec.name,
      storeId: pullPartition(spec, c.get('device')),
      afterSeq: checkpoint?.seq ?? 0,
      limit,
    });
    const last = page.documents.at(-1);
    const next = last ? { seq: last.seq } : checkpoint;
    const json = `{"documents":${wireArrayFor(spec, spec.requestedVersion)(page.documents)},"checkpoint":${JSON.stringify(next)},"remaining":${page.remaining}}`;
    return c.body(json, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  routes.post('/:collection/:version/push', async (c) => {
    const spec = resolveCollection(c.req.param('collection'), c.req.param('version'));
    assertDevicesWrite(spec);
    const policy = pushPolicies[spec.name];
    if (!policy) throw new DomainError(ErrorCode.COLLECTION_READ_ONLY, `${spec.name} has no push policy`);
    const raw = await readJson(c);
    // Validation and authorization of the whole batch come before the transaction: one bad row writes nothing.
    // An older app's rows are validated against its own version, then upgraded: policies only see the current shape.
    const legacy = legacyVersion(spec, spec.requestedVersion);
    const parsed = parseWith(pushBodySchema(legacy?.schema ?? spec.schema), raw);
    if (!parsed.ok) throw parsed.error;
    const rows = (legacy ? parsed.value.map((row) => upgradeRow(legacy.upgrade, row)) : parsed.value) as PushRow<never>[];
    const device = c.get('device');
    policy.authorize(rows, device);
    const result = await deps.store.transaction((tx) => policy.apply(tx, rows, device, deps.clock));
    // Only after COMMIT: subscribers must never be told about a change they cannot read yet.
    deps.changeFeed.notify(result.changes);
    return c.body(wireArrayFor(spec, spec.requestedVersion)(result.conflicts), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  routes.get('/:collection/:version/pull-stream', async (c) => {
    const spec = resolveCollection(c.req.param('collection'), c.req.param('version'));
    return pullStream(c, spec, spec.requestedVersion, c.get('device'), deps);
  });

  return routes;
}

function upgradeRow<D>(upgrade: (doc: D) => unknown, row: { assumedMasterState?: D | null | undefined; newDocumentState: D }) {
  return {
    assumedMasterState: row.assumedMasterState ? upgrade(row.assumedMasterState) : row.assumedMasterState,
    newDocumentState: upgrade(row.newDocumentState),
  };
}

import { Hono } from 'hono';
import { z } from 'zod';
import { checkpointQuery, collections, isFactCollection, type CollectionSpec } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import type { DeviceEnv } from '../auth/device-auth.js';
import { defineRoute, deviceFailures, failure } from '../http/route.js';
import { pageStream } from '../http/page-stream.js';
import { wireArrayFor } from '../http/wire.js';
import { pullPartition, resolveCollection } from '../policies/access.js';

/** Documents per line of a snapshot: large pages, so a device writes them in few large IndexedDB transactions. */
export const SNAPSHOT_PAGE = 10_000;

const SnapshotQuerySchema = z.object({
  checkpoint: checkpointQuery('JSON of the last checkpoint the device persisted, e.g. {"seq":123}; absent to start from the beginning'),
  page: z.coerce.number().int().min(1).max(SNAPSHOT_PAGE).default(SNAPSHOT_PAGE).describe('documents per line'),
});

/**
 * GET /sync/{collection}/{version}/snapshot?checkpoint={"seq":n}: a fresh device's initial load of a read-only
 * (authoritative) collection in one gzip-compressed answer, instead of RxDB's page-by-page pull loop. The body is
 * newline-delimited JSON, one line per page of up to SNAPSHOT_PAGE documents, each line exactly what the pull route
 * answers for that page (`{documents, checkpoint, remaining}`), so a device persists a page and its checkpoint together,
 * resumes from the last one it persisted, and hands the last checkpoint to the replication, which goes on from there.
 *
 * Every page is read by the pull route's own code: the store's `pull` for the device's partition (`pullPartition`),
 * serialised for the version asked for with `wireArrayFor` (server-only fields stripped, legacy versions translated;
 * erasures are deletions like any other write), so the snapshot cannot see more than the pulls. Fact collections
 * (pushed by devices) have no snapshot: RxDB must track what it pulled of them to detect conflicts, and they are small.
 */
export function snapshotRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  for (const collection of Object.values(collections) as CollectionSpec[]) {
    if (isFactCollection(collection)) continue;
    for (const version of collection.served) {
      const spec = resolveCollection(collection.name, String(version));
      const toWire = wireArrayFor(spec, version);
      defineRoute(
        routes,
        {
          method: 'get',
          path: `/${spec.name}/${version}/snapshot`,
          operationId: `snapshot_${spec.name}_v${version}`,
          tags: [spec.name],
          summary: `Every ${spec.name} document after a checkpoint, for a device's initial load${spec.scope === 'store' ? " (the device's store only)" : ''}`,
          description:
            'Newline-delimited JSON (gzip when accepted), one line per page in server sequence order, each line what ' +
            '`pull` answers for that page: `{documents, checkpoint, remaining}`; the last line has `remaining: 0`. ' +
            'Persist a page with its checkpoint, resume from the last one persisted, then replicate from it.',
          auth: 'device',
          query: SnapshotQuerySchema,
          responses: {
            200: { description: 'application/x-ndjson: pages of documents, each with its checkpoint and the documents remaining after it' },
            400: failure('VALIDATION_FAILED: bad checkpoint or page'),
            ...deviceFailures,
            404: failure('UNKNOWN_COLLECTION / NOT_FOUND'),
            426: failure('SCHEMA_VERSION_UNSUPPORTED: this schema version is no longer served; update the app'),
          },
        },
        (c, { query }) => {
          const partition = pullPartition(spec, c.get('device'));
          const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
          const aborted = c.req.raw.signal;
          async function* pages() {
            let checkpoint = query.checkpoint;
            for (;;) {
              if (aborted.aborted) return;
              const page = await deps.store.pull({ collection: spec.name, storeId: partition, afterSeq: checkpoint?.seq ?? 0, limit: query.page });
              const last = page.documents.at(-1);
              checkpoint = last ? { seq: last.seq } : checkpoint;
              yield `{"documents":${toWire(page.documents)},"checkpoint":${JSON.stringify(checkpoint)},"remaining":${page.remaining}}\n`;
              if (page.remaining === 0 || !last) return;
            }
          }
          return c.body(pageStream(pages(), { gzip }), 200, {
            'Content-Type': 'application/x-ndjson; charset=utf-8',
            'Cache-Control': 'no-store',
            ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
          });
        },
      );
    }
  }
  return routes;
}

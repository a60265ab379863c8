import { legacyVersion, type CollectionSpec } from '../../src/domain/index.js';
import type { StoredDocument } from '../store/store.js';

/**
 * A stored document as RxDB expects it on the wire: the entity's fields plus `_deleted`. The stored body is already
 * JSON, so it is spliced rather than parsed and re-serialised: a 5,000-document catalog page stays cheap.
 */
export function toWireJson(doc: StoredDocument): string {
  const deleted = `"_deleted":${doc.deleted}`;
  return doc.body === '{}' ? `{${deleted}}` : `${doc.body.slice(0, -1)},${deleted}}`;
}

export const toWireArray = (docs: readonly StoredDocument[]): string => `[${docs.map(toWireJson).join(',')}]`;

/**
 * The serialiser for the schema version a device speaks. Collections without legacy versions keep the splice fast
 * path; the others are normalised to the current shape (documents stored before a schema change) and, for an older
 * app during a rollout, translated down to its version.
 */
export function wireArrayFor(spec: CollectionSpec, version: number): (docs: readonly StoredDocument[]) => string {
  if (spec.legacy.length === 0) return toWireArray;
  const target = legacyVersion(spec, version);
  const translate = (body: Record<string, unknown>) => {
    const current = spec.legacy.reduce((doc, legacy) => legacy.upgrade(doc) as Record<string, unknown>, body);
    return target ? target.downgrade(current) : current;
  };
  const one = (doc: StoredDocument) =>
    doc.body === '{}' ? `{"_deleted":${doc.deleted}}` : JSON.stringify({ ...(translate(JSON.parse(doc.body)) as object), _deleted: doc.deleted });
  return (docs) => `[${docs.map(one).join(',')}]`;
}

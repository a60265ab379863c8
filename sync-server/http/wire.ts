import { DomainError, ErrorCode, legacyVersion, type CollectionSpec } from '../../src/domain/index.js';
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
 * The serialiser of pulls, streams and push conflicts for the schema version a device speaks. Collections without
 * legacy versions or server-only fields keep the splice fast path; the others are parsed: normalised to the current
 * shape (documents stored before a schema change), stripped of the registry's `serverOnly` fields, then, for an
 * older app during a rollout, translated down to its version (stripping first, so no downgrade can carry a
 * server-only value into an old field).
 */
export function wireArrayFor(spec: CollectionSpec, version: number): (docs: readonly StoredDocument[]) => string {
  const target = legacyVersion(spec, version);
  if (spec.serverOnly.length === 0 && !target && spec.legacy.every((legacy) => legacy.upgradeIsIdentity)) return toWireArray;
  const translate = (body: Record<string, unknown>) => {
    const current = spec.legacy.reduce((doc, legacy) => legacy.upgrade(doc) as Record<string, unknown>, body);
    for (const field of spec.serverOnly) delete current[field];
    return target ? target.downgrade(current) : current;
  };
  const one = (doc: StoredDocument) =>
    doc.body === '{}' ? `{"_deleted":${doc.deleted}}` : JSON.stringify({ ...(translate(JSON.parse(doc.body)) as object), _deleted: doc.deleted });
  return (docs) => `[${docs.map(one).join(',')}]`;
}

/**
 * Server-only fields are the server's to set (an order's internal notes, a customer's risk flag): a push carrying
 * one is refused whole, 400 with a field error per row, before anything is written.
 */
export function refuseServerOnlyFields(spec: CollectionSpec, rows: readonly { newDocumentState: object }[]): void {
  if (spec.serverOnly.length === 0) return;
  const fieldErrors = rows.flatMap((row, i) =>
    spec.serverOnly
      .filter((field) => Object.hasOwn(row.newDocumentState, field))
      .map((field) => ({ path: `${i}.newDocumentState.${field}`, message: `${field} is set by the server; leave it out` })),
  );
  if (fieldErrors.length > 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${spec.name} carry fields only the server sets: ${spec.serverOnly.join(', ')}`, fieldErrors);
  }
}

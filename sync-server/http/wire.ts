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

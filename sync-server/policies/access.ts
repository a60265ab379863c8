import {
  collections,
  isFactCollection,
  DomainError,
  ErrorCode,
  isCollectionName,
  type CollectionName,
  type CollectionSpec,
} from '../../src/domain/index.js';
import type { DeviceRecord } from '../store/store.js';

/**
 * Who sees and writes what, per collection, read from the collection registry so a new collection declares its
 * scope once. The SQL filters on the partition answered here; nothing is filtered after the fact.
 */

/** The store partition a device pulls from: '' (shared) for the catalog, its own store otherwise. */
export function pullPartition(spec: CollectionSpec, device: Pick<DeviceRecord, 'storeId'>): string {
  return spec.scope === 'shared' ? '' : device.storeId;
}

/** Finds the collection and checks the schema version in the URL: unknown → 404, not served → 426. */
export function resolveCollection(name: string, version: string): CollectionSpec & { name: CollectionName; requestedVersion: number } {
  if (!isCollectionName(name)) throw new DomainError(ErrorCode.UNKNOWN_COLLECTION, `no collection named "${name}"`);
  const spec = collections[name] as CollectionSpec & { name: CollectionName };
  const v = /^\d+$/.test(version) ? Number(version) : NaN;
  if (!spec.served.includes(v)) {
    throw new DomainError(
      ErrorCode.SCHEMA_VERSION_UNSUPPORTED,
      `${name} schema version ${version} is no longer served (served: ${spec.served.join(', ')}); update the app`,
    );
  }
  return { ...spec, requestedVersion: v };
}

/** Authoritative collections are owned by the server; devices only pull them. */
export function assertDevicesWrite(spec: CollectionSpec): void {
  if (!isFactCollection(spec)) throw new DomainError(ErrorCode.COLLECTION_READ_ONLY, `${spec.name} is read-only for devices`);
}

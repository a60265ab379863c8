import { z } from 'zod';
import type { CollectionSpec } from './collections.js';

/** The RxDB JSON schema of a collection, derived from its zod schema so the two can never drift. */
export interface DerivedRxSchema {
  title: string;
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, unknown>;
  required: string[];
  indexes: string[];
}

export function toRxJsonSchema(spec: CollectionSpec): DerivedRxSchema {
  const json = z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'throw' }) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const properties = structuredClone(json.properties);
  // Server-only fields never reach a device (stripped from pulls), so its schema must neither hold nor require them.
  for (const field of spec.serverOnly) delete properties[field];
  for (const key of [spec.primaryKey, ...spec.indexes]) {
    const property = properties[key];
    if (!property) throw new Error(`${spec.name}: indexed field ${key} is not in the schema`);
    // RxDB needs bounded index keys: strings need maxLength, numbers need a range and a step.
    if (property.type === 'string' && typeof property.maxLength !== 'number') {
      throw new Error(`${spec.name}: indexed string ${key} needs a max length in its zod schema`);
    }
  }
  return {
    title: spec.name,
    version: spec.version,
    primaryKey: spec.primaryKey,
    type: 'object',
    properties,
    required: (json.required ?? []).filter((field) => !spec.serverOnly.includes(field)),
    indexes: [...spec.indexes],
  };
}

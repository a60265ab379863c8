import type { Clock, DocumentOf, FactCollectionName } from '../../src/domain/index.js';
import { admittedFacts, authorizeFacts } from '../facts/engine.js';
import { factsPushPolicy } from '../facts/facts-collection.js';
import { factKindRegistry, type FactKindRegistration, type FactPolicyEnv } from '../facts/kinds.js';
import type { DeviceRecord, StoredDocument, StoreReads, StoreSql, StoreTx } from '../store/store.js';
import { salePolicy } from './sales.js';

/** One validated row of a push body. */
export interface PushRow<Doc> {
  assumedMasterState?: Doc | null | undefined;
  newDocumentState: Doc;
}

export interface ApplyResult {
  /** Stored masters the device must adopt (a fact it pushed again, already decided). */
  conflicts: StoredDocument[];
}

/**
 * How a fact collection's pushes are admitted: before the transaction, the whole batch is validated where the
 * collection schema cannot (a fact kind's payload) and authorized, throwing VALIDATION_FAILED (400) or FORBIDDEN
 * (403) with nothing written; the admitted push is then applied inside one transaction.
 */
export interface PushPolicy<Doc> {
  admit(rows: readonly PushRow<Doc>[], device: DeviceRecord): AdmittedPush;
}

export interface AdmittedPush {
  /**
   * Reads what the push's decisions need that may be read before the write transaction (the catalog: facts/load.ts
   * says why that is safe), so the transaction, serialised chain-wide, holds fewer round trips. Optional for the
   * caller: `apply` reads whatever was not prefetched.
   */
  prefetch(reads: StoreReads & { sql: StoreSql }, clock: Clock): Promise<void>;
  apply(tx: StoreTx, clock: Clock): Promise<ApplyResult>;
}

/** Every fact collection's push policy: a fact collection without one does not compile. */
export type PushPolicies = { [N in FactCollectionName]: PushPolicy<DocumentOf<N>> };

/** The push policies of a server applying the domain's fact kinds and `extraKinds` (tests, see facts/kinds.ts). */
export function createPushPolicies(extraKinds: readonly FactKindRegistration[] = [], env?: FactPolicyEnv): PushPolicies {
  return {
    sales: {
      admit(rows, device) {
        authorizeFacts(rows, device);
        return admittedFacts({ collection: 'sales', rows, device, policyOf: () => salePolicy });
      },
    },
    facts: factsPushPolicy(factKindRegistry(extraKinds, env)),
  };
}

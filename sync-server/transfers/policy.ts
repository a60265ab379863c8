import {
  decideTransferRequest,
  decideTransferStep,
  type Fact,
  type FactOfKindName,
  type TransferRequest,
  type transferFactKinds,
} from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';

/**
 * A request reads who asked, the store asked and the SKU; the domain decides. Nothing moves until the store asked
 * accepts.
 */
const requestPolicy: FactPolicy<TransferRequest> = {
  load: (facts) => ({
    documents: {
      staff: facts.map((f) => f.associateId),
      stores: facts.map((f) => f.payload.fromStoreId),
      products: facts.map((f) => f.payload.sku),
    },
  }),
  decide: decideTransferRequest,
};

/**
 * Every later step reads the transfer's whole history by its `transfer` key (one query for the batch: two steps of
 * one push see each other), who took the step and the product (a receipt checks the scanned barcode).
 */
const stepPolicy: FactPolicy<Fact> = {
  load: (facts) => ({
    documents: { staff: facts.map((f) => f.associateId), products: facts.map((f) => String(f.payload.sku)) },
    keys: { facts: { transfer: facts.map((f) => f.subjectId) } },
  }),
  decide: decideTransferStep,
};

type TransferKindName = keyof typeof transferFactKinds;

/** The policy of each hold and transfer kind, spread into the server's kind map (facts/kinds.ts). */
export const transferPolicies: { [K in TransferKindName]: FactPolicy<FactOfKindName<K>> } = {
  'transfer.requested': requestPolicy,
  'transfer.accepted': stepPolicy,
  'transfer.declined': stepPolicy,
  'transfer.shipped': stepPolicy,
  'transfer.received': stepPolicy,
  'transfer.released': stepPolicy,
  'transfer.cancelled': stepPolicy,
};

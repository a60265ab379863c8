import { decideReceiptRequest, type ReceiptRequest } from '../../src/domain/index.js';
import type { FactPolicy } from '../facts/policy.js';
import { receiptMail } from './mail.js';

/**
 * `sale.receipt-requested`: reads the sales asked about and who asked; the domain decides, and an accepted request
 * writes the receipt mail to the outbox in the fact's transaction (sent when the worker gets to it; a fact pushed
 * again is not decided again, so it is one mail).
 */
export function receiptRequestPolicy(env: { publicUrl: string }): FactPolicy<ReceiptRequest> {
  return {
    load: (requests) => ({
      documents: { sales: requests.map((r) => r.subjectId), staff: requests.map((r) => r.associateId) },
    }),
    decide: (request, state) => decideReceiptRequest(request, state, (sale, store, email) => receiptMail(sale, store, email, env.publicUrl)),
  };
}

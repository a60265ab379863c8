import type { Fact } from '../fact/schema.js';
import { ErrorCode, fail, ok, type Result } from '../kernel/errors.js';
import type { StaffMember } from '../staff/schema.js';
import type { ClientelingFact } from './clienteling-facts.js';
import { consentRefusal } from './outreach.js';
import { addStore } from './profile.js';
import type { CustomerProfile } from './schema.js';

/** What deciding a clienteling fact reads on the server (tests build it by hand). */
export interface ClientelingContext {
  /** Server time of the decision. */
  at: string;
  staff(id: string): StaffMember | undefined;
  /** The live profile the subject is, or was merged into. */
  customer(id: string): CustomerProfile | undefined;
  /** A stored fact by id (a task's customer.task-added). */
  fact(id: string): Fact | undefined;
  /** Whether the catalog knows the SKU. */
  knownSku(sku: string): boolean;
}

const activeIn = (staff: StaffMember | undefined, storeId: string): staff is StaffMember => staff?.active === true && staff.storeId === storeId;

/**
 * The server's decision on a clienteling fact: accepted with the profile to write when the customer must join the
 * store's book (a task, an assignment: someone here looks after them now), or refused with what staff can act on.
 * `customer.contacted` is re-checked against the consent in force when the server decides: a customer who withdrew
 * it meanwhile (on another device, on the web) makes the contact refused with CUSTOMER_NO_CONSENT. The fact is still
 * stored with that outcome and replicates back, so the contact stays on record, flagged, rather than lost.
 */
export function decideClientelingFact(fact: ClientelingFact, ctx: ClientelingContext): Result<CustomerProfile[]> {
  if (!activeIn(ctx.staff(fact.associateId), fact.storeId)) {
    return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, `associate ${fact.associateId} is not active staff of store ${fact.storeId}`);
  }
  const customer = ctx.customer(fact.subjectId);
  if (!customer) return fail(ErrorCode.NOT_FOUND, `customer ${fact.subjectId} is not known to the server`);
  const joinBook = (): CustomerProfile[] => (customer.stores.includes(fact.storeId) ? [] : [addStore(customer, fact.storeId)]);

  switch (fact.kind) {
    case 'customer.task-added': {
      const assignee = ctx.staff(fact.payload.assignee);
      if (!activeIn(assignee, fact.storeId) || assignee.role === 'pickup') {
        const message = `${fact.payload.assignee} is not an associate of store ${fact.storeId}; give the task to someone who works here`;
        return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, message, [{ path: 'payload.assignee', message }]);
      }
      return ok(joinBook());
    }
    case 'customer.task-done': {
      const task = ctx.fact(fact.payload.taskId);
      if (task?.kind !== 'customer.task-added' || task.storeId !== fact.storeId || task.outcome?.status === 'rejected') {
        return fail(ErrorCode.NOT_FOUND, `there is no task ${fact.payload.taskId} for this customer in store ${fact.storeId}`);
      }
      if (task.subjectId !== customer.id && !customer.mergedFrom.includes(task.subjectId)) {
        return fail(ErrorCode.NOT_FOUND, `task ${fact.payload.taskId} is about another customer`);
      }
      return ok([]);
    }
    case 'customer.assigned': {
      const { staffId } = fact.payload;
      if (staffId !== null) {
        const assignee = ctx.staff(staffId);
        if (!activeIn(assignee, fact.storeId) || assignee.role === 'pickup') {
          const message = `${staffId} is not an associate of store ${fact.storeId}`;
          return fail(ErrorCode.ASSOCIATE_NOT_ALLOWED, message, [{ path: 'payload.staffId', message }]);
        }
      }
      return ok(joinBook());
    }
    case 'customer.wishlist-changed': {
      if (fact.payload.wanted && !ctx.knownSku(fact.payload.sku)) {
        return fail(ErrorCode.UNKNOWN_SKU, `SKU ${fact.payload.sku} is not in the catalog`, [{ path: 'payload.sku', message: 'not in the catalog' }]);
      }
      return ok([]);
    }
    case 'customer.contacted': {
      const refusal = consentRefusal(customer, fact.payload.channel, fact.payload.purpose);
      return refusal ? fail(ErrorCode.CUSTOMER_NO_CONSENT, refusal) : ok([]);
    }
  }
}

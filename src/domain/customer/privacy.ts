import { z } from 'zod';
import { PinSchema, StaffNumberSchema } from '../staff/schema.js';
import type { Fact } from '../fact/schema.js';
import type { Order } from '../order/schema.js';
import type { Sale } from '../sale/schema.js';
import type { CustomerProfile } from './schema.js';
import { scrubbedClientelingPayload } from './clienteling-facts.js';

/**
 * A customer's rights over their data (LGPD Art. 18, GDPR Art. 15 and 17): what an export holds, and what an erasure
 * leaves behind. Pure: the server gathers the documents (sync-server/customers/privacy-*.ts) and writes the result.
 */

/** Every id that was ever this customer's: their own and those merged into them (sales and orders may name any). */
export const customerIdsOf = (p: Pick<CustomerProfile, 'id' | 'mergedFrom'>): string[] => [p.id, ...p.mergedFrom];

/** The kind of the audit fact an erasure leaves in the facts collection: who erased which id, when; nothing else. */
export const CUSTOMER_ERASED_KIND = 'customer.erased';

/**
 * The facts collection's lookup key that finds an erasure by the customer id it erased, so a fact pushed later by an
 * offline device about that customer is refused with CUSTOMER_ERASED instead of recreating them.
 */
export const customerErasureLookupValues = {
  erasedCustomer: (f: Pick<Fact, 'kind' | 'subjectId' | 'payload'>) =>
    f.kind === CUSTOMER_ERASED_KIND ? [f.subjectId, ...((f.payload.mergedFrom as string[] | undefined) ?? [])] : [],
};

/** What replaces a person's name and contact in the orders kept for accounting once they are erased. */
export const ERASED_NAME = 'Erased customer';
/** A reserved domain (RFC 2606): never delivered, and still a valid email for the order's schema. */
export const erasedEmail = (orderId: string) => `erased-${orderId.slice(-12).toLowerCase()}@erased.invalid`;
/** A placeholder that still passes the E.164 schema and reaches nobody (Brazil's 0 area is never assigned). */
export const ERASED_PHONE = '+550000000000';

/**
 * An order with the customer's contact replaced by placeholders, and a delivery address reduced to its city, region,
 * postal code and country (what tax records need); lines, totals, payments and states are kept.
 */
export function pseudonymiseOrder<O extends Pick<Order, 'id' | 'customer' | 'fulfilment'>>(order: O): O {
  const customer = { name: ERASED_NAME, email: erasedEmail(order.id), phone: ERASED_PHONE, nationalId: null };
  const f = order.fulfilment;
  const fulfilment =
    f.type === 'ship' ? { ...f, address: { ...f.address, recipient: ERASED_NAME, street: '-', number: '-', complement: null, district: null } } : f;
  return { ...order, customer, fulfilment };
}

/**
 * A sale keeps its `customerId`: once the profile is gone it is an opaque id that names nobody (the id was random,
 * UUIDv7), and the sale's figures stay as they were for accounting. Nothing else in a sale is personal.
 */
export const pseudonymiseSale = <S extends Pick<Sale, 'customerId'>>(sale: S): S => sale;

/**
 * The replicated deletion of a profile: the id and the stores whose devices must drop it (store ids, not personal
 * data; the server routes the deletion to them by this list). Every other field is gone.
 */
export interface CustomerTombstone {
  id: string;
  stores: string[];
}
export const customerTombstone = (p: Pick<CustomerProfile, 'id' | 'stores'>): CustomerTombstone => ({ id: p.id, stores: [...p.stores] });

/**
 * What is left of a customer fact's payload in its deletion after an erasure: nothing personal, yet still valid for
 * its kind, so a device that reads the deletion before it drops the fact parses it like any other. A consent
 * change keeps its channel, purpose and decision (not personal; the erased profile is gone anyway).
 */
export function scrubbedCustomerPayload(kind: string, payload: Record<string, unknown>): Record<string, unknown> {
  switch (kind) {
    case 'customer.created':
      return {
        name: ERASED_NAME,
        email: null,
        phone: null,
        nationalId: null,
        birthday: null,
        preferredStoreId: null,
        sizes: [],
        preferences: [],
        tags: [],
        consents: [],
      };
    case 'customer.updated':
      return { fields: { name: ERASED_NAME } };
    case 'customer.note-added':
      return { text: '-' };
    case 'customer.consent-changed':
      return payload;
    default:
      return scrubbedClientelingPayload(kind, payload) ?? {};
  }
}

/** The export: everything held about the person, as one JSON document (GET /api/customers/{id}/export). */
export interface CustomerExport {
  exportedAt: string;
  customer: CustomerProfile;
  /** Sales naming any of the customer's ids. */
  sales: Sale[];
  /** Online orders matched to the customer (by the profile's history or their email and phone). */
  orders: Order[];
}

/** A manager's request about a customer's data: their staff number and PIN, checked again on the server. */
export const CustomerPrivacyRequestSchema = z.object({ manager: z.object({ staffNumber: StaffNumberSchema, pin: PinSchema }) });
export type CustomerPrivacyRequest = z.infer<typeof CustomerPrivacyRequestSchema>;

/** What an erasure answers: the ids erased and how much was pseudonymised, never the data itself. */
export const CustomerErasureSchema = z.object({
  customerId: z.string(),
  erasedIds: z.array(z.string()),
  erasedAt: z.string(),
  ordersPseudonymised: z.number().int(),
  salesKept: z.number().int(),
  factsScrubbed: z.number().int(),
});
export type CustomerErasure = z.infer<typeof CustomerErasureSchema>;

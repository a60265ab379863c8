import {
  accepted,
  CUSTOMER_ERASED_KIND,
  customerIdsOf,
  customerTombstone,
  pseudonymiseOrder,
  scrubbedCustomerPayload,
  type CustomerErasure,
  type CustomerProfile,
  type Device,
  type Fact,
  type IdGenerator,
  type StaffMember,
} from '../../src/domain/index.js';
import { listIntegrations } from '../integrations/registry.js';
import { enqueueEvents, type EventDraft } from '../outbox/enqueue.js';
import { queryRows } from '../outbox/sql.js';
import type { DocumentWrite, SyncStore, TxSql } from '../store/store.js';
import { loadCustomerData } from './privacy-data.js';

/**
 * Erases a customer (LGPD Art. 18 VI, GDPR Art. 17) in one transaction:
 * - the profile, and every pointer merged into it, becomes a deletion carrying only its id and the stores that must
 *   drop it, so each of those stores' devices removes it from its database at its next pull;
 * - the online orders are pseudonymised (contact and street replaced), kept for accounting; the sales keep their
 *   `customerId`, now an opaque id that names nobody;
 * - the customer facts about them (created, updated, notes, consents: they carry names and contacts) are deleted,
 *   their deletions carrying no personal data: a device that kept an accepted fact would otherwise show the customer
 *   again until "their profile arrives" (domain/customer/optimistic.ts), which it never will;
 * - an audit fact `customer.erased` records who (the manager), when, from which device, which ids — nothing else —
 *   and makes any later fact about those ids be refused with CUSTOMER_ERASED (customers/policy.ts);
 * - `customer.erased` goes to every active e-commerce integration through the outbox, with the ids only.
 */
export async function eraseCustomer(
  store: SyncStore,
  customerId: string,
  { device, manager, at, newId }: { device: Device; manager: StaffMember; at: string; newId: IdGenerator },
): Promise<CustomerErasure> {
  const integrations = (await listIntegrations(store)).filter((i) => i.revokedAt === null);
  return store.transaction(async (tx) => {
    const { profile, sales, orders } = await loadCustomerData(tx, tx.sql, customerId);
    const ids = customerIdsOf(profile);
    const stored = await tx.getDocuments('customers', ids);
    const writes: DocumentWrite[] = stored.map((d) => ({
      collection: 'customers',
      id: d.id,
      storeId: d.storeId,
      body: customerTombstone(JSON.parse(d.body) as CustomerProfile),
      deleted: true,
    }));
    const orderDocs = await tx.getDocuments(
      'orders',
      orders.map((o) => o.id),
    );
    const home = new Map(orderDocs.map((d) => [d.id, d.storeId]));
    for (const o of orders) writes.push({ collection: 'orders', id: o.id, storeId: home.get(o.id) ?? '', body: pseudonymiseOrder(o) });
    const facts = await customerFactsAbout(tx.sql, ids);
    for (const f of facts)
      writes.push({
        collection: 'facts',
        id: f.id,
        storeId: f.storeId,
        body: { ...f, payload: scrubbedCustomerPayload(f.kind, f.payload) },
        deleted: true,
      });
    const audit: Fact = {
      id: newId(),
      kind: CUSTOMER_ERASED_KIND,
      storeId: device.storeId,
      deviceId: device.id,
      associateId: manager.id,
      createdAtDevice: at,
      subjectId: profile.id,
      payload: { mergedFrom: profile.mergedFrom },
      outcome: accepted(at),
    };
    writes.push({ collection: 'facts', id: audit.id, storeId: device.storeId, body: audit });
    await tx.putDocuments(writes);
    const event = (integrationId: string): EventDraft => ({
      integrationId,
      aggregateType: 'customer',
      aggregateId: profile.id,
      type: 'customer.erased',
      payload: { customerId: profile.id, mergedFrom: profile.mergedFrom, erasedAt: at },
    });
    await enqueueEvents(
      tx,
      integrations.map((i) => event(i.id)),
      { at: new Date(at), newId },
    );
    return {
      customerId: profile.id,
      erasedIds: ids,
      erasedAt: at,
      ordersPseudonymised: orders.length,
      salesKept: sales.length,
      factsScrubbed: facts.length,
    };
  });
}

/** The customer facts whose subject is one of the ids (a scan: facts have no lookup key by subject). */
async function customerFactsAbout(sql: TxSql, ids: readonly string[]): Promise<Fact[]> {
  const deleted = sql.dialect === 'sqlite' ? '0' : 'false';
  const rows = await queryRows<{ body: string }>(
    sql,
    `SELECT body FROM documents WHERE collection = 'facts' AND deleted = ${deleted} AND (${ids.map(() => 'body LIKE ?').join(' OR ')})`,
    ids.map((id) => `%"subjectId":${JSON.stringify(id)}%`),
  );
  return rows
    .map((r) => JSON.parse(r.body) as Fact)
    .filter((f) => ids.includes(f.subjectId) && f.kind.startsWith('customer.') && f.kind !== CUSTOMER_ERASED_KIND);
}

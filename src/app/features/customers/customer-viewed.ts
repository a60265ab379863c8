import { customerViewed, newId, type Fact } from '../../../domain/index.js';
import type { CustomerRecorder } from './customer-data.js';

/** Logs that staff opened a profile (the access log, domain/customer/viewed.ts): a fact, so it is recorded offline too. */
export async function recordCustomerViewed(by: CustomerRecorder, customerId: string): Promise<void> {
  const fact: Fact = {
    id: newId(),
    kind: customerViewed.kind,
    storeId: by.storeId,
    deviceId: by.deviceId,
    associateId: by.staffId,
    createdAtDevice: new Date().toISOString(),
    subjectId: customerId,
    payload: {},
  };
  await by.db.facts.insert(fact);
}

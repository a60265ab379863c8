import { Hono } from 'hono';
import { applyStaffChange, DomainError, ErrorCode, StaffChangeRequestSchema, type StaffChangeResponse } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { authorizeStaffAction } from '../auth/staff-pin.js';
import { readBody } from '../http/body.js';
import { findStaffByNumber } from '../policies/staff.js';

/**
 * POST /api/staff (bearer) {storeId, manager: {staffNumber, pin}, change} → {member, changed}
 * A manager of the device's store adds a staff member or changes one (name, role, active, PIN verifier). The change
 * is a `staff` document write: it replicates to every device of the store, live, like any other server write.
 */
export function staffRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  routes.post('/staff', requireDevice(deps.store), async (c) => {
    const device = c.get('device');
    const { storeId, manager, change } = await readBody(c, StaffChangeRequestSchema);
    if (storeId !== device.storeId) {
      const message = `this device belongs to store ${device.storeId}`;
      throw new DomainError(ErrorCode.FORBIDDEN, message, [{ path: 'storeId', message }]);
    }
    const acting = await authorizeStaffAction(deps, device, { ...manager, pinPath: 'manager.pin' }, 'staff.manage');
    const result = await deps.store.transaction(async (tx) => {
      const existing = await findStaffByNumber(tx, storeId, change.staffNumber);
      const applied = applyStaffChange(existing, change, { storeId, actingStaffId: acting.id });
      if (!applied.ok) throw applied.error;
      const { member, changed } = applied.value;
      if (changed) await tx.putDocuments([{ collection: 'staff', id: member.id, storeId, body: member }]);
      return applied.value;
    });
    // Only after COMMIT: subscribers must never be told about a change they cannot read yet.
    if (result.changed) deps.changeFeed.notify([{ collection: 'staff', storeId }]);
    const { pinVerifier: _verifier, ...member } = result.member;
    deps.logger.info('staff changed', { deviceId: device.id, storeId, by: acting.id, staffId: member.id, kind: change.kind, changed: result.changed });
    return c.json({ member, changed: result.changed } satisfies StaffChangeResponse);
  });

  return routes;
}

import { Hono } from 'hono';
import { applyStaffChange, StaffChangeRequestSchema, StaffChangeResponseSchema, type StaffChangeResponse } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { assertDeviceStore, requireDevice, type DeviceEnv } from '../auth/device-auth.js';
import { authorizeStaffAction } from '../auth/staff-pin.js';
import { defineRoute, deviceFailures, failure, named, ok, rateLimited } from '../http/route.js';
import { findStaffByNumber } from '../policies/staff.js';

/**
 * POST /api/staff (bearer) {storeId, manager: {staffNumber, pin}, change} → {member, changed}
 * A manager of the device's store adds a staff member or changes one (name, role, active, PIN verifier). The change
 * is a `staff` document write: it replicates to every device of the store, live, like any other server write.
 */
export function staffRoutes(deps: ResolvedDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();

  defineRoute(
    routes,
    {
      method: 'post',
      path: '/staff',
      operationId: 'changeStaff',
      summary: "A manager of the device's store adds a staff member or changes one (name, role, active, PIN)",
      description:
        "The manager's PIN is checked on the server (rate limited and locked out as for enrollment codes). A new PIN travels only as a PBKDF2 verifier made on the device. The same change sent again answers `changed: false`. The change replicates to the store's devices through the `staff` collection.",
      auth: 'device',
      middleware: [requireDevice(deps.store)],
      body: named('StaffChangeRequest', StaffChangeRequestSchema),
      responses: {
        200: ok('the member as stored, without the verifier', named('StaffChangeResponse', StaffChangeResponseSchema)),
        403: failure('PIN_INVALID: manager number or PIN wrong; FORBIDDEN: another store, not a manager, or deactivating or demoting oneself'),
        404: failure('NOT_FOUND: no staff member with that number in the store'),
        409: failure('STAFF_NUMBER_TAKEN: the number belongs to someone else'),
        429: rateLimited('RATE_LIMITED: too many PIN attempts'),
        ...deviceFailures,
      },
    },
    async (c, { body: { storeId, manager, change } }) => {
      const device = c.get('device');
      assertDeviceStore(device, storeId);
      const acting = await authorizeStaffAction(deps, device, { ...manager, pinPath: 'manager.pin' }, 'staff.manage');
      const result = await deps.store.transaction(async (tx) => {
        const existing = await findStaffByNumber(tx, storeId, change.staffNumber);
        const applied = applyStaffChange(existing, change, { storeId, actingStaffId: acting.id });
        if (!applied.ok) throw applied.error;
        const { member, changed } = applied.value;
        if (changed) await tx.putDocuments([{ collection: 'staff', id: member.id, storeId, body: member }]);
        return applied.value;
      });
      const { pinVerifier: _verifier, ...member } = result.member;
      deps.logger.info('staff changed', {
        deviceId: device.id,
        storeId,
        by: acting.id,
        staffId: member.id,
        kind: change.kind,
        changed: result.changed,
      });
      return c.json({ member, changed: result.changed } satisfies StaffChangeResponse);
    },
  );

  return routes;
}

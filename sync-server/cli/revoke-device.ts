import { systemClock } from '../../src/domain/index.js';
import { revokeDevice } from '../auth/revocation.js';
import { withStore } from './with-store.js';

/**
 * npm run revoke-device -- <deviceId>
 * Revokes a device's token in the database (DATABASE_URL's PostgreSQL, else SQLite under DATA_DIR). Safe while
 * servers run: every request checks the token, so the device is refused (401) from its next request, and servers
 * end its open SSE streams within a couple of seconds. The device id is in the server's request logs and in GET /api/me.
 */
const USAGE = 'usage: npm run revoke-device -- <deviceId>';

async function main(argv: string[]): Promise<number> {
  const deviceId = argv[0];
  if (!deviceId || argv.length > 1 || deviceId.startsWith('-')) {
    console.error(USAGE);
    return 1;
  }
  return withStore(async (store) => {
    const { device, alreadyRevoked } = await revokeDevice(store, deviceId, { clock: systemClock });
    console.log(
      alreadyRevoked
        ? `device ${device.id} ("${device.name}", store ${device.storeId}) was already revoked at ${device.revokedAt}`
        : `revoked device ${device.id} ("${device.name}", store ${device.storeId}) at ${device.revokedAt}`,
    );
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code));

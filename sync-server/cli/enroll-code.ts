import { systemClock } from '../../src/domain/index.js';
import { mintEnrollmentCode } from '../auth/enrollment.js';
import { withStore } from './with-store.js';

/**
 * npm run enroll-code -- <storeId> [--hours N]
 * Mints a one-time enrollment code for a store in the database (DATABASE_URL's PostgreSQL, else SQLite under
 * DATA_DIR) and prints it (only its hash is kept). Safe while servers run: the insert is one ordinary transaction.
 */
const USAGE = 'usage: npm run enroll-code -- <storeId> [--hours N]';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let hours: number | undefined;
  const hoursAt = args.indexOf('--hours');
  if (hoursAt >= 0) {
    hours = Number(args[hoursAt + 1]);
    if (!(hours > 0)) {
      console.error(`--hours must be a positive number\n${USAGE}`);
      return 1;
    }
    args.splice(hoursAt, 2);
  }
  const storeId = args[0];
  if (!storeId || args.length > 1) {
    console.error(USAGE);
    return 1;
  }
  return withStore(async (store) => {
    const { code, expiresAt } = await mintEnrollmentCode(store, storeId, { clock: systemClock, hours });
    console.log(code);
    console.error(`one-time enrollment code for store ${storeId}, valid until ${expiresAt}`);
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code));

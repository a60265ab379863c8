import { systemClock, type ProofKey } from '../../src/domain/index.js';
import { listProofKeys, rotateServerProofKey, setServerProofKeyStatus } from '../proof/server-keys.js';
import { withStore } from './with-store.js';

/**
 * npm run proof-key -- --list | --rotate | --retire <kid> | --revoke <kid>
 * The keys that sign proofs of purchase (the QR on receipts and order confirmations), in the server's database.
 *   --list    every key, the server's and each device's, with its status
 *   --rotate  a new server signing key; the previous one is retired: it signs no more and still verifies its receipts
 *   --retire  a server key signs no more but still verifies (a new signing key takes over if it was the one)
 *   --revoke  a leaked server key verifies nothing any more (devices' keys are revoked with `npm run revoke-device`)
 * Safe while servers run: they pick the new signing key up within 30 s, and every change reaches devices by sync.
 */
const USAGE = 'usage: npm run proof-key -- --list | --rotate | --retire <kid> | --revoke <kid>';

const line = (k: ProofKey) =>
  [
    k.kid.padEnd(12),
    k.status.padEnd(8),
    k.signer === 'server' ? 'server' : `device ${k.deviceId} (store ${k.storeId})`,
    `created ${k.createdAt}`,
    k.retiredAt ? `retired ${k.retiredAt}` : '',
    k.revokedAt ? `revoked ${k.revokedAt}` : '',
  ]
    .filter(Boolean)
    .join('  ');

async function main(argv: string[]): Promise<number> {
  const [command, kid, ...rest] = argv;
  const needsKid = command === '--retire' || command === '--revoke';
  if (
    rest.length > 0 ||
    (needsKid ? !kid || kid.startsWith('-') : kid !== undefined) ||
    !['--list', '--rotate', '--retire', '--revoke'].includes(command ?? '')
  ) {
    console.error(USAGE);
    return 1;
  }
  return withStore(async (store) => {
    const clock = systemClock;
    if (command === '--list') {
      const keys = await listProofKeys(store);
      console.log(keys.length === 0 ? 'no proof keys yet (the server makes its key at its first start)' : keys.map(line).join('\n'));
    } else if (command === '--rotate') {
      const { active, retired } = await rotateServerProofKey(store, { clock });
      console.log(`new signing key ${active.kid}${retired.length ? `; retired ${retired.map((k) => k.kid).join(', ')} (still verifies)` : ''}`);
    } else {
      const status = command === '--retire' ? 'retired' : 'revoked';
      const { key, replacedBy } = await setServerProofKeyStatus(store, kid!, status, { clock });
      console.log(`${key.kid} is ${key.status}${replacedBy ? `; new signing key ${replacedBy.kid}` : ''}`);
    }
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code));

import { parseArgs } from 'node:util';
import { listOutbox, outboxCounts, type OutboxEntry } from '../outbox/inspect.js';
import { withStore } from './with-store.js';

/**
 * npm run events -- --failed | --pending [--limit N]
 * The outbox as the delivery worker sees it (DATABASE_URL's PostgreSQL, else SQLite under DATA_DIR): webhook events
 * and mail not yet delivered, oldest first; --failed shows those whose last attempt failed, with attempts, the last
 * error and the next attempt. Failing rows are retried until they succeed, never dropped.
 */
const USAGE = 'usage: npm run events -- --failed | --pending [--limit N]';

const parseOptions = (argv: string[]) =>
  parseArgs({ args: argv, options: { failed: { type: 'boolean' }, pending: { type: 'boolean' }, limit: { type: 'string' } } }).values;

async function main(argv: string[]): Promise<number> {
  let o: ReturnType<typeof parseOptions>;
  try {
    o = parseOptions(argv);
  } catch {
    console.error(USAGE);
    return 1;
  }
  const limit = o.limit === undefined ? 100 : Number(o.limit);
  if (o.failed === o.pending || !(Number.isInteger(limit) && limit > 0)) {
    console.error(USAGE);
    return 1;
  }
  return withStore(async (store) => {
    const counts = await outboxCounts(store);
    console.log(`undelivered: ${counts.pending} (failing: ${counts.failing}, waiting for a webhook URL: ${counts.waitingForWebhookUrl})`);
    for (const entry of await listOutbox(store, o.failed ? 'failed' : 'pending', limit)) console.log(describe(entry));
  });
}

function describe(e: OutboxEntry): string {
  const what = e.channel === 'mail' ? 'mail' : e.type;
  const next = e.nextAttemptAt === 0 ? 'next: when its turn comes' : `next: ${new Date(e.nextAttemptAt).toISOString()}`;
  const integration = e.integrationId ? `  integration ${e.integrationId}` : '';
  const failure = e.attempts > 0 ? `  attempts: ${e.attempts}  ${next}  last error: ${e.lastError}` : '  not attempted yet';
  return `${e.occurredAt}  ${e.id}  ${what}  ${e.aggregateType}/${e.aggregateId} #${e.sequence}${integration}${failure}`;
}

main(process.argv.slice(2)).then((code) => process.exit(code));

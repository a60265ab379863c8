import { parseArgs } from 'node:util';
import { startWebhookReceiver } from '../outbox/receiver.js';

/**
 * npm run webhook-receiver -- [--port 4000] --secret <whsec_…>   (or WEBHOOK_SECRET in the environment)
 * A local receiver to watch a server's events: prints each delivery with its signature check and its place in its
 * order's sequence; answers 200 to correctly signed events and 401 otherwise (the server then retries). Point an
 * integration at it with npm run api-key -- --webhook http://localhost:4000/webhook --id <id>.
 */
const USAGE = 'usage: npm run webhook-receiver -- [--port 4000] [--host 127.0.0.1] --secret <webhook signing secret>';

const parseOptions = (argv: string[]) =>
  parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, secret: { type: 'string' } } }).values;

async function main(argv: string[]): Promise<void> {
  let o: ReturnType<typeof parseOptions>;
  try {
    o = parseOptions(argv);
  } catch {
    return fail();
  }
  const secret = o.secret ?? process.env.WEBHOOK_SECRET;
  const port = Number(o.port ?? 4000);
  if (!secret || !Number.isInteger(port) || port < 0 || port > 65_535) return fail();
  const receiver = await startWebhookReceiver({
    port,
    host: o.host ?? '127.0.0.1',
    secret,
    onDelivery: (d, status) => {
      const e = d.event;
      const signature = d.signature.ok ? 'signature ok' : `SIGNATURE BAD (${d.signature.reason})`;
      const order = { next: 'in order', duplicate: 'duplicate (already acknowledged)', gap: 'OUT OF ORDER (an earlier event is missing)' }[d.order];
      const what = e ? `${e.type} ${e.aggregateType}/${e.aggregateId} #${e.sequence} id=${e.id}` : 'not a webhook event';
      console.log(`${new Date().toISOString()}  ${status}  ${what}  ${signature}  ${order}`);
      if (e) console.log(`  ${JSON.stringify(e.data)}`);
    },
  });
  console.log(`webhook receiver listening on ${receiver.url} (Ctrl-C to stop)`);
}

function fail(): void {
  console.error(USAGE);
  process.exit(1);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

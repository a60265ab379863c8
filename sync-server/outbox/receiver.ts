import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookEventSchema, type WebhookEvent } from '../../src/domain/index.js';
import { SIGNATURE_HEADER, verifySignature, type SignatureCheck } from './signature.js';

/**
 * A small webhook receiver, as an integrator would write one: checks each delivery's signature and its place in
 * its aggregate's sequence. `npm run webhook-receiver` prints what it gets; tests start it to watch deliveries
 * (and make it fail on purpose through `respond`).
 */
export interface ReceivedDelivery {
  /** undefined when the body is not a webhook event. */
  event: WebhookEvent | undefined;
  rawBody: string;
  headers: IncomingHttpHeaders;
  signature: SignatureCheck;
  /**
   * Relative to the last event of the same aggregate this receiver acknowledged (2xx): `next` (sequence + 1, or the
   * first it sees), `duplicate` (already acknowledged: at-least-once delivery), `gap` (an earlier one is missing).
   */
  order: 'next' | 'duplicate' | 'gap';
  receivedAt: number;
}

export interface WebhookReceiverOptions {
  port?: number;
  host?: string;
  secret: string;
  /** The status to answer (default: 200 when the signature checks, else 401); may wait (a slow receiver). */
  respond?: (delivery: ReceivedDelivery) => number | Promise<number>;
  /** Every delivery, with the status answered. */
  onDelivery?: (delivery: ReceivedDelivery, status: number) => void;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Deliveries in arrival order, with the status each was answered. */
  deliveries: { delivery: ReceivedDelivery; status: number }[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const { secret, respond = (d) => (d.signature.ok ? 200 : 401) } = options;
  const acknowledged = new Map<string, number>(); // aggregate → last sequence answered 2xx
  const deliveries: WebhookReceiver['deliveries'] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const parsed = WebhookEventSchema.safeParse(safeJson(rawBody));
        const event = parsed.success ? parsed.data : undefined;
        const aggregate = event && `${event.aggregateType}/${event.aggregateId}`;
        const last = aggregate ? (acknowledged.get(aggregate) ?? 0) : 0;
        const delivery: ReceivedDelivery = {
          event,
          rawBody,
          headers: req.headers,
          signature: verifySignature(secret, req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, rawBody),
          order: !event || event.sequence === last + 1 || last === 0 ? 'next' : event.sequence <= last ? 'duplicate' : 'gap',
          receivedAt: Date.now(),
        };
        let status = 500;
        try {
          status = await respond(delivery);
        } finally {
          if (event && aggregate && status >= 200 && status < 300) acknowledged.set(aggregate, Math.max(last, event.sequence));
          deliveries.push({ delivery, status });
          options.onDelivery?.(delivery, status);
          res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'refused');
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/webhook`,
    port,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

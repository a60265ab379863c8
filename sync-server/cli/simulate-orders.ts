import { parseArgs } from 'node:util';
import { newId, type Order, type OrderIntakeInput, type Product } from '../../src/domain/index.js';
import { makeDemoOrder, type DemoFulfilment } from '../demo/order-maker.js';
import { random } from '../demo/prng.js';
import { DEMO_STORES } from '../demo/stores.js';

/**
 * npm run simulate-orders -- --url <base URL> --key <integration key> [--store S1] [--count N | --every 30s]
 * Posts realistic online orders through the public API, as the e-commerce platform would: mostly pickup at the
 * store (counter or curbside), some shipped. Products come from GET /api/products (the key needs catalog:read and
 * orders:write); a SKU that came back short is not ordered again, so orders settle on what the store has in stock.
 * Each post carries an Idempotency-Key and is retried with the same key after a network error or a 5xx, so a
 * retry never makes a second order. `--count` posts N orders and exits (default 1); `--every` posts one per
 * interval until stopped.
 */
const USAGE = 'usage: npm run simulate-orders -- --url <base URL> --key <integration key> [--store S1] [--count N | --every 30s]';
const RETRIES = 3;

interface Options {
  url: string;
  key: string;
  storeId: string;
  count: number | undefined;
  everyMs: number | undefined;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { url: { type: 'string' }, key: { type: 'string' }, store: { type: 'string' }, count: { type: 'string' }, every: { type: 'string' } },
  });
  if (!values.url || !values.key) throw new Error('--url and --key are required');
  if (values.count !== undefined && values.every !== undefined) throw new Error('give --count or --every, not both');
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) throw new Error('--count must be a positive whole number');
  const everyMs = values.every === undefined ? undefined : durationMs(values.every);
  return {
    url: values.url.replace(/\/+$/, ''),
    key: values.key,
    storeId: values.store ?? 'S1',
    count: everyMs === undefined ? (count ?? 1) : undefined,
    everyMs,
  };
}

/** "30s", "500ms", "2m" → milliseconds. */
function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`--every takes a duration like 30s, 500ms or 2m, got "${text}"`);
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

/** An answer of the API: the resource, or the one error body. */
interface Answer<T> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

async function call<T>(options: Options, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Answer<T>> {
  const res = await fetch(`${options.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${options.key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer<T>['body'] };
}

async function post(options: Options, order: OrderIntakeInput): Promise<Answer<Order>> {
  const idempotencyKey = newId();
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await call<Order>(options, 'POST', '/api/orders', order, idempotencyKey);
      if (res.status < 500 || attempt === RETRIES) return res;
    } catch (error) {
      if (attempt === RETRIES) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = readOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const catalog = await call<{ products: Product[] }>(options, 'GET', '/api/products?limit=500');
  if (catalog.status !== 200) {
    console.error(`GET /api/products answered ${catalog.status}: ${catalog.body?.error?.message ?? ''}`);
    return 1;
  }
  const products = catalog.body.products.filter((p) => p.active);
  if (products.length === 0) {
    console.error('the catalog is empty: nothing to order');
    return 1;
  }
  const short = new Set<string>();
  const taxRates = DEMO_STORES[0]!.taxRates;
  const rnd = random(Date.now() % 2 ** 31);
  const prefix = `SIM-${Date.now().toString(36).toUpperCase()}`;
  let failures = 0;

  const postOne = async (n: number) => {
    const fulfilment: DemoFulfilment =
      rnd.next() < 0.25 ? { type: 'ship' } : { type: 'pickup', storeId: options.storeId, mode: rnd.next() < 0.7 ? 'counter' : 'curbside' };
    const pool = products.filter((p) => !short.has(p.sku));
    const order = makeDemoOrder(rnd, {
      number: `${prefix}-${n}`,
      products: pool.length > 0 ? pool : products,
      fulfilment,
      taxRates,
      now: new Date(),
    });
    const res = await post(options, order);
    if (res.status !== 201) {
      failures++;
      console.error(`${order.number}: ${res.status} ${res.body?.error?.code ?? ''} ${res.body?.error?.message ?? ''}`);
      return;
    }
    const created = res.body;
    for (const line of created.lines) if (line.shortfall > 0) short.add(line.sku);
    const where = created.fulfilment.type === 'pickup' ? `pickup at ${created.storeId} (${created.fulfilment.mode})` : 'shipped';
    const shortNote = created.hasShortfall
      ? `, SHORT ${created.lines
          .filter((l) => l.shortfall > 0)
          .map((l) => `${l.sku}×${l.shortfall}`)
          .join(' ')}`
      : '';
    console.log(
      `${created.number}  ${created.id}  ${where}  ${created.lines.length} line(s)  ${(created.totals.total / 100).toFixed(2)} ${created.currency}${shortNote}`,
    );
  };

  if (options.count !== undefined) {
    for (let n = 1; n <= options.count; n++) await postOne(n);
    return failures > 0 ? 1 : 0;
  }
  console.error(`posting an order every ${options.everyMs} ms; Ctrl-C to stop`);
  for (let n = 1; ; n++) {
    await postOne(n).catch((error: unknown) => console.error(`post failed: ${(error as Error).message}`));
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));

import { debounceTime, merge, startWith, switchMap, type Observable, type Subscription } from 'rxjs';
import { z } from 'zod';
import { newId, parseWith, ReceiptRequestPayloadSchema, type Fact, type Sale } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { localDocument$ } from '../../db/local-document.js';
import type { DeviceEnrollment } from '../../device/enrollment.js';

/**
 * Email receipts asked for at the till. A request is written as a `sale.receipt-requested` fact, which the
 * replication pushes when the till is online and the server answers with the mail sent through its outbox. The fact
 * is written only once the server has accepted the sale: sales and facts replicate separately, and a request
 * reaching the server before its sale would be refused ("not on the server yet"). Until then the request waits in a
 * local document (kept across reloads, like the cart), with the fact's id drawn when it was asked, so writing it
 * twice is one fact and one mail.
 */

const KEY = 'receipt-email-requests';

const QueuedRequestSchema = z.object({
  factId: z.string(),
  saleId: z.string(),
  email: z.string(),
  associateId: z.string(),
  requestedAt: z.string(),
});
export type QueuedRequest = z.infer<typeof QueuedRequestSchema>;
const QueueSchema = z.object({ requests: z.array(QueuedRequestSchema) });

export type EmailRequestResult = { ok: true; status: 'requested' | 'queued' } | { ok: false; error: string };

/** Validates the address, then writes the fact (sale already accepted) or queues the request (sale still pending). */
export async function requestEmailReceipt(
  db: VitrineDatabase,
  input: { sale: Sale; email: string; associateId: string; enrollment: DeviceEnrollment; now?: () => Date },
): Promise<EmailRequestResult> {
  const parsed = parseWith(ReceiptRequestPayloadSchema, { email: input.email.trim() });
  if (!parsed.ok) return { ok: false, error: parsed.error.fieldErrors[0]?.message ?? parsed.error.message };
  const request: QueuedRequest = {
    factId: newId(),
    saleId: input.sale.id,
    email: parsed.value.email,
    associateId: input.associateId,
    requestedAt: (input.now ?? (() => new Date()))().toISOString(),
  };
  await writeQueue(db, [...(await readQueue(db)), request]);
  const written = await flushEmailRequests(db, input.enrollment);
  return { ok: true, status: written.includes(request.factId) ? 'requested' : 'queued' };
}

/**
 * Writes the fact of every queued request whose sale the server accepted, drops those whose sale it rejected (no
 * receipt is sent for a sale it did not record: the receipt screen says so), keeps the rest; answers the fact ids
 * written. Safe to run at any time and from several tabs: a fact already written is not written again.
 */
export async function flushEmailRequests(db: VitrineDatabase, enrollment: DeviceEnrollment): Promise<string[]> {
  const queue = await readQueue(db);
  if (queue.length === 0) return [];
  const sales = await db.sales.findByIds([...new Set(queue.map((r) => r.saleId))]).exec();
  const written: string[] = [];
  const keep: QueuedRequest[] = [];
  for (const request of queue) {
    const status = sales.get(request.saleId)?.outcome?.status;
    if (status === 'accepted') {
      await writeOnce(db, factOf(request, enrollment));
      written.push(request.factId);
    } else if (status !== 'rejected') keep.push(request);
  }
  // Re-read before writing: another tab may have queued a request meanwhile.
  const done = new Set(queue.filter((r) => !keep.includes(r)).map((r) => r.factId));
  await writeQueue(
    db,
    (await readQueue(db)).filter((r) => !done.has(r.factId)),
  );
  return written;
}

/** Inserts the fact unless it is there already (another tab may have written it a moment before). */
async function writeOnce(db: VitrineDatabase, fact: Fact): Promise<void> {
  if (await db.facts.findOne(fact.id).exec()) return;
  try {
    await db.facts.insert(fact);
  } catch (error) {
    if (!(await db.facts.findOne(fact.id).exec())) throw error;
  }
}

function factOf(request: QueuedRequest, enrollment: DeviceEnrollment): Fact {
  return {
    id: request.factId,
    kind: 'sale.receipt-requested',
    storeId: enrollment.storeId,
    deviceId: enrollment.deviceId,
    associateId: request.associateId,
    createdAtDevice: request.requestedAt,
    subjectId: request.saleId,
    payload: { email: request.email },
  };
}

/** What became of the email receipts asked for one sale: waiting for the sale to sync, sent, or refused (why). */
export interface EmailRequestState {
  id: string;
  email: string;
  status: 'waiting' | 'pending' | 'accepted' | 'rejected';
  reason: string | null;
}

export function emailRequests$(db: VitrineDatabase, saleId: string): Observable<EmailRequestState[]> {
  const facts = () => db.facts.find({ selector: { kind: 'sale.receipt-requested', subjectId: saleId } });
  // Both sources are read afresh on each change, so a request moving from the queue to a fact is shown once.
  return merge(facts().$, localDocument$(db, KEY)).pipe(
    startWith(null),
    debounceTime(20),
    switchMap(async () => {
      const [written, queue] = await Promise.all([facts().exec(), readQueue(db)]);
      const waiting = queue
        .filter((r) => r.saleId === saleId && !written.some((f) => f.id === r.factId))
        .map((r): EmailRequestState => ({ id: r.factId, email: r.email, status: 'waiting', reason: null }));
      return [
        ...waiting,
        ...written.map(
          (f): EmailRequestState => ({
            id: f.id,
            email: String((f.payload as { email?: unknown }).email ?? ''),
            status: f.outcome?.status ?? 'pending',
            reason: f.outcome?.status === 'rejected' ? f.outcome.message || f.outcome.code : null,
          }),
        ),
      ];
    }),
  );
}

/** Keeps writing queued requests as their sales are accepted, for as long as the app runs (the receipt feature's Provider). */
export function watchEmailRequests(db: VitrineDatabase, enrollment: DeviceEnrollment): Subscription {
  let running = Promise.resolve();
  return merge(db.sales.$, localDocument$(db, KEY))
    .pipe(startWith(null), debounceTime(100))
    .subscribe(() => {
      running = running.then(() =>
        flushEmailRequests(db, enrollment).then(
          () => undefined,
          () => undefined,
        ),
      );
    });
}

async function readQueue(db: VitrineDatabase): Promise<QueuedRequest[]> {
  const doc = await db.getLocal(KEY);
  const parsed = QueueSchema.safeParse(doc?.toJSON().data);
  return parsed.success ? parsed.data.requests : [];
}

async function writeQueue(db: VitrineDatabase, requests: QueuedRequest[]): Promise<void> {
  await db.upsertLocal(KEY, { requests });
}

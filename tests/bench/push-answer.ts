import { collections, type EnrollResponse, type Sale } from '../../src/domain/index.js';
import { pushRow } from '../server/client.js';

/**
 * What is wrong with a push's answer, or undefined when every pushed fact (a sale, a pickup fact) was accepted. The
 * server answers 200 with each new fact as it decided it (RxDB conflict semantics: that is how its outcome reaches
 * the device), so a good answer is a list of documents whose outcome is `accepted` (or [] when the device already
 * held that state).
 */
export function pushProblem(status: number, text: string): string | undefined {
  if (status !== 200) return `${status} ${text.slice(0, 300)}`;
  const answered = JSON.parse(text) as { id: string; outcome?: { status: string; code: string | null; message: string | null } }[];
  const refused = answered.find((doc) => doc.outcome?.status !== 'accepted');
  return refused
    ? `${refused.id} ${refused.outcome?.status ?? 'without outcome'}: ${refused.outcome?.code ?? ''} ${refused.outcome?.message ?? ''}`
    : undefined;
}

/**
 * Pushes one sale as a till does (one push request) and checks it was accepted; when it was sent and when its answer
 * arrived, as wall-clock times comparable with the subscriber process's receipts.
 */
export async function pushSale(url: string, till: EnrollResponse, sale: Sale): Promise<{ sentAt: number; respondedAt: number }> {
  const sentAt = now();
  const res = await fetch(`${url}/sync/sales/${collections.sales.version}/push`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${till.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([pushRow(sale)]),
  });
  const text = await res.text();
  const respondedAt = now();
  const problem = pushProblem(res.status, text);
  if (problem) throw new Error(`broken run: sale push: ${problem}`);
  return { sentAt, respondedAt };
}

const now = () => performance.timeOrigin + performance.now();

import { map } from 'rxjs';
import type { ReturnRecorded, StaffMember } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { CreditSlip } from '../sell/CreditSlip.js';
import { ReturnConflictCard } from './ReturnConflicts.js';
import { purchaseOfRecorded } from './returns-data.js';

/**
 * The return receipt: what came back (items, units, reasons, condition), the refund per tender with what to do for
 * each (cash to hand over, the card terminal, Pix, the web shop), who approved it outside policy, and its sync state
 * live — a refusal shows as the conflict a manager follows up. Printed like a sale's receipt.
 */
export function ReturnReceipt({ returnId }: { returnId: string }) {
  const { db, navigate } = useApp();
  const { t, money, dateTime } = useI18n();
  const fact = useObservable<ReturnRecorded | null | undefined>(
    () => db.facts.findOne(returnId).$.pipe(map((d) => (d ? (d.toJSON() as unknown as ReturnRecorded) : null))),
    undefined,
    [db, returnId],
  );
  const staff = useObservable<ReadonlyMap<string, StaffMember>>(
    () => db.staff.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as StaffMember] as const)))),
    new Map(),
    [db],
  );
  if (fact === undefined) return null;
  if (fact === null)
    return (
      <p class="muted" data-testid="return-receipt-missing">
        {t('returns.receipt.notFound')}
      </p>
    );
  const purchase = purchaseOfRecorded(fact.id);
  const number = purchase?.number ?? (fact.payload.source.kind === 'sale' ? fact.payload.source.saleId : fact.payload.source.orderId);
  const nameOf = (lineNo: number, sku: string) => purchase?.lines.find((l) => l.lineNo === lineNo)?.name ?? sku;
  const status = fact.outcome?.status ?? 'pending';
  const total = fact.payload.refund.tenders.reduce((a, x) => a + x.amount, 0);
  const cash = fact.payload.refund.tenders.find((x) => x.kind === 'cash');
  const currency = purchase?.currency;
  return (
    <article class="return-receipt receipt-paper" data-testid="return-receipt" data-return-id={fact.id} data-status={status}>
      <header>
        <h2>{t('returns.receipt.title')}</h2>
        <p>{t('returns.receipt.of', { number })}</p>
        <p class="muted">{t('returns.receipt.when', { time: dateTime(fact.createdAtDevice) })}</p>
        <p class={`returns-status returns-status-${status}`} data-testid="return-status" role="status">
          {t(`returns.status.${status}`)}
        </p>
      </header>
      {cash && (
        <p class="banner banner-info returns-hand-over" data-testid="return-hand-over">
          {t('returns.handOver', { amount: money(cash.amount, currency) })}
        </p>
      )}
      <table class="return-receipt-lines">
        <tbody>
          {fact.payload.lines.map((l) => (
            <tr key={`${l.lineNo}:${l.condition}`} data-testid="return-receipt-line" data-sku={l.sku}>
              <th scope="row">
                {l.quantity} × {nameOf(l.lineNo, l.sku)}
                <span class="muted">
                  {' '}
                  · {t(`returns.reason.${l.reason}`)} · {t(`returns.condition.${l.condition}`)}
                </span>
              </th>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="return-receipt-refund" data-testid="return-receipt-refund">
        <tbody>
          {fact.payload.refund.tenders.map((x) => (
            <tr key={x.kind} data-kind={x.kind} data-amount={x.amount}>
              <th scope="row">{t(`returns.tender.${x.kind}` as MessageKey)}</th>
              <td>{money(x.amount, currency)}</td>
            </tr>
          ))}
          <tr class="z-strong">
            <th scope="row">{t('returns.refund.total')}</th>
            <td data-testid="return-receipt-total" data-amount={total}>
              {money(total, currency)}
            </td>
          </tr>
        </tbody>
      </table>
      {fact.payload.refund.creditCode && <CreditSlip code={fact.payload.refund.creditCode} amount={total} currency={currency} />}
      {fact.payload.approvedBy && (
        <p data-testid="return-receipt-approval">
          {t('returns.receipt.approvedBy', {
            name: staff.get(fact.payload.approvedBy)?.name ?? fact.payload.approvedBy,
            reason: fact.payload.approvalReason ?? '',
          })}
        </p>
      )}
      {status === 'rejected' && <ReturnConflictCard fact={fact} number={number} />}
      <div class="return-receipt-actions no-print">
        <Button onClick={() => window.print()} data-testid="return-print">
          {t('returns.receipt.print')}
        </Button>
        <Button variant="primary" size="large" onClick={() => navigate({ name: 'returns' })} data-testid="return-new">
          {t('returns.receipt.new')}
        </Button>
      </div>
    </article>
  );
}

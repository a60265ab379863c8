import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ZReport } from '../../../domain/index.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { fitPrintsWhileShown } from '../receipt/print-fit.js';

/** A deduction shown as negative; nothing deducted is 0, not −0. */
const minus = (amount: number) => (amount === 0 ? 0 : -amount);

/** One figure of the report: its label, and the amount in the store's currency (data-amount carries minor units). */
function Row({ label, amount, testId, strong }: { label: ComponentChildren; amount: number; testId?: string; strong?: boolean }) {
  const { money } = useI18n();
  return (
    <tr class={strong ? 'z-strong' : undefined}>
      <th scope="row">{label}</th>
      <td data-testid={testId} data-amount={amount}>
        {money(amount)}
      </td>
    </tr>
  );
}

function Section({ title, children }: { title: MessageKey; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <table class="z-section">
      <caption>{t(title)}</caption>
      <tbody>{children}</tbody>
    </table>
  );
}

/**
 * The Z report on screen and on paper (printed alone, like a receipt, on the 80 mm roll while it is shown): every
 * figure a store reconciles the shift with, from the report recorded in the `shift.closed` fact.
 */
export function ZReportView({ report, registerName, blind }: { report: ZReport; registerName: string; blind: boolean }) {
  const { t, dateTime } = useI18n();
  useEffect(() => fitPrintsWhileShown(), []);
  const { cash, card, pix } = report.tenders;
  return (
    <article class="z-report receipt-paper" data-testid="z-report" data-shift-id={report.shiftId} aria-labelledby="z-title">
      <header class="z-header">
        <h2 id="z-title">{t('shift.z.title')}</h2>
        <dl class="z-meta">
          <dt>{t('shift.z.register')}</dt>
          <dd>{registerName}</dd>
          <dt>{t('shift.z.opened')}</dt>
          <dd>{dateTime(report.openedAt)}</dd>
          <dt>{t('shift.z.closed')}</dt>
          <dd>{dateTime(report.closedAt)}</dd>
        </dl>
        {blind && <p class="z-note">{t('shift.z.blind')}</p>}
      </header>

      <Section title="shift.z.sales">
        <tr>
          <th scope="row">{t('shift.z.salesCount')}</th>
          <td data-testid="z-sales-count" data-count={report.salesCount}>
            {report.salesCount}
          </td>
        </tr>
        {report.unsyncedSales > 0 && (
          <tr>
            <th scope="row">{t('shift.z.unsynced')}</th>
            <td data-testid="z-unsynced" data-count={report.unsyncedSales}>
              {report.unsyncedSales}
            </td>
          </tr>
        )}
        <Row label={t('shift.z.gross')} amount={report.gross} testId="z-gross" />
        <Row label={t('shift.z.discounts')} amount={minus(report.discounts.total)} testId="z-discounts" />
        {report.discounts.byPromotion.map((d) => (
          <Row key={d.promotionId} label={<span class="z-indent">{t('shift.z.promotion', { id: d.promotionId })}</span>} amount={minus(d.amount)} />
        ))}
        {report.discounts.byReason.map((d) => (
          <Row key={d.reason} label={<span class="z-indent">{t(`shift.discount.${d.reason}`)}</span>} amount={minus(d.amount)} />
        ))}
        <Row label={t('shift.z.tax')} amount={report.tax} testId="z-tax" />
        <Row label={t('shift.z.net')} amount={report.net} testId="z-net" strong />
        {(report.giftCardsSold?.count ?? 0) > 0 && (
          <Row
            label={t('shift.z.giftCardsSold', { count: report.giftCardsSold!.count })}
            amount={report.giftCardsSold!.amount}
            testId="z-gift-cards-sold"
          />
        )}
      </Section>

      <Section title="shift.z.tenders">
        <Row label={t('shift.z.cash')} amount={cash.net} testId="z-cash-net" strong />
        <Row label={<span class="z-indent">{t('shift.z.cashTendered')}</span>} amount={cash.tendered} testId="z-cash-tendered" />
        <Row label={<span class="z-indent">{t('shift.z.change')}</span>} amount={minus(cash.change)} testId="z-change" />
        {cash.cashRounding !== 0 && <Row label={<span class="z-indent">{t('shift.z.cashRounding')}</span>} amount={cash.cashRounding} />}
        <Row label={t('shift.z.card')} amount={card.net} testId="z-card-net" strong />
        <Row label={<span class="z-indent">{t('shift.z.credit')}</span>} amount={card.credit} />
        <Row label={<span class="z-indent">{t('shift.z.debit')}</span>} amount={card.debit} />
        {card.installments.map((plan) => (
          <Row
            key={plan.installments}
            label={<span class="z-indent">{t('shift.z.installments', { n: plan.installments, count: plan.count })}</span>}
            amount={plan.amount}
          />
        ))}
        <Row label={t('shift.z.pix')} amount={pix.net} testId="z-pix-net" strong />
        {(report.tenders.storeCredit?.count ?? 0) > 0 && (
          <Row label={t('shift.z.storeCredit')} amount={report.tenders.storeCredit!.net} testId="z-store-credit-net" strong />
        )}
      </Section>

      <Section title="shift.z.voids">
        <Row label={t('shift.z.reversed', { count: report.reversedTenders.count })} amount={report.reversedTenders.amount} />
        <Row label={t('shift.z.voidedLines', { count: report.voidedLines.count })} amount={report.voidedLines.amount} testId="z-voided-lines" />
        <Row label={t('shift.z.voidedSales', { count: report.voidedSales.count })} amount={report.voidedSales.amount} testId="z-voided-sales" />
        <Row label={t('shift.z.returns', { count: report.returns.count })} amount={report.returns.amount} testId="z-returns" />
        {report.rejectedSales.count > 0 && (
          <Row label={t('shift.z.rejected', { count: report.rejectedSales.count })} amount={report.rejectedSales.amount} testId="z-rejected" />
        )}
      </Section>

      <Section title="shift.z.drawer">
        <Row label={t('shift.z.float')} amount={report.float} testId="z-float" />
        <Row label={t('shift.z.cash')} amount={cash.net} />
        <Row label={t('shift.z.cashIn')} amount={report.cashIn} testId="z-cash-in" />
        <Row label={t('shift.z.cashOut')} amount={minus(report.cashOut)} testId="z-cash-out" />
        {report.returns.count > 0 && (
          <tr>
            <td colSpan={2} class="z-note" data-testid="z-returns-note">
              {t('returns.z.cashOutNote')}
            </td>
          </tr>
        )}
      </Section>

      <table class="z-section z-reconciliation">
        <caption>{t('shift.z.reconciliation')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('shift.z.tender')}</th>
            <th scope="col">{t('shift.z.expected')}</th>
            <th scope="col">{t('shift.z.counted')}</th>
            <th scope="col">{t('shift.z.overShort')}</th>
          </tr>
        </thead>
        <tbody>
          {(['cash', 'card', 'pix'] as const).map((kind) => (
            <ReconciliationRow key={kind} kind={kind} report={report} />
          ))}
        </tbody>
      </table>
    </article>
  );
}

function ReconciliationRow({ kind, report }: { kind: 'cash' | 'card' | 'pix'; report: ZReport }) {
  const { t, money } = useI18n();
  const overShort = report.overShort[kind];
  return (
    <tr data-testid={`z-reconcile-${kind}`}>
      <th scope="row">{t(`shift.z.${kind}`)}</th>
      <td data-testid={`z-expected-${kind}`} data-amount={report.expected[kind]}>
        {money(report.expected[kind])}
      </td>
      <td data-testid={`z-counted-${kind}`} data-amount={report.counted[kind]}>
        {money(report.counted[kind])}
      </td>
      <td data-testid={`z-over-short-${kind}`} data-amount={overShort} class={overShort === 0 ? 'z-even' : overShort > 0 ? 'z-over' : 'z-short'}>
        {overShort > 0 ? '+' : ''}
        {money(overShort)}
      </td>
    </tr>
  );
}

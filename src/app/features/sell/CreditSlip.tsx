import { formatCreditCode } from '../../../domain/index.js';
import { useI18n } from '../../i18n/index.js';
import { QrCode } from '../../ui/QrCode.js';

/**
 * What the customer keeps of a store credit: its amount, its code in groups of four, and a QR of the code, which the
 * till's scanner (or camera) reads into the credit tender's code field at any store. Printed on the return receipt,
 * and on the sale receipt for each gift card sold.
 */
export function CreditSlip({
  code,
  amount,
  currency,
  giftCard = false,
}: {
  code: string;
  amount: number;
  currency?: string | undefined;
  /** A gift card sold at the till rather than a return's credit: titled as such. */
  giftCard?: boolean;
}) {
  const { t, money } = useI18n();
  const title = t(giftCard ? 'giftCard.slipTitle' : 'credit.slip.title');
  return (
    <section class="credit-slip" aria-label={title} data-testid={giftCard ? 'gift-card-slip' : 'credit-slip'} data-code={code}>
      <h4>{title}</h4>
      <p>
        {t(giftCard ? 'giftCard.slipAmount' : 'credit.slip.amount', { amount: money(amount, currency) })}
        <br />
        <strong class="credit-slip-code" data-testid="credit-slip-code">
          {formatCreditCode(code)}
        </strong>
      </p>
      <QrCode text={code} label={t('credit.slip.qr')} size={160} testId="credit-slip-qr" />
      <p class="muted">{t('credit.slip.hint')}</p>
    </section>
  );
}

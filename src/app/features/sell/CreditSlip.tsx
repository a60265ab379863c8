import { formatCreditCode } from '../../../domain/index.js';
import { useI18n } from '../../i18n/index.js';
import { QrSvg } from './PixQr.js';

/**
 * What the customer keeps of a store credit: its amount, its code in groups of four, and a QR of the code, which the
 * till's scanner (or camera) reads into the credit tender's code field at any store. Printed on the return receipt.
 */
export function CreditSlip({ code, amount, currency }: { code: string; amount: number; currency?: string | undefined }) {
  const { t, money } = useI18n();
  return (
    <section class="credit-slip" aria-label={t('credit.slip.title')} data-testid="credit-slip" data-code={code}>
      <h4>{t('credit.slip.title')}</h4>
      <p>
        {t('credit.slip.amount', { amount: money(amount, currency) })}
        <br />
        <strong class="credit-slip-code" data-testid="credit-slip-code">
          {formatCreditCode(code)}
        </strong>
      </p>
      <QrSvg text={code} label={t('credit.slip.qr')} size={160} testId="credit-slip-qr" />
      <p class="muted">{t('credit.slip.hint')}</p>
    </section>
  );
}

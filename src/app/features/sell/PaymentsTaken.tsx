import { useI18n } from '../../i18n/index.js';
import { useCart } from './cart-state.js';

/** On the cart: payments already taken for this sale, and why the cart cannot be emptied while they stand. */
export function PaymentsTaken() {
  const { paymentsTaken } = useCart();
  const { t, money } = useI18n();
  if (paymentsTaken === 0) return null;
  return (
    <p class="message message-info" role="status" data-testid="payments-taken" data-amount={paymentsTaken}>
      {t('tender.paymentsTaken', { amount: money(paymentsTaken) })}
    </p>
  );
}

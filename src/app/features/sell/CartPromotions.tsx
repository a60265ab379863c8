import './promotions.css';
import type { AppliedPromotion, LineDiscount } from '../../../domain/index.js';
import { useI18n } from '../../i18n/index.js';

/** What each promotion gave on a cart line, named as on the receipt (under the line's name). */
export function LinePromotions({
  name,
  discounts,
  applied,
}: {
  name: string;
  discounts: readonly LineDiscount[];
  applied: readonly AppliedPromotion[];
}) {
  const { t, money } = useI18n();
  const promotions = discounts.flatMap((d) => (d.source === 'promotion' ? [d] : []));
  if (promotions.length === 0) return null;
  return (
    <ul class="line-promotions" aria-label={t('promotions.lineLabel', { name })} data-testid="line-promotions">
      {promotions.map((d) => (
        <li key={d.promotionId} data-testid="line-promotion" data-promotion-id={d.promotionId} data-amount={d.amount}>
          <span class="promotion-name">{applied.find((a) => a.promotionId === d.promotionId)?.name ?? d.promotionId}</span>{' '}
          <span class="promotion-amount">{t('promotions.amount', { amount: money(d.amount) })}</span>
        </li>
      ))}
    </ul>
  );
}

/** The promotions the cart earned and what each gave in all, above its totals. */
export function CartPromotions({ applied }: { applied: readonly AppliedPromotion[] }) {
  const { t, money } = useI18n();
  if (applied.length === 0) return null;
  return (
    <section class="cart-promotions" aria-labelledby="cart-promotions-title" data-testid="cart-promotions">
      <h3 id="cart-promotions-title" class="visually-hidden">
        {t('promotions.title')}
      </h3>
      <ul>
        {applied.map((a) => (
          <li key={a.promotionId} data-testid="cart-promotion" data-promotion-id={a.promotionId} data-amount={a.amount}>
            <span class="promotion-name">{a.name}</span>
            <span class="promotion-amount">{t('promotions.amount', { amount: money(a.amount) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { ErrorCode, type Fact } from '../../../domain/index.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import type { StoreOrder } from '../orders/store-orders.js';

/**
 * A refusal in the staff's language, by its code: what happened (naming who and when from the order's own record
 * when another device got there first) and what to do next. The domain's English message is kept as the detail.
 */
export interface Explained {
  code: string;
  what: string;
  next: string;
  detail: string;
}

const stamped = (
  i18n: I18n,
  key: MessageKey,
  keyNoStamp: MessageKey,
  stamp: { staffName: string; at: string } | null | undefined,
  extra: Record<string, string> = {},
) => (stamp ? i18n.t(key, { ...extra, who: stamp.staffName, time: i18n.time(stamp.at) }) : i18n.t(keyNoStamp, extra));

export function explain(i18n: I18n, error: { code: string; message: string }, order: StoreOrder, item?: string): Explained {
  const { t } = i18n;
  const record = order.pickup;
  const base = { code: error.code, detail: error.message };
  switch (error.code) {
    case ErrorCode.ORDER_ALREADY_COLLECTED:
      return {
        ...base,
        what: stamped(i18n, 'pickup.refusal.collected', 'pickup.refusal.collectedNoStamp', record?.handoff),
        next: t('pickup.next.collected'),
      };
    case ErrorCode.PICK_OVER_PICK: {
      const last = [...(record?.lastPicks ?? [])].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
      return {
        ...base,
        what: stamped(i18n, 'pickup.refusal.overPick', 'pickup.refusal.overPickNoStamp', last, { item: item ?? '' }),
        next: t('pickup.next.overPick'),
      };
    }
    case ErrorCode.PICKUP_ALREADY_TAKEN:
      return {
        ...base,
        what: stamped(i18n, 'pickup.refusal.taken', 'pickup.refusal.takenNoStamp', record?.takenBy),
        next: t('pickup.next.taken'),
      };
    case ErrorCode.PICK_WRONG_ITEM:
      return { ...base, what: t('pickup.refusal.wrongItem', { item: item ?? error.message }), next: t('pickup.next.wrongItem') };
    case ErrorCode.PICKUP_CODE_MISMATCH:
      return { ...base, what: t('pickup.refusal.code'), next: t('pickup.next.code') };
    case ErrorCode.ORDER_AWAITING_PAYMENT:
      return { ...base, what: t('pickup.awaitingPayment'), next: t('pickup.next.payment') };
    case ErrorCode.PICKUP_INCOMPLETE:
      return { ...base, what: t('pickup.refusal.incomplete'), next: t('pickup.next.incomplete') };
    case ErrorCode.ASSOCIATE_NOT_ALLOWED:
      return { ...base, what: t('pickup.refusal.notAllowed'), next: t('pickup.next.notAllowed') };
    case ErrorCode.PICKUP_TRANSITION_REFUSED:
      if (order.state === 'cancelled')
        return {
          ...base,
          what: stamped(i18n, 'pickup.refusal.cancelled', 'pickup.refusal.cancelledNoStamp', record?.cancelled),
          next: t('pickup.next.closed'),
        };
      if (order.state === 'ready' || order.state === 'customer_waiting') {
        return {
          ...base,
          what: stamped(i18n, 'pickup.refusal.alreadyReady', 'pickup.refusal.moved', record?.ready, { state: t(`orders.state.${order.state}`) }),
          next: t('pickup.next.moved'),
        };
      }
      return { ...base, what: t('pickup.refusal.moved', { state: t(`orders.state.${order.state}`) }), next: t('pickup.next.moved') };
    default:
      return { ...base, what: t('pickup.refusal.other'), next: t('pickup.next.other') };
  }
}

/** What a fact of this device recorded, in a line: "Handoff · 14:05 · Bruno Lima". */
export function describeFact(i18n: I18n, fact: Fact, staffName: string | undefined): string {
  const kind = fact.kind.replace('pickup.', '');
  return `${i18n.t(`pickup.kind.${kind}` as MessageKey)} · ${i18n.time(fact.createdAtDevice)}${staffName ? ` · ${staffName}` : ''}`;
}

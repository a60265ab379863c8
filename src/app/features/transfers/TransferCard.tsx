import { useState } from 'preact/hooks';
import { allowedTransferActions, DeclineReasonSchema, type Transfer, type TransferAction } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { recordTransferStep, type TransferRecorder, type TransferStepKind } from './transfer-data.js';

const STEP_OF: Partial<Record<TransferAction, TransferStepKind>> = {
  accept: 'transfer.accepted',
  decline: 'transfer.declined',
  ship: 'transfer.shipped',
  cancel: 'transfer.cancelled',
};

/**
 * One hold or transfer as this store sees it: what, for whom, where it stands, and the steps this store may take now
 * (the domain's table). A hold asked beyond what is available here says so before it is accepted, and after.
 */
export function TransferCard({
  transfer: t,
  storeNames,
  product,
  availableHere,
  by,
}: {
  transfer: Transfer;
  storeNames: ReadonlyMap<string, string>;
  product: { name: string } | undefined;
  availableHere: number | undefined;
  by: TransferRecorder;
}) {
  const { t: tr, shortDateTime } = useI18n();
  const { store } = useApp();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<(typeof DeclineReasonSchema.options)[number]>('not_in_stock');
  const [busy, setBusy] = useState(false);
  const incoming = t.fromStoreId === store.id;
  const other = storeNames.get(incoming ? t.requestingStoreId : t.fromStoreId) ?? (incoming ? t.requestingStoreId : t.fromStoreId);
  const actions = t.pending ? [] : allowedTransferActions(t.mode, t.state, incoming ? 'sender' : 'requester');
  const over = incoming && t.state === 'requested' && availableHere !== undefined && availableHere < t.quantity;
  const name = product?.name ?? t.sku;

  const step = async (kind: TransferStepKind, extra: Record<string, unknown> = {}) => {
    setBusy(true);
    try {
      await recordTransferStep(by, t, kind, extra);
    } finally {
      setBusy(false);
      setDeclining(false);
    }
  };

  return (
    <li class={`transfer-card state-${t.state}`} data-testid="transfer" data-transfer={t.id} data-state={t.state} data-mode={t.mode}>
      <div class="transfer-top">
        <strong>{tr('transfers.units', { count: t.quantity, name })}</strong>
        <span class={`transfer-state state-${t.state}`} data-testid="transfer-state">
          {tr(`transfers.state.${t.state}` as MessageKey)}
        </span>
      </div>
      <p class="result-meta">
        {tr(`transfers.mode.${t.mode}` as MessageKey)} · {tr(incoming ? 'transfers.to' : 'transfers.from', { store: other })}
      </p>
      {t.holdUntil && <p>{tr('transfers.until', { time: shortDateTime(t.holdUntil) })}</p>}
      {t.customer && <p data-testid="transfer-customer">{tr('transfers.customer', { name: t.customer.name, phone: t.customer.phone })}</p>}
      {t.customer?.address && (
        <p>
          {tr('transfers.address', { street: t.customer.address.street, city: t.customer.address.city, postalCode: t.customer.address.postalCode })}
        </p>
      )}
      {t.note && <p class="muted">{tr('transfers.note', { note: t.note })}</p>}
      {t.short > 0 && (
        <p class="message message-warn" data-testid="transfer-short">
          {tr(t.short === 1 ? 'transfers.short_one' : 'transfers.short', { count: t.short })}
        </p>
      )}
      {t.pending && <p class="muted">{tr('transfers.pending')}</p>}
      {t.refused && (
        <p class="message message-error" role="alert">
          {tr('transfers.refused', { message: t.refused.message ?? t.refused.code ?? '' })}
        </p>
      )}
      {incoming && t.state === 'requested' && availableHere !== undefined && (
        <p class="muted">{tr('transfers.availableHere', { count: availableHere })}</p>
      )}
      {over && (
        <p class="message message-warn" data-testid="transfer-over">
          {tr('transfers.overWarning', { available: Math.max(0, availableHere ?? 0), count: t.quantity })}
        </p>
      )}
      {actions.length > 0 && !declining && (
        <div class="transfer-actions">
          {actions.includes('accept') && (
            <Button variant="primary" disabled={busy} onClick={() => step(STEP_OF.accept!)} data-testid="transfer-accept">
              {tr(over ? 'transfers.acceptAnyway' : 'transfers.accept')}
            </Button>
          )}
          {actions.includes('decline') && (
            <Button disabled={busy} onClick={() => setDeclining(true)} data-testid="transfer-decline">
              {tr('transfers.decline')}
            </Button>
          )}
          {actions.includes('ship') && (
            <Button variant="primary" disabled={busy} onClick={() => step(STEP_OF.ship!)} data-testid="transfer-ship">
              {tr('transfers.ship')}
            </Button>
          )}
          {actions.includes('release') && (
            <>
              <Button disabled={busy} onClick={() => step('transfer.released', { reason: 'collected' })} data-testid="transfer-collected">
                {tr('transfers.collected')}
              </Button>
              <Button disabled={busy} onClick={() => step('transfer.released', { reason: 'not_coming' })} data-testid="transfer-not-coming">
                {tr('transfers.notComing')}
              </Button>
            </>
          )}
          {actions.includes('cancel') && (
            <Button variant="ghost" disabled={busy} onClick={() => step(STEP_OF.cancel!)} data-testid="transfer-cancel">
              {tr('transfers.cancel')}
            </Button>
          )}
        </div>
      )}
      {declining && (
        <div class="transfer-actions">
          <label class="transfer-field">
            <span>{tr('transfers.declineReason')}</span>
            <select
              value={reason}
              onChange={(e) => setReason((e.target as HTMLSelectElement).value as typeof reason)}
              data-testid="transfer-decline-reason"
            >
              {DeclineReasonSchema.options.map((r) => (
                <option key={r} value={r}>
                  {tr(`transfers.reason.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => step('transfer.declined', { reason, note: '' })}
            data-testid="transfer-decline-confirm"
          >
            {tr('transfers.declineConfirm')}
          </Button>
          <Button variant="ghost" onClick={() => setDeclining(false)} aria-label={tr('transfers.closeForm')}>
            ×
          </Button>
        </div>
      )}
    </li>
  );
}

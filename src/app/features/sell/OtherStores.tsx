import { useEffect, useRef, useState } from 'preact/hooks';
import { can, DomainError, ErrorCode, type Transfer } from '../../../domain/index.js';
import type { SkuStock, StoreStock, StyleStock } from '../../../domain/stock/availability.js';
import { hoursOnDay, isOpenAt } from '../../../domain/stock/opening-hours.js';
import { useApp } from '../../context.js';
import { isNetworkUnreachable } from '../../db/http.js';
import { lookupOtherStores, type OtherStoresAnswer } from '../../db/other-stores.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { RequestForm } from '../transfers/RequestForm.js';
import { openTransfersOfSku$ } from '../transfers/transfer-data.js';
import './other-stores.css';

/** What "other stores" was opened for: one SKU (a search result, a cart line) or a whole style (the size × colour grid). */
export type OtherStoresTarget = { sku: string; name: string } | { style: string; name: string; sku: string; variantLabel: (sku: string) => string };

type State = { kind: 'loading' } | { kind: 'answer'; answer: OtherStoresAnswer } | { kind: 'error'; message: string; retry: boolean };

/**
 * A product's stock in every store of the chain, nearest first: available units, distance, open now and today's
 * hours. Asked of the server each time it opens; with the connection down it shows the last answer this device got,
 * saying how old it is, or that it needs the network. A modal dialog (Escape closes it), full screen on a phone.
 */
export function OtherStores({ target, onClose }: { target: OtherStoresTarget; onClose: () => void }) {
  const { db, baseUrl, enrollment, store, session } = useApp();
  const { t, relative } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [sku, setSku] = useState(target.sku);
  const [asked, setAsked] = useState(0);
  const style = 'style' in target ? target.style : null;

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    const options = { baseUrl, token: enrollment.token };
    const asking = style ? lookupOtherStores(db, { style }, options) : lookupOtherStores(db, { sku: target.sku }, options);
    asking.then(
      (answer) => live && setState({ kind: 'answer', answer }),
      (error: unknown) => {
        if (!live) return;
        if (isNetworkUnreachable(error)) setState({ kind: 'error', message: t('otherStores.needsNetwork'), retry: true });
        else if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND)
          setState({ kind: 'error', message: t('otherStores.unknown'), retry: false });
        else
          setState({
            kind: 'error',
            message: t('otherStores.failed', { message: error instanceof Error ? error.message : String(error) }),
            retry: true,
          });
      },
    );
    return () => {
      live = false;
    };
  }, [db, baseUrl, enrollment.token, style, target.sku, asked]);

  const answer = state.kind === 'answer' ? state.answer : null;
  const skus: SkuStock[] = answer ? ('skus' in answer.answer ? (answer.answer as StyleStock).skus : [answer.answer as SkuStock]) : [];
  const shown = skus.find((s) => s.sku === sku) ?? skus[0];

  return (
    <dialog
      ref={dialog}
      class="sheet-dialog other-stores"
      aria-labelledby="other-stores-title"
      data-testid="other-stores"
      data-sku={shown?.sku ?? sku}
      data-source={answer?.source ?? ''}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header class="other-stores-header">
        <div class="other-stores-heading">
          <h2 id="other-stores-title">{t('otherStores.title')}</h2>
          <p class="result-meta">{target.name}</p>
        </div>
        <Button variant="ghost" size="icon" onClick={onClose} aria-label={t('otherStores.close')} data-testid="other-stores-close">
          ×
        </Button>
      </header>
      {'variantLabel' in target && skus.length > 1 && (
        <label class="other-stores-variant">
          <span>{t('otherStores.variant')}</span>
          <select value={shown?.sku} onChange={(e) => setSku((e.target as HTMLSelectElement).value)} data-testid="other-stores-variant">
            {skus.map((s) => (
              <option key={s.sku} value={s.sku}>
                {target.variantLabel(s.sku)}
              </option>
            ))}
          </select>
        </label>
      )}
      {state.kind === 'loading' && (
        <p class="muted" role="status">
          {t('otherStores.loading')}
        </p>
      )}
      {state.kind === 'error' && (
        <>
          <p class="message message-error" role="alert" data-testid="other-stores-error">
            {state.message}
          </p>
          {state.retry && (
            <Button onClick={() => setAsked((n) => n + 1)} data-testid="other-stores-retry">
              {t('otherStores.retry')}
            </Button>
          )}
        </>
      )}
      {answer && answer.source === 'saved' && (
        <p class="message message-warn" role="status" data-testid="other-stores-saved">
          {t('otherStores.saved', { age: relative(answer.fetchedAt, Date.now()) })}
        </p>
      )}
      {answer && shown && (
        <StoreList stock={shown} hereId={store.id} live={answer.source === 'server'} canAsk={can(session.role, 'transfer.request')} />
      )}
    </dialog>
  );
}

function StoreList({ stock, hereId, live, canAsk }: { stock: SkuStock; hereId: string; live: boolean; canAsk: boolean }) {
  const { t } = useI18n();
  const { db } = useApp();
  const withStock = stock.stores.filter((s) => s.available > 0).length;
  // This store's open holds and transfers of the SKU, from the facts both stores replicate: shown on the other store's row.
  const mine = useObservable(() => openTransfersOfSku$(db, hereId, stock.sku), [] as Transfer[], [db, hereId, stock.sku]);
  return (
    <>
      <p class="muted" role="status" data-testid="other-stores-summary">
        {withStock === 0 ? t('otherStores.withStockNone') : t('otherStores.withStock', { count: withStock })}
      </p>
      <ul class="other-stores-list">
        {stock.stores.map((s) => (
          <StoreRow
            key={s.storeId}
            s={s}
            sku={stock.sku}
            here={s.storeId === hereId}
            live={live}
            canAsk={canAsk}
            transfers={mine.filter(
              (x) =>
                (x.requestingStoreId === hereId && x.fromStoreId === s.storeId) || (x.fromStoreId === hereId && x.requestingStoreId === s.storeId),
            )}
            hereId={hereId}
          />
        ))}
      </ul>
    </>
  );
}

function StoreRow({
  s,
  sku,
  here,
  live,
  canAsk,
  transfers,
  hereId,
}: {
  s: StoreStock;
  sku: string;
  here: boolean;
  live: boolean;
  canAsk: boolean;
  transfers: readonly Transfer[];
  hereId: string;
}) {
  const { t, time } = useI18n();
  const [asking, setAsking] = useState(false);
  const [sent, setSent] = useState(false);
  const now = new Date();
  // A saved answer's "open now" was true when it was fetched; the hours tell what is true now.
  const openNow = s.openingHours ? (live ? s.openNow : isOpenAt(s.openingHours, s.timeZone, now)) : null;
  const today = s.openingHours ? hoursOnDay(s.openingHours, s.timeZone, now) : null;
  const hours =
    today === null
      ? t('otherStores.noHours')
      : today.length === 0
        ? t('otherStores.closedToday')
        : t('otherStores.hoursToday', { hours: today.map((i) => `${i.opens}–${i.closes}`).join(', ') });
  const where = here ? t('otherStores.thisStore') : s.distanceKm === null ? t('otherStores.noDistance') : t('otherStores.km', { km: s.distanceKm });
  return (
    <li class={`other-stores-store ${here ? 'is-here' : ''}`} data-testid="other-store" data-store={s.storeId} data-available={s.available}>
      <span class="other-stores-name">{s.name}</span>
      <span class={`other-stores-count ${s.available > 0 ? '' : 'is-zero'}`}>
        {s.available > 0 ? t('otherStores.available', { count: s.available }) : t('otherStores.none')}
      </span>
      <span class="result-meta">
        {where}
        {' · '}
        {openNow !== null && (
          <span class={openNow ? 'other-stores-open' : 'other-stores-closed'} data-testid="other-store-open" data-open={String(openNow)}>
            {openNow ? t('otherStores.openNow') : t('otherStores.closedNow')}
            {' · '}
          </span>
        )}
        {hours}
        {s.reserved > 0 && ` · ${t('otherStores.reserved', { count: s.reserved })}`}
      </span>
      {transfers.map((x) => (
        <span key={x.id} class="other-stores-transfer" data-testid="other-store-transfer" data-state={x.state}>
          {t(x.requestingStoreId === hereId ? 'transfers.yours' : 'transfers.theirs', {
            count: x.quantity,
            state: t(`transfers.state.${x.state}` as MessageKey),
          })}
          {x.holdUntil && x.state === 'held' && ` · ${t('transfers.until', { time: time(x.holdUntil) })}`}
        </span>
      ))}
      {sent && (
        <span class="other-stores-transfer" role="status" data-testid="other-store-sent">
          {t('transfers.sent', { store: s.name })}
        </span>
      )}
      {!here && canAsk && !asking && (
        <Button
          class="other-stores-ask"
          onClick={() => setAsking(true)}
          aria-label={t('transfers.askNamed', { store: s.name })}
          data-testid="other-store-ask"
        >
          {t('transfers.ask')}
        </Button>
      )}
      {asking && (
        <RequestForm
          sku={sku}
          toStoreId={s.storeId}
          toStoreName={s.name}
          onDone={(done) => {
            setAsking(false);
            setSent(done);
          }}
        />
      )}
    </li>
  );
}

import { useState } from 'preact/hooks';
import { combineLatest, map } from 'rxjs';
import type { Transfer } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { optimisticStockLevels$ } from '../../db/optimistic-stock.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { rejectedScanMessage, useScanner } from '../sell/use-scanner.js';
import { CountPrompt } from './CountPrompt.js';
import { TransferCard } from './TransferCard.js';
import { productsOf$, recordTransferStep, transfers$, type TransferRecorder } from './transfer-data.js';
import { storeNames$ } from '../../db/store-settings.js';
import './transfers.css';

/** Closed transfers shown under the open ones, newest first. */
const CLOSED_SHOWN = 10;

/**
 * Holds and transfers: what other stores asked of this one (accept or decline, ship, end a hold) and what this store
 * asked of others (where each stands; a parcel in transit is received by scanning its item), live as the facts of
 * both stores replicate, plus the levels that went below zero, offered for a count.
 */
export function TransfersScreen() {
  const { db, store, session, enrollment } = useApp();
  const { t } = useI18n();
  const by: TransferRecorder = { db, storeId: store.id, deviceId: enrollment.deviceId, staffId: session.staffId };
  const list = useObservable(() => transfers$(db), [] as Transfer[], [db]);
  const storeNames = useObservable(() => storeNames$(db), new Map<string, string>(), [db]);
  const skus = [...new Set(list.map((x) => x.sku))];
  const skuKey = skus.join();
  const { products, levels } = useObservable(
    () =>
      combineLatest([productsOf$(db, skus), optimisticStockLevels$(db, store.id, skus)]).pipe(map(([products, levels]) => ({ products, levels }))),
    { products: new Map<string, { name: string; barcode: string | null }>(), levels: new Map() },
    [db, store.id, skuKey],
  );
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);

  const incoming = list.filter((x) => x.fromStoreId === store.id);
  const outgoing = list.filter((x) => x.requestingStoreId === store.id);
  const inTransit = outgoing.filter((x) => x.state === 'in_transit');

  const receive = async (scanned: string) => {
    const value = scanned.trim();
    if (!value) return;
    const match = inTransit.find((x) => x.sku === value || products.get(x.sku)?.barcode === value);
    if (!match) {
      setNotice({ text: t('transfers.receiveNoMatch', { code: value }), ok: false });
      return;
    }
    await recordTransferStep(by, match, 'transfer.received', { scanned: value });
    setCode('');
    setNotice({ text: t('transfers.received', { name: products.get(match.sku)?.name ?? match.sku }), ok: true });
  };
  useScanner((scanned) => void receive(scanned), { onRejected: (r) => setNotice({ text: t(rejectedScanMessage(r)), ok: false }) });

  const section = (title: string, empty: string, items: Transfer[], id: string) => {
    const open = items.filter((x) => !['received', 'shipped', 'declined', 'released', 'cancelled', 'expired'].includes(x.state));
    const closed = items.filter((x) => !open.includes(x)).slice(0, CLOSED_SHOWN);
    return (
      <section aria-labelledby={id} data-testid={id}>
        <h2 id={id}>{title}</h2>
        {items.length === 0 && <p class="muted">{empty}</p>}
        <ul class="transfer-list">
          {[...open, ...closed].map((x) => (
            <TransferCard
              key={x.id}
              transfer={x}
              storeNames={storeNames}
              product={products.get(x.sku)}
              availableHere={x.fromStoreId === store.id ? (levels.get(x.sku)?.available ?? 0) : undefined}
              by={by}
            />
          ))}
        </ul>
      </section>
    );
  };

  return (
    <div class="transfers">
      <h1 class="transfers-title">{t('transfers.title')}</h1>
      {inTransit.length > 0 && (
        <form
          class="transfer-receive"
          onSubmit={(e) => {
            e.preventDefault();
            void receive(code);
          }}
        >
          <p>{t('transfers.receiveHint')}</p>
          <label class="transfer-field" for="transfer-receive-code">
            <span>{t('transfers.receiveCode')}</span>
            <input
              id="transfer-receive-code"
              value={code}
              onInput={(e) => setCode((e.target as HTMLInputElement).value)}
              data-testid="transfer-receive-code"
            />
          </label>
          <Button type="submit" variant="primary" data-testid="transfer-receive">
            {t('transfers.receive')}
          </Button>
        </form>
      )}
      {notice && (
        <p class={`message ${notice.ok ? 'message-ok' : 'message-error'}`} role="status" data-testid="transfer-notice">
          {notice.text}
        </p>
      )}
      {section(t('transfers.incoming'), t('transfers.noneIncoming'), incoming, 'transfers-incoming')}
      {section(t('transfers.outgoing'), t('transfers.noneOutgoing'), outgoing, 'transfers-outgoing')}
      <CountPrompt by={by} />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { map } from 'rxjs';
import { parsePickupQr, type Returnable, type Store } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { PICKUP_QR_FORMATS } from '../pickup/barcode-detection.js';
import { CameraScanButton } from '../pickup/CameraScanner.js';
import { rejectedScanMessage, useScanner } from '../sell/use-scanner.js';
import { readScannedProof } from './proof-reading.js';
import { findPurchases, type FindBy, type FoundPurchases } from './returns-data.js';

/** A QR's text has colons and dots: the wedge scanner here takes any printable key. */
const QR_KEYS = /^[\x21-\x7e]$/;
const BY: readonly FindBy[] = ['number', 'email', 'phone'];

/**
 * The first step of a return: the purchase, by receipt or order number, the customer's email or phone, or the QR on
 * the receipt or the order confirmation (keyboard-wedge scanner or camera). A signed proof of purchase is verified
 * on the device and needs no connection; anything else is found in this store's sales and through the server.
 */
export function FindPurchase({ onChoose }: { onChoose: (purchase: Returnable, via: 'scan' | 'search') => void }) {
  const { db, store, enrollment, baseUrl } = useApp();
  const { t, time } = useI18n();
  const [by, setBy] = useState<FindBy>('number');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<FoundPurchases | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const stores = useObservable<ReadonlyMap<string, Store>>(
    () => db.stores.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as Store] as const)))),
    new Map(),
    [db],
  );

  const search = async (findBy: FindBy, value: string, via: 'scan' | 'search') => {
    if (busy || value.trim() === '') return;
    setBusy(true);
    setProblem(null);
    try {
      const answer = await findPurchases({ db, storeId: store.id, baseUrl, token: enrollment.token }, findBy, value);
      setFound(answer);
      // A scan names one purchase: open it at once (one tap fewer at the counter).
      if (via === 'scan' && answer.purchases.length === 1) onChoose(answer.purchases[0]!, via);
    } catch (error) {
      setFound(null);
      setProblem(t('returns.find.failed', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const onScan = async (text: string) => {
    setProblem(null);
    const proof = await readScannedProof(db, text);
    if (proof?.ok) return onChoose(proof.purchase, 'scan');
    if (proof && !proof.ok) return setProblem(t(proof.message));
    const pickup = parsePickupQr(text);
    setBy('number');
    setTyped(pickup ? pickup.number : text.trim());
    await search('number', pickup ? pickup.number : text, 'scan');
  };
  const [scanProblem, setScanProblem] = useState<MessageKey | null>(null);
  useScanner((text) => void onScan(text), {
    accepts: QR_KEYS,
    minLength: 6,
    maxGapMs: 100,
    slackGapMs: 200,
    onRejected: (rejected) => setScanProblem(rejectedScanMessage(rejected)),
  });

  const storeName = (id: string | null) => (id ? (stores.get(id)?.name ?? id) : null);
  return (
    <section class="returns-find" aria-labelledby="returns-find-title" data-testid="returns-find">
      <h3 id="returns-find-title">{t('returns.find.title')}</h3>
      <div class="segmented" role="radiogroup" aria-label={t('returns.find.by')}>
        {BY.map((b) => (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control of large touch buttons, announced as radios
          <button
            key={b}
            type="button"
            role="radio"
            aria-checked={by === b}
            class={`segment ${by === b ? 'segment-active' : ''}`}
            onClick={() => setBy(b)}
            data-testid={`returns-by-${b}`}
          >
            {t(`returns.find.${b}`)}
          </button>
        ))}
      </div>
      <form
        class="returns-search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(by, typed, 'search');
        }}
      >
        <label class="field returns-search-field">
          <span>{t(`returns.find.${by}`)}</span>
          <input
            type={by === 'email' ? 'email' : by === 'phone' ? 'tel' : 'search'}
            inputMode={by === 'phone' ? 'tel' : undefined}
            autoComplete="off"
            data-testid="returns-search"
            value={typed}
            placeholder={t(`returns.find.placeholder.${by}`)}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
        </label>
        <Button type="submit" variant="primary" size="large" disabled={busy || typed.trim() === ''} data-testid="returns-find-submit">
          {t(busy ? 'returns.find.searching' : 'returns.find.submit')}
        </Button>
      </form>
      <div class="returns-scan">
        <p class="muted">{t('returns.find.scanHint')}</p>
        <CameraScanButton formats={PICKUP_QR_FORMATS} onCode={(code) => void onScan(code)} />
      </div>
      {scanProblem && (
        <p class="banner banner-warn" role="status">
          {t(scanProblem)}
        </p>
      )}
      {problem && (
        <p class="banner banner-danger" role="alert" data-testid="returns-find-problem">
          {problem}
        </p>
      )}
      {found && (
        <div class="returns-results" data-testid="returns-results">
          {found.offline && (
            <p class="banner banner-warn" role="status" data-testid="returns-offline">
              {t('returns.find.offline')}
            </p>
          )}
          {found.savedAt !== null && (
            <p class="banner banner-info" role="status" data-testid="returns-saved">
              {t('returns.find.saved', { time: time(new Date(found.savedAt).toISOString()) })}
            </p>
          )}
          {found.purchases.length === 0 ? (
            <p class="muted" data-testid="returns-none">
              {t('returns.find.none')}
            </p>
          ) : (
            <ul class="returns-result-list" aria-label={t('returns.find.results')}>
              {found.purchases.map((p) => (
                <li key={`${p.source.kind}:${p.number}`}>
                  <button
                    type="button"
                    class="returns-result"
                    data-testid="returns-result"
                    data-number={p.number}
                    aria-label={t('returns.find.open', { number: p.number })}
                    onClick={() => onChoose(p, 'search')}
                  >
                    <strong>{p.number}</strong>
                    <span>{t(p.kind === 'sale' ? 'returns.kind.sale' : 'returns.kind.order')}</span>
                    <span class="muted">{p.storeId ? t('returns.fromStore', { store: storeName(p.storeId)! }) : t('returns.shipped')}</span>
                    <span class="muted">{p.lines.map((l) => l.name).join(', ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { ConsentSchema, unitsToPick, type Consent, type OrderLine, type Product } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { searchProducts } from '../../db/lookup.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';

type Payload = { lineNo: number; quantity: number; substitute: { sku: string; quantity: number; consent: Consent } | null };
const CHANNELS = ConsentSchema.shape.channel.options;

/**
 * Units of a line the shelf cannot cover: given up (the customer gets the rest), or replaced by a product the
 * customer agreed to, with how they agreed and their words (the step's time records when).
 */
export function ShortPickForm({
  line,
  onSubmit,
  onCancel,
}: {
  line: OrderLine;
  onSubmit: (p: Payload, done: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { db } = useApp();
  const { t } = useI18n();
  const left = unitsToPick(line);
  const [quantity, setQuantity] = useState(left);
  const [resolution, setResolution] = useState<'partial' | 'substitute'>('partial');
  const [query, setQuery] = useState(line.name.split(' ')[0] ?? '');
  const [results, setResults] = useState<Product[]>([]);
  const [substitute, setSubstitute] = useState<Product | null>(null);
  const [channel, setChannel] = useState<Consent['channel']>('phone');
  const [note, setNote] = useState('');

  useEffect(() => {
    if (resolution !== 'substitute') return;
    let current = true;
    void searchProducts(db, query, 8).then((found) => current && setResults(found.filter((p) => p.sku !== line.sku && p.active)));
    return () => {
      current = false;
    };
  }, [db, query, resolution, line.sku]);

  const ready = quantity >= 1 && quantity <= left && (resolution === 'partial' || substitute !== null);
  const submit = () => {
    if (!ready) return;
    const sub = resolution === 'substitute' && substitute ? { sku: substitute.sku, quantity, consent: { channel, note: note.trim() } } : null;
    void onSubmit(
      { lineNo: line.lineNo, quantity, substitute: sub },
      sub
        ? t('pickup.done.substituted', { item: line.name, substitute: substitute!.name })
        : t('pickup.done.shorted', { count: quantity, item: line.name }),
    );
  };

  return (
    <form
      class="short-form"
      data-testid="short-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div class="field">
        <label for="short-qty">{t('pickup.short.quantity', { item: line.name })}</label>
        <input
          id="short-qty"
          type="number"
          inputMode="numeric"
          min={1}
          max={left}
          value={quantity}
          onInput={(e) => setQuantity(Number(e.currentTarget.value))}
          data-testid="short-quantity"
        />
      </div>
      <div class="segmented" role="radiogroup" aria-label={t('pickup.short.how')}>
        {(['partial', 'substitute'] as const).map((r) => (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control of large touch buttons, announced as radios
          <button
            key={r}
            type="button"
            role="radio"
            aria-checked={resolution === r}
            class={`segment ${resolution === r ? 'segment-active' : ''}`}
            onClick={() => setResolution(r)}
            data-testid={`short-${r}`}
          >
            {t(`pickup.short.${r}`)}
          </button>
        ))}
      </div>
      {resolution === 'substitute' && (
        <>
          <div class="field">
            <label for="sub-search">{t('pickup.short.find')}</label>
            <input id="sub-search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="substitute-search" />
          </div>
          <ul class="sub-results">
            {results.map((p) => (
              <li key={p.sku}>
                <button
                  type="button"
                  class={`sub-result ${substitute?.sku === p.sku ? 'sub-result-chosen' : ''}`}
                  aria-pressed={substitute?.sku === p.sku}
                  onClick={() => setSubstitute(p)}
                  data-testid="substitute-option"
                  data-sku={p.sku}
                >
                  {p.name} <span class="muted">{p.sku}</span>
                </button>
              </li>
            ))}
          </ul>
          <div class="field">
            <label for="consent-channel">{t('pickup.short.consentHow')}</label>
            <select
              id="consent-channel"
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value as Consent['channel'])}
              data-testid="consent-channel"
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`pickup.consent.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="consent-note">{t('pickup.short.consentNote')}</label>
            <input
              id="consent-note"
              value={note}
              maxLength={200}
              placeholder={t('pickup.short.consentPlaceholder')}
              onInput={(e) => setNote(e.currentTarget.value)}
              data-testid="consent-note"
            />
          </div>
        </>
      )}
      <div class="actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('pickup.short.cancel')}
        </Button>
        <Button type="submit" variant="primary" disabled={!ready} data-testid="short-confirm">
          {t(resolution === 'substitute' ? 'pickup.short.confirmSubstitute' : 'pickup.short.confirmPartial')}
        </Button>
      </div>
    </form>
  );
}

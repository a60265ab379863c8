import { useState } from 'preact/hooks';
import { parsePickupQr, type Collector, type HandoffVerification } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { rejectedScanMessage, useScanner } from '../sell/use-scanner.js';
import { PICKUP_QR_FORMATS } from './barcode-detection.js';
import { CameraScanButton } from './CameraScanner.js';
import type { RecordStep } from './PickList.js';
import { verifyManagerOverride, type ShownOrder } from './pickup-data.js';

type Method = HandoffVerification['method'];
/** A QR's text ("vitrine-pickup:WEB-1042:482913") has colons: the wedge scanner here takes any printable key. */
const QR_KEYS = /^[\x21-\x7e]$/;

/**
 * Handing the order over, online or not (the order and its pickup code are on the device): the customer's QR
 * (keyboard-wedge scanner or camera) or the code they read out, or, with neither, a photo ID approved by a manager
 * typing their PIN here (checked against the replicated verifier, offline) with a reason. Who collected it, and
 * what, when not everything goes. The primary button sits at the bottom, in the thumb's reach on a phone.
 */
export function HandoffPanel({ shown, onRecord }: { shown: ShownOrder; onRecord: RecordStep }) {
  const { db, store } = useApp();
  const { t } = useI18n();
  const { order } = shown;
  const [method, setMethod] = useState<Method>('qr');
  const [scanned, setScanned] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [manager, setManager] = useState({ number: '', pin: '', reason: '' });
  const [managerError, setManagerError] = useState<string | null>(null);
  const [collector, setCollector] = useState<'customer' | 'third_party'>('customer');
  const [collectorName, setCollectorName] = useState('');
  const [partial, setPartial] = useState(false);
  const handable = order.lines.filter((l) => l.picked - l.collected > 0);
  const [quantities, setQuantities] = useState<Record<number, number>>(() =>
    Object.fromEntries(handable.map((l) => [l.lineNo, l.picked - l.collected])),
  );
  const [busy, setBusy] = useState(false);

  const [scanProblem, setScanProblem] = useState<MessageKey | null>(null);
  const onQr = (text: string) => {
    setMethod('qr');
    setScanned(text);
    setScanProblem(null);
  };
  // A QR's text is long: a little more time between keys than for a barcode, so a busy phone does not split it
  // (a person still types far slower, and anything that is not a pickup QR is said to be so).
  useScanner(onQr, {
    accepts: QR_KEYS,
    minLength: 10,
    maxGapMs: 100,
    slackGapMs: 200,
    onRejected: (rejected) => setScanProblem(rejectedScanMessage(rejected)),
  });
  const read = scanned ? parsePickupQr(scanned) : undefined;

  const verification = async (): Promise<HandoffVerification | null> => {
    if (method === 'code') return { method: 'code', code: code.trim() };
    if (method === 'qr') return scanned ? { method: 'qr', scanned } : null;
    const member = await verifyManagerOverride(db, store.id, manager.number, manager.pin);
    if (!member) {
      setManagerError(t('pickup.handoff.managerWrong'));
      return null;
    }
    setManagerError(null);
    return { method: 'photo_id', managerId: member.id, reason: manager.reason.trim() };
  };

  const complete = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const v = await verification();
      if (!v) return;
      const who: Collector = collector === 'customer' ? { kind: 'customer' } : { kind: 'third_party', name: collectorName.trim() };
      const lines = partial ? handable.map((l) => ({ lineNo: l.lineNo, quantity: quantities[l.lineNo] ?? 0 })) : null;
      await onRecord('pickup.handoff', { collector: who, verification: v, lines }, t(partial ? 'pickup.done.partialHandoff' : 'pickup.done.handoff'));
    } finally {
      setBusy(false);
    }
  };

  const verified =
    (method === 'qr' && scanned !== null) ||
    (method === 'code' && /^\d{6}$/.test(code.trim())) ||
    (method === 'photo_id' && manager.number.trim() !== '' && manager.pin.length >= 4 && manager.reason.trim() !== '');
  const canComplete = verified && (collector === 'customer' || collectorName.trim() !== '');

  return (
    <section class="handoff" aria-labelledby="handoff-title" data-testid="handoff-panel">
      <h3 id="handoff-title">{t('pickup.handoff.title')}</h3>
      <div class="segmented" role="radiogroup" aria-label={t('pickup.handoff.verifyBy')}>
        {(['qr', 'code', 'photo_id'] as const).map((m) => (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control of large touch buttons, announced as radios
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={method === m}
            class={`segment ${method === m ? 'segment-active' : ''}`}
            onClick={() => setMethod(m)}
            data-testid={`verify-${m}`}
          >
            {t(`pickup.verify.${m}`)}
          </button>
        ))}
      </div>

      {method === 'qr' && (
        <div class="handoff-qr">
          {scanned === null ? (
            <p class="muted">{t('pickup.handoff.scanHint')}</p>
          ) : (
            <p
              class={`message ${read?.number === order.number ? 'message-info' : 'message-error'}`}
              data-testid="qr-read"
              data-matches={read?.number === order.number}
            >
              {read
                ? read.number === order.number
                  ? `✓ ${t('pickup.handoff.qrMatches', { number: read.number })}`
                  : t('pickup.handoff.qrOther', { number: read.number })
                : t('pickup.handoff.qrNotPickup')}
            </p>
          )}
          {scanProblem && (
            <p class="message message-error" role="alert" data-testid="scan-error">
              {t(scanProblem)}
            </p>
          )}
          <CameraScanButton formats={PICKUP_QR_FORMATS} onCode={onQr} />
        </div>
      )}
      {method === 'code' && (
        <div class="field">
          <label for="handoff-code">{t('pickup.handoff.code')}</label>
          <input
            id="handoff-code"
            class="handoff-code-input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
            data-testid="handoff-code"
          />
        </div>
      )}
      {method === 'photo_id' && (
        <div class="handoff-override">
          <p class="muted">{t('pickup.handoff.photoIdHint')}</p>
          <div class="field">
            <label for="mgr-number">{t('pickup.handoff.managerNumber')}</label>
            <input
              id="mgr-number"
              inputMode="numeric"
              value={manager.number}
              onInput={(e) => setManager({ ...manager, number: e.currentTarget.value })}
              data-testid="manager-number"
            />
          </div>
          <div class="field">
            <label for="mgr-pin">{t('pickup.handoff.managerPin')}</label>
            <input
              id="mgr-pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={manager.pin}
              onInput={(e) => setManager({ ...manager, pin: e.currentTarget.value })}
              data-testid="manager-pin"
            />
          </div>
          <div class="field">
            <label for="mgr-reason">{t('pickup.handoff.reason')}</label>
            <input
              id="mgr-reason"
              maxLength={200}
              placeholder={t('pickup.handoff.reasonPlaceholder')}
              value={manager.reason}
              onInput={(e) => setManager({ ...manager, reason: e.currentTarget.value })}
              data-testid="manager-reason"
            />
          </div>
          {managerError && (
            <p class="field-error" role="alert" data-testid="manager-error">
              {managerError}
            </p>
          )}
        </div>
      )}

      <div class="segmented" role="radiogroup" aria-label={t('pickup.handoff.who')}>
        {(['customer', 'third_party'] as const).map((c) => (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control of large touch buttons, announced as radios
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={collector === c}
            class={`segment ${collector === c ? 'segment-active' : ''}`}
            onClick={() => setCollector(c)}
            data-testid={`collector-${c}`}
          >
            {t(c === 'customer' ? 'pickup.handoff.theCustomer' : 'pickup.handoff.someoneElse')}
          </button>
        ))}
      </div>
      {collector === 'third_party' && (
        <div class="field">
          <label for="collector-name">{t('pickup.handoff.collectorName')}</label>
          <input
            id="collector-name"
            maxLength={120}
            value={collectorName}
            onInput={(e) => setCollectorName(e.currentTarget.value)}
            data-testid="collector-name"
          />
        </div>
      )}

      <label class="field-check">
        <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.currentTarget.checked)} data-testid="handoff-partial" />{' '}
        {t('pickup.handoff.partial')}
      </label>
      {partial && (
        <ul class="handoff-lines">
          {handable.map((l) => (
            <li key={l.lineNo}>
              <label>
                {l.name}{' '}
                <input
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={l.picked - l.collected}
                  value={quantities[l.lineNo]}
                  onInput={(e) => setQuantities({ ...quantities, [l.lineNo]: Number(e.currentTarget.value) })}
                  data-testid="handoff-line-qty"
                />{' '}
                / {l.picked - l.collected}
              </label>
            </li>
          ))}
        </ul>
      )}

      <div class="pickup-sticky">
        <Button
          variant="primary"
          size="large"
          class="handoff-confirm"
          disabled={!canComplete || busy}
          onClick={() => void complete()}
          data-testid="handoff-confirm"
        >
          {t(partial ? 'pickup.handoff.confirmPartial' : 'pickup.handoff.confirm')}
        </Button>
      </div>
    </section>
  );
}

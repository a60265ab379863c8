import { useState } from 'preact/hooks';
import { SkuSchema, unitsToPick, type OrderLine, type PickupFactKindName } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { lookupBarcode } from '../../db/lookup.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { rejectedScanMessage, useScanner } from '../sell/use-scanner.js';
import { PRODUCT_FORMATS } from './barcode-detection.js';
import { CameraScanButton } from './CameraScanner.js';
import type { PickupPayloads, ShownOrder } from './pickup-data.js';
import { pickListOrder } from './queue.js';
import { ShortPickForm } from './ShortPickForm.js';

export type RecordStep = <K extends PickupFactKindName>(kind: K, payload: PickupPayloads[K], done: string, item?: string) => Promise<boolean>;

/**
 * The pick list: lines still to pick first, by category then name (the catalogue has no shelf locations). A scan
 * (keyboard wedge anywhere on the screen, the camera, or typed) picks one unit; a wrong item or one too many is
 * refused by the domain's own decision, by name, and nothing is recorded. A line the shelf cannot cover is
 * short-picked: given up, or replaced with the customer's consent.
 */
export function PickList({ shown, canShort, onRecord }: { shown: ShownOrder; canShort: boolean; onRecord: RecordStep }) {
  const { db } = useApp();
  const { t } = useI18n();
  const { order, view } = shown;
  const [typed, setTyped] = useState('');
  const [shorting, setShorting] = useState<OrderLine | null>(null);
  const [unknown, setUnknown] = useState<string | null>(null);
  const [scanProblem, setScanProblem] = useState<MessageKey | null>(null);

  const pickCode = async (code: string) => {
    setUnknown(null);
    const product = await lookupBarcode(db, code);
    const sku = product?.sku ?? code.trim().toUpperCase();
    if (!product && !SkuSchema.safeParse(sku).success) {
      setUnknown(code);
      return;
    }
    const name = product?.name ?? sku;
    await onRecord('pickup.pick', { sku, quantity: 1 }, t('pickup.done.picked', { item: name }), name);
  };
  // Every scan while picking goes to the decision, so one unit too many is refused by name rather than ignored.
  const scanning = order.state === 'picking';
  useScanner(
    (code) => {
      setScanProblem(null);
      if (scanning) void pickCode(code);
    },
    { onRejected: (rejected) => scanning && setScanProblem(rejectedScanMessage(rejected)) },
  );

  const category = (l: OrderLine) => view.products.get(l.sku)?.category ?? '';
  const lines = pickListOrder(order.lines, category);
  return (
    <section class="pick-list" aria-labelledby="pick-title" data-testid="pick-list">
      <h3 id="pick-title">{t('pickup.pick.title')}</h3>
      {scanning && (
        <form
          class="inline-form pick-scan"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) void pickCode(typed);
            setTyped('');
          }}
        >
          <div class="field">
            <label for="pick-code">{t('pickup.pick.scan')}</label>
            <input id="pick-code" value={typed} autoComplete="off" onInput={(e) => setTyped(e.currentTarget.value)} data-testid="pick-code" />
          </div>
          <Button type="submit">{t('pickup.pick.submit')}</Button>
          <CameraScanButton formats={PRODUCT_FORMATS} onCode={(code) => void pickCode(code)} />
        </form>
      )}
      {scanProblem && (
        <p class="message message-error" role="alert" data-testid="scan-error">
          {t(scanProblem)}
        </p>
      )}
      {unknown && (
        <p class="message message-error" role="alert" data-testid="pick-unknown">
          {t('pickup.pick.unknown', { code: unknown })}
        </p>
      )}
      <ul class="pick-lines">
        {lines.map((line) => {
          const left = unitsToPick(line);
          const sub = line.substituteFor !== null ? order.lines.find((l) => l.lineNo === line.substituteFor) : undefined;
          return (
            <li
              key={line.lineNo}
              class={`pick-line ${left === 0 ? 'pick-line-done' : ''}`}
              data-testid="pick-line"
              data-sku={line.sku}
              data-left={left}
              data-picked={line.picked}
            >
              <span class="pick-line-name">
                <strong>{line.name}</strong>
                <span class="muted">
                  {' '}
                  {line.sku}
                  {category(line) && ` · ${category(line)}`}
                </span>
                {sub && <span class="badge badge-pending">{t('pickup.pick.substituteFor', { item: sub.name })}</span>}
                {line.released > 0 && <span class="badge badge-rejected">{t('pickup.pick.released', { count: line.released })}</span>}
              </span>
              <span class="pick-line-count">
                <span class="visually-hidden">{t('pickup.pick.progress', { picked: line.picked, wanted: line.quantity - line.released })}</span>
                <span aria-hidden="true">
                  {left === 0 ? '✓ ' : ''}
                  {line.picked}/{line.quantity - line.released}
                </span>
              </span>
              {left > 0 && canShort && (
                <Button variant="ghost" onClick={() => setShorting(line)} data-testid="short-line">
                  {t('pickup.short.open')}
                </Button>
              )}
              {shorting?.lineNo === line.lineNo && (
                <ShortPickForm
                  line={line}
                  onCancel={() => setShorting(null)}
                  onSubmit={async (payload, done) => {
                    if (await onRecord('pickup.short', payload, done, line.name)) setShorting(null);
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Product, styleGridOf, styleNameOf } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { styleVariants$ } from '../../db/style-variants.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { useObservable } from '../../ui/hooks.js';
import { ProductImage } from './ProductImage.js';
import { OtherStores } from './OtherStores.js';
import { useStockLevels } from './stock-levels.js';
import './finding.css';

/**
 * A style's size × colour grid, opened from a search result or a scanned product: sizes as columns, colours as rows,
 * the store's stock in each cell (0 shown as 0), one tap on a cell adds that variant to the cart and keeps the grid
 * open for the next. Cells the style is not made in are empty and cannot be tapped. A modal dialog (focus stays in it,
 * Escape closes it), full screen on a phone; a real table, so a screen reader reads each cell with its size and colour.
 */
export function StyleGrid({ product, onAdd, onClose }: { product: Product; onAdd: (variant: Product) => void; onClose: () => void }) {
  const { db, store } = useApp();
  const { t, money } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [added, setAdded] = useState<Product | null>(null);
  const [otherStores, setOtherStores] = useState(false);
  const variants = useObservable<Product[] | null>(() => styleVariants$(db, product.styleCode), null, [db, product.styleCode]);
  const grid = useMemo(() => (variants ? styleGridOf(variants) : null), [variants]);
  const stock = useStockLevels(
    db,
    store.id,
    (variants ?? []).map((v) => v.sku),
  );

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  const name = styleNameOf(product);
  const sizeLabel = (size: string | null) => size ?? t('grid.oneSize');
  const colourLabel = (colour: string | null) => colour ?? t('grid.noColour');

  return (
    <dialog
      ref={dialog}
      class="sheet-dialog style-grid"
      aria-labelledby="style-grid-title"
      data-testid="style-grid"
      data-style={product.styleCode}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header class="style-grid-header">
        <ProductImage url={product.imageUrl} alt={name} size="large" />
        <div class="style-grid-heading">
          <h2 id="style-grid-title">{name}</h2>
          <p class="result-meta">
            {[product.brand, product.styleCode, money(product.price.amount)].join(' · ')}
            {variants && <> · {t('grid.variants', { count: variants.length })}</>}
          </p>
        </div>
        <Button onClick={() => setOtherStores(true)} data-testid="style-grid-other-stores">
          {t('otherStores.open')}
        </Button>
        <Button variant="ghost" size="icon" onClick={onClose} aria-label={t('grid.close')} data-testid="style-grid-close">
          ×
        </Button>
      </header>
      {!grid ? (
        <p class="muted" role="status">
          {t('grid.loading')}
        </p>
      ) : (
        <div class="style-grid-scroll">
          <table class="style-grid-table">
            <caption class="visually-hidden">{t('grid.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grid.colour')}</th>
                {grid.sizes.map((size) => (
                  <th scope="col" key={size ?? ''}>
                    {sizeLabel(size)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.colours.map((colour) => (
                <tr key={colour ?? ''}>
                  <th scope="row">{colourLabel(colour)}</th>
                  {grid.sizes.map((size) => {
                    const variant = grid.cell(colour, size);
                    const labels = { colour: colourLabel(colour), size: sizeLabel(size) };
                    if (!variant) {
                      return (
                        <td key={size ?? ''} class="style-grid-none">
                          <span aria-hidden="true">–</span>
                          <span class="visually-hidden">{t('grid.none', labels)}</span>
                        </td>
                      );
                    }
                    const level = stock.get(variant.sku);
                    const label = !variant.active
                      ? t('grid.inactive', labels)
                      : level
                        ? t('grid.add', { ...labels, count: level.available })
                        : t('grid.addUnknown', labels);
                    return (
                      <td key={size ?? ''}>
                        <button
                          type="button"
                          class={`style-grid-cell ${level && level.available <= 0 ? 'style-grid-cell-zero' : ''}`}
                          aria-label={label}
                          disabled={!variant.active}
                          onClick={() => {
                            onAdd(variant);
                            setAdded(variant);
                          }}
                          data-testid="grid-cell"
                          data-sku={variant.sku}
                          data-available={level?.available ?? ''}
                        >
                          {level ? level.available : '·'}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="style-grid-added" role="status" data-testid="style-grid-added">
        {added && t('sell.added', { name: added.name })}
      </p>
      {otherStores && (
        <OtherStores
          target={{
            style: product.styleCode,
            name,
            sku: (added ?? product).sku,
            variantLabel: (sku) => {
              const v = variants?.find((x) => x.sku === sku);
              return v ? `${sizeLabel(v.size)} · ${colourLabel(v.colour)}` : sku;
            },
          }}
          onClose={() => setOtherStores(false)}
        />
      )}
    </dialog>
  );
}

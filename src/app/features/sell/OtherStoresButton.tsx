import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { OtherStores } from './dialogs.js';
import './other-stores.css';

/** The "Other stores" button of a search result or (compact, an icon) a cart line, with the dialog it opens. */
export function OtherStoresButton({ sku, name, compact = false }: { sku: string; name: string; compact?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant={compact ? 'ghost' : 'secondary'}
        size={compact ? 'icon' : 'normal'}
        onClick={() => setOpen(true)}
        aria-label={t('otherStores.openNamed', { name })}
        title={t('otherStores.open')}
        data-testid="open-other-stores"
        data-sku={sku}
      >
        {compact ? <StoresIcon /> : t('otherStores.open')}
      </Button>
      {open && <OtherStores target={{ sku, name }} onClose={() => setOpen(false)} />}
    </>
  );
}

/** A shop front, drawn (a character such as ⌖ is missing from many tablets' fonts and shows as a box). */
function StoresIcon() {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linejoin="round"
    >
      <path d="M3 9l1.5-5h15L21 9M3 9h18M3 9v0a3 3 0 006 0 3 3 0 006 0 3 3 0 006 0M5 12v8h14v-8M10 20v-5h4v5" />
    </svg>
  );
}

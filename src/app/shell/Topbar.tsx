import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/index.js';

/** The brand bar on every screen: the app's name, the store once enrolled, then whatever the shell puts in it. */
export function Topbar({ storeName, class: cls = '', children }: { storeName?: string; class?: string; children?: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <header class={`topbar ${cls}`}>
      <span class="brand">
        {t('app.title')} {storeName && <span class="muted">· {storeName}</span>}
      </span>
      {children}
    </header>
  );
}

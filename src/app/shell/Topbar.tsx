import type { ComponentChildren } from 'preact';
import { languages, useI18n, type Language } from '../i18n/index.js';

/** The brand bar on every screen: the app's name, the store once enrolled, then whatever the shell puts in it. */
export function Topbar({ storeName, children }: { storeName?: string; children?: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <header class="topbar">
      <span class="brand">
        {t('app.title')} {storeName && <span class="muted">· {storeName}</span>}
      </span>
      {children}
    </header>
  );
}

export function LanguageSwitcher({ onChange }: { onChange: (language: Language) => void }) {
  const { t, lang } = useI18n();
  return (
    <label class="lang">
      <span>{t('lang.label')}</span>
      <select value={lang} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Language)} data-testid="language-select">
        {languages.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

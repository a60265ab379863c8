import { languages, useChooseLanguage, useI18n, type Language } from '../i18n/index.js';

/** The UI language of this device, in each language's own name. */
export function LanguageSwitcher({ class: cls = '' }: { class?: string }) {
  const { t, lang } = useI18n();
  const onChange = useChooseLanguage();
  return (
    <label class={`lang ${cls}`}>
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

import { describe, expect, it } from 'vitest';
import { isLanguageLoaded, translate } from './catalog.js';
import { loadLanguage } from './load-language.js';

describe('languages loaded on demand', () => {
  it('shows English until Portuguese is loaded, and Portuguese once it is', async () => {
    expect(isLanguageLoaded('en')).toBe(false);
    await loadLanguage('en');
    expect(isLanguageLoaded('pt-BR')).toBe(false);
    expect(translate('pt-BR', 'app.loading')).toBe('Opening the till…');
    await loadLanguage('pt-BR');
    expect(isLanguageLoaded('pt-BR')).toBe(true);
    expect(translate('pt-BR', 'app.loading')).toBe('Abrindo o caixa…');
    expect(translate('pt-BR', 'sell.items', { count: 2 })).toBe('2 itens');
  });
});

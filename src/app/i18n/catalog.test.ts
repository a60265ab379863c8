import { describe, expect, it } from 'vitest';
import { languageFor, languages, messagesOf, translate } from './every-language.js';
import { formatMoney } from './format.js';

describe('message catalog', () => {
  it('has every key, non-empty, with the same parameters, in every language', () => {
    const en = messagesOf('en');
    const keys = Object.keys(en).sort();
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of languages) {
      expect(Object.keys(messagesOf(lang)).sort()).toEqual(keys);
      for (const key of keys) {
        const text = messagesOf(lang)[key as keyof typeof en];
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(params(text), `${lang} ${key}`).toEqual(params(en[key as keyof typeof en]));
      }
    }
  });

  it('interpolates parameters and picks the language from the store locale', () => {
    expect(translate('en', 'sync.pending', { count: 3 })).toBe('3 waiting to sync');
    expect(translate('pt-BR', 'sell.added', { name: 'Tênis' })).toBe('Tênis adicionado');
    expect(translate('en', 'sell.items', { count: 1 })).toBe('1 item');
    expect(translate('pt-BR', 'sell.items', { count: 2 })).toBe('2 itens');
  });

  it('counts one in the singular and zero in the plural, in Portuguese as in English', () => {
    expect(translate('pt-BR', 'salesList.count', { count: 1 })).toBe('1 venda');
    expect(translate('pt-BR', 'salesList.count', { count: 0 })).toBe('0 vendas');
    expect(translate('pt-BR', 'customers.count', { count: 0 })).toBe('0 clientes na carteira desta loja');
    expect(translate('en', 'salesList.count', { count: 1 })).toBe('1 sale');
    expect(translate('en', 'salesList.count', { count: 0 })).toBe('0 sales');
    expect(translate('pt-BR', 'returns.line.bought', { count: 1 })).toBe('1 comprado');
    expect(translate('pt-BR', 'returns.line.bought', { count: 2 })).toBe('2 comprados');
    expect(translate('pt-BR', 'returns.line.returned', { count: 1 })).toBe('1 já devolvido');
    expect(translate('pt-BR', 'returns.approval.wrongLeft', { count: 1 })).toBe('PIN errado: resta 1 tentativa.');
    expect(translate('en', 'returns.approval.wrongLeft', { count: 1 })).toBe('Wrong PIN: 1 attempt left.');
    expect(languageFor('pt-BR')).toBe('pt-BR');
    expect(languageFor('en-US')).toBe('en');
  });

  it('formats money in the store locale and currency from minor units', () => {
    expect(formatMoney(12990, { locale: 'pt-BR', currency: 'BRL' }).replace(/\s/g, ' ')).toBe('R$ 129,90');
    expect(formatMoney(12990, { locale: 'en-US', currency: 'USD' })).toBe('$129.90');
    expect(formatMoney(500, { locale: 'ja-JP', currency: 'JPY' })).toMatch(/500/);
  });
});

import type { giftCardEn } from './gift-card-messages.js';

/** Brazilian Portuguese of gift-card-messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
export const giftCardPtBR: Record<keyof typeof giftCardEn, string> = {
  'giftCard.sell': 'Cartão-presente',
  'giftCard.title': 'Vender um cartão-presente',
  'giftCard.hint': 'Leia ou digite o número do cartão, ou gere um código novo para um cartão sem número, e o valor a carregar.',
  'giftCard.code': 'Número do cartão',
  'giftCard.codeError': 'O número tem de 8 a 32 letras e dígitos, como impresso no cartão.',
  'giftCard.draw': 'Código novo',
  'giftCard.amount': 'Valor a carregar',
  'giftCard.amountError': 'Informe um valor acima de zero.',
  'giftCard.add': 'Adicionar à venda',
  'giftCard.cancel': 'Cancelar',
  'giftCard.already': 'Este cartão já está na venda: remova-o para mudar o valor.',
  'giftCard.line': 'Cartão-presente {code}',
  'giftCard.lineMeta': 'Carregado ao concluir a venda · sem imposto',
  'giftCard.remove': 'Remover o cartão-presente {code}',
  'giftCard.added': 'Cartão-presente {code} adicionado: {amount}.',
  'giftCard.creditPaysItemsOnly': 'Crédito na loja paga só os itens, não cartões-presente: no máximo {amount} aqui.',
  'giftCard.slipTitle': 'Cartão-presente',
  'giftCard.slipAmount': '{amount} carregados, para usar em qualquer loja da rede',
};

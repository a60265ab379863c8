import type { cartEn } from './messages.js';

/** Brazilian Portuguese of messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
export const cartPtBR: Record<keyof typeof cartEn, string> = {
  'cart.startedBy': 'Este carrinho foi iniciado por {name}. A venda será sua.',
  'cart.cleared': 'Carrinho esvaziado.',
  'cart.undo': 'Desfazer',
  'cart.park': 'Guardar carrinho',
  'cart.parkName': 'Dê um nome a este carrinho',
  'cart.parkSave': 'Guardar',
  'cart.parkCancel': 'Cancelar',
  'cart.parkedCount': '{count} carrinhos guardados',
  'cart.parkedCount_one': '{count} carrinho guardado',
  'cart.resume': 'Retomar',
  'cart.resumeNeedsEmpty': 'Conclua, guarde ou esvazie o carrinho atual para retomar outro.',
  'cart.parkedAtSignOut': '{name}, saiu às {time}',
};

/**
 * The cart's strings (carts kept, parked and cleared), spread into the one message catalog
 * (src/app/i18n/catalog.ts) in both languages: kept beside the feature so the shared catalog changes by one line each.
 */
export const cartEn = {
  'cart.startedBy': 'This cart was started by {name}. The sale will be yours.',
  'cart.cleared': 'Cart cleared.',
  'cart.undo': 'Undo',
  'cart.park': 'Park cart',
  'cart.parkName': 'Name this cart',
  'cart.parkSave': 'Park',
  'cart.parkCancel': 'Cancel',
  'cart.parkedCount': '{count} parked carts',
  'cart.parkedCount_one': '{count} parked cart',
  'cart.resume': 'Resume',
  'cart.resumeNeedsEmpty': 'Finish, park or clear the cart in progress to resume another.',
  'cart.parkedAtSignOut': '{name}, signed out at {time}',
} as const;

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

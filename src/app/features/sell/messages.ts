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

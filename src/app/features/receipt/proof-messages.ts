/**
 * Proof of purchase strings: the signed QR on the till's receipt and the refusals an associate reads when a scanned
 * proof cannot be trusted. Spread into the one message catalog (src/app/i18n/catalog.ts).
 */
export const proofEn = {
  'proof.title': 'Proof of purchase',
  'proof.caption': 'Signed by this till. Any store can check it for a return, even offline.',
  'proof.qrLabel': 'Signed proof of purchase {number} as a QR code',
  'proof.orderCaption': 'Show this code at any of our stores for a return or an exchange: it proves your purchase, even offline.',
  'proof.saleCaption': 'Show this code at any of our stores for a return or an exchange: it proves your purchase.',
  'proof.unavailable': 'This till has no signing key yet: connect it to the network once. The receipt number still finds the sale.',
  'error.PROOF_MALFORMED': 'This QR code is not a Vitrine proof of purchase. Look the purchase up by its receipt or order number.',
  'error.PROOF_TAMPERED':
    'This proof of purchase was altered after it was signed. Do not accept it: look the purchase up by its receipt or order number.',
  'error.PROOF_UNKNOWN_KEY':
    'This proof was signed by a key this device does not know yet. Connect to the network so the device syncs its keys, or look the purchase up by its number.',
  'error.PROOF_KEY_REVOKED':
    'This proof was signed by a till that was taken out of service (its key is revoked). Do not accept it: look the purchase up by its number with a manager.',
};

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

export const proofPtBR: Record<keyof typeof proofEn, string> = {
  'proof.title': 'Comprovante de compra',
  'proof.caption': 'Assinado por este caixa. Qualquer loja pode conferi-lo numa devolução, mesmo sem internet.',
  'proof.qrLabel': 'Comprovante de compra {number} assinado, em QR code',
  'proof.orderCaption':
    'Mostre este código em qualquer uma das nossas lojas para uma troca ou devolução: ele comprova sua compra, mesmo sem internet.',
  'proof.saleCaption': 'Mostre este código em qualquer uma das nossas lojas para uma troca ou devolução: ele comprova sua compra.',
  'proof.unavailable': 'Este caixa ainda não tem chave de assinatura: conecte-o à rede uma vez. O número do recibo continua encontrando a venda.',
  'error.PROOF_MALFORMED': 'Este QR code não é um comprovante de compra Vitrine. Busque a compra pelo número do recibo ou do pedido.',
  'error.PROOF_TAMPERED': 'Este comprovante foi alterado depois de assinado. Não o aceite: busque a compra pelo número do recibo ou do pedido.',
  'error.PROOF_UNKNOWN_KEY':
    'Este comprovante foi assinado por uma chave que este aparelho ainda não conhece. Conecte-se à rede para sincronizar as chaves ou busque a compra pelo número.',
  'error.PROOF_KEY_REVOKED':
    'Este comprovante foi assinado por um caixa desativado (chave revogada). Não o aceite: busque a compra pelo número com um gerente.',
};

import type { proofEn } from './proof-messages.js';

/** Brazilian Portuguese of proof-messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
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

import { useEffect, useState } from 'preact/hooks';
import type { Sale } from '../../../domain/index.js';
import { signSaleProof } from '../../device/device-key.js';
import { useI18n } from '../../i18n/index.js';
import { QrCode } from '../../ui/QrCode.js';

/** Proofs signed in this session, by sale: a reprint shows the same QR (a new ECDSA signature would differ). */
const signed = new Map<string, Promise<string | null>>();

/**
 * The sale's proof of purchase, signed by this till with its own key, offline: any store's till verifies it for a
 * return against the keyring it replicated. Shown only for sales this device rang up (it cannot vouch for others).
 */
export function ProofQr({ sale, ownSale }: { sale: Sale; ownSale: boolean }) {
  const { t } = useI18n();
  const [proof, setProof] = useState<string | null>(null);
  useEffect(() => {
    if (!ownSale) return;
    let live = true;
    let pending = signed.get(sale.id);
    if (!pending) {
      pending = signSaleProof(sale).catch(() => null);
      signed.set(sale.id, pending);
    }
    void pending.then((text) => live && setProof(text));
    return () => {
      live = false;
    };
  }, [sale.id, ownSale]);
  if (!proof) return null;
  return (
    <figure class="receipt-qr receipt-proof" data-testid="receipt-proof">
      <QrCode text={proof} label={t('proof.qrLabel', { number: sale.receiptNumber })} size={200} testId="receipt-proof-qr" />
      <figcaption>
        <strong>{t('proof.title')}</strong> · {t('proof.caption')}
      </figcaption>
    </figure>
  );
}

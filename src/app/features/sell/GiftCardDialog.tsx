import { useEffect, useRef, useState } from 'preact/hooks';
import { CreditCodeSchema, newCreditCode, normalizeCreditCode, type GiftCardSold } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { useCart } from './cart-state.js';
import { fractionDigits, parseAmount } from './tender.js';
import { CreditCodeField, type ScanTarget, useScanTarget } from './TenderForms.js';

/**
 * Sells a gift card in the sale in progress: the card's number, scanned (the till's keyboard-wedge scanner sends it
 * here while the dialog is open) or typed from the card, or a new code drawn here for a card without one; and the value to load. The
 * card is issued on the chain's credit ledger when the sale reaches the server, and is then spendable in any store.
 */
export function GiftCardDialog({
  scanInto,
  onClose,
  onAdded,
}: {
  /** Where the till's scanner sends a scan while the dialog is open (the till's own scanner hook owns the keys). */
  scanInto: ScanTarget;
  onClose: () => void;
  onAdded: (card: GiftCardSold) => void;
}) {
  const { store } = useApp();
  const { addGiftCard, extras } = useCart();
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [codeText, setCodeText] = useState('');
  const [amountText, setAmountText] = useState('');
  const [touched, setTouched] = useState(false);
  useScanTarget(scanInto, setCodeText);

  useEffect(() => {
    const el = dialog.current;
    // showModal focuses the first field, the card number: a scan lands in it.
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  const code = normalizeCreditCode(codeText);
  const codeOk = CreditCodeSchema.safeParse(code).success;
  const inSale = extras.giftCards?.some((card) => card.code === code) ?? false;
  const amount = parseAmount(amountText, fractionDigits(store.currency));
  const amountOk = amount !== null && amount > 0;

  const submit = (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!codeOk || !amountOk) return;
    const card = { code, amount };
    if (addGiftCard(card)) onAdded(card);
  };

  return (
    <dialog
      ref={dialog}
      class="gift-card-dialog"
      aria-labelledby="gift-card-title"
      data-testid="gift-card-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="gift-card-title">{t('giftCard.title')}</h2>
        <p class="field-hint">{t('giftCard.hint')}</p>
        <div class="gift-card-code">
          <CreditCodeField
            id="gift-card-code"
            label={t('giftCard.code')}
            text={codeText}
            onText={setCodeText}
            error={touched && !codeOk ? t('giftCard.codeError') : touched && inSale ? t('giftCard.already') : undefined}
          />
          <Button onClick={() => setCodeText(newCreditCode())} data-testid="gift-card-draw">
            {t('giftCard.draw')}
          </Button>
        </div>
        <Field
          id="gift-card-amount"
          label={t('giftCard.amount')}
          inputMode="decimal"
          autoComplete="off"
          value={amountText}
          onInput={(e) => setAmountText(e.currentTarget.value)}
          error={touched && !amountOk ? t('giftCard.amountError') : undefined}
          data-testid="gift-card-amount"
        />
        <div class="actions">
          <Button variant="ghost" onClick={onClose} data-testid="gift-card-cancel">
            {t('giftCard.cancel')}
          </Button>
          <Button variant="primary" size="large" type="submit" data-testid="gift-card-add">
            {t('giftCard.add')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

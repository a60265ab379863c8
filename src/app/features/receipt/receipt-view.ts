import { giftCardsTotal, maskCreditCode, type PaymentTender, type Sale } from '../../../domain/index.js';
import type { MessageKey } from '../../i18n/catalog.js';

/**
 * What a receipt shows, worked out once from the sale for the till's screen and print, the customer's digital
 * receipt page and the receipt mail: lines with each promotion (by its name) and manual discount (by its reason),
 * tax by rate, every tender as the customer paid it (reversed ones apart, never counted as paid), cash given and
 * change, and the CPF or CNPJ the customer asked for. Gift cards sold show as untaxed lines with their code masked
 * (the card or its slip carries it). Amounts stay integers; each renderer formats them.
 */

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ReceiptDiscountView {
  label: string;
  amount: number;
}

export interface ReceiptLineView {
  lineNo: number;
  name: string;
  quantity: number;
  unitPrice: number;
  /** quantity × unit price, before discounts */
  gross: number;
  discounts: ReceiptDiscountView[];
  /** What the customer pays for the line. */
  total: number;
}

export interface ReceiptTenderView {
  id: string;
  kind: PaymentTender['kind'];
  amount: number;
  /** "Cash", "Visa credit •••• 4242", "Pix" */
  label: string;
  /** Instalments and approval code for a card, the reason for a reversed tender; null when nothing more to say. */
  detail: string | null;
}

export interface ReceiptView {
  receiptNumber: string;
  createdAtDevice: string;
  lines: ReceiptLineView[];
  /** One entry per tax rate on the sale, highest rate first. */
  taxByRate: { rateBp: number; label: string; tax: number }[];
  pricesIncludeTax: boolean;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  /** Tenders that paid, in the order taken. */
  paid: ReceiptTenderView[];
  /** Tenders taken and undone before the sale completed: shown apart, never as paid. */
  reversed: ReceiptTenderView[];
  cashGiven: number;
  change: number;
  cashRounding: number;
  /** Formatted CPF or CNPJ ("CPF na nota"), masked when asked; null when the customer gave none. */
  customerTaxId: { label: string; value: string } | null;
}

export interface ReceiptViewOptions {
  t: Translate;
  /** The language's number format for tax rates ("18%", "7,5%"). */
  lang: string;
  /** A promotion's name by id (the `promotions` collection); undefined when it is not known here. */
  promotionName?: (promotionId: string) => string | undefined;
  /** Hide the tax id but its last digits (pages and mail leave the till: no personal data beyond what is needed). */
  maskTaxId?: boolean;
}

export function receiptView(sale: Sale, { t, lang, promotionName = () => undefined, maskTaxId = false }: ReceiptViewOptions): ReceiptView {
  const lines = sale.lines.map((line) => ({
    lineNo: line.lineNo,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    gross: line.quantity * line.unitPrice,
    discounts: line.discounts.map((d) => ({
      label:
        d.source === 'promotion'
          ? t('receiptView.promotion', { name: promotionName(d.promotionId) ?? t('receiptView.promotionUnnamed') })
          : t(d.scope === 'cart' ? 'receiptView.manualCart' : 'receiptView.manual', { reason: t(`receiptView.reason.${d.reason}`) }),
      amount: d.amount,
    })),
    total: line.total,
  }));
  // Gift cards sold read as lines of their value, untaxed, after the items: the receipt adds up to what was paid.
  const cards = (sale.giftCards ?? []).map((card, i) => ({
    lineNo: sale.lines.length + i + 1,
    name: t('receiptView.giftCard', { code: maskCreditCode(card.code) }),
    quantity: 1,
    unitPrice: card.amount,
    gross: card.amount,
    discounts: [],
    total: card.amount,
  }));
  const cardsValue = giftCardsTotal(sale.giftCards);
  const byRate = new Map<number, number>();
  for (const line of sale.lines) byRate.set(line.taxRateBp, (byRate.get(line.taxRateBp) ?? 0) + line.tax);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 });
  const taxByRate = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBp, tax]) => ({ rateBp, tax, label: t('receiptView.taxRate', { rate: percent.format(rateBp / 10_000) }) }));
  const live = sale.tenders.filter((x) => !x.reversal);
  return {
    receiptNumber: sale.receiptNumber,
    createdAtDevice: sale.createdAtDevice,
    lines: [...lines, ...cards],
    taxByRate,
    pricesIncludeTax: sale.pricesIncludeTax,
    subtotal: sale.totals.subtotal + cardsValue,
    discount: sale.totals.discount,
    tax: sale.totals.tax,
    total: sale.totals.total + cardsValue,
    paid: live.map((x) => tenderView(x, t)),
    reversed: sale.tenders.filter((x) => x.reversal).map((x) => tenderView(x, t)),
    cashGiven: live.filter((x) => x.kind === 'cash').reduce((sum, x) => sum + x.amount, 0),
    change: sale.totals.change,
    cashRounding: sale.totals.cashRounding,
    customerTaxId: sale.customerTaxId
      ? {
          label: t(sale.customerTaxId.length === 11 ? 'receiptView.cpf' : 'receiptView.cnpj'),
          value: formatTaxId(sale.customerTaxId, maskTaxId),
        }
      : null,
  };
}

function tenderView(tender: PaymentTender, t: Translate): ReceiptTenderView {
  const reversal = tender.reversal ? t('receiptView.reversed', { reason: t(`receiptView.reversal.${tender.reversal.reason}`) }) : null;
  const base = { id: tender.id, kind: tender.kind, amount: tender.amount };
  if (tender.kind === 'card') {
    const details = [
      tender.installments > 1 ? t('receiptView.installments', { count: tender.installments }) : null,
      t('receiptView.approval', { code: tender.approvalCode }),
      reversal,
    ].filter((x) => x !== null);
    return {
      ...base,
      label: t('receiptView.card', {
        brand: t(`receiptView.brand.${tender.brand}`),
        funding: t(`receiptView.funding.${tender.funding}`),
        last4: tender.last4,
      }),
      detail: details.join(' · '),
    };
  }
  // The code is a bearer instrument and the digital receipt a link: only its end is shown.
  if (tender.kind === 'credit') return { ...base, label: t('receiptView.credit', { code: maskCreditCode(tender.code) }), detail: reversal };
  return { ...base, label: t(tender.kind === 'pix' ? 'receiptView.pix' : 'receiptView.cash'), detail: reversal };
}

/** 123.456.789-09 (CPF) or 12.345.678/0001-95 (CNPJ); masked, every digit but the last two is hidden. */
export function formatTaxId(digits: string, mask: boolean): string {
  const shown = mask ? `${'•'.repeat(digits.length - 2)}${digits.slice(-2)}` : digits;
  return digits.length === 11
    ? `${shown.slice(0, 3)}.${shown.slice(3, 6)}.${shown.slice(6, 9)}-${shown.slice(9)}`
    : `${shown.slice(0, 2)}.${shown.slice(2, 5)}.${shown.slice(5, 8)}/${shown.slice(8, 12)}-${shown.slice(12)}`;
}

/** The address of a sale's digital receipt page (the QR code on the receipt, the link in the mail). */
export const receiptPageUrl = (baseUrl: string, saleId: string) => `${baseUrl.replace(/\/+$/, '')}/receipts/${encodeURIComponent(saleId)}`;

import { describe, expect, it } from 'vitest';
import { completeCashSale, type Sale } from '../../../domain/index.js';
import { fixedClock, storeS1 } from '../../../domain/testing/fixtures.js';
import { translate } from '../../i18n/every-language.js';
import { formatTaxId, receiptPageUrl, receiptView } from './receipt-view.js';

const base = completeCashSale({
  store: storeS1,
  deviceId: 'dev-1',
  associateId: 'S1-1001',
  lines: [
    { sku: 'TEN-0001-42-PRE', name: 'Tênis', quantity: 2, unitPrice: 10_000, taxClass: 'standard' },
    { sku: 'MEI-0001-U-BRA', name: 'Meia', quantity: 1, unitPrice: 2_000, taxClass: 'standard' },
  ],
  cashTendered: 22_000,
  receiptNumber: 'S1-02-000017',
  newId: (() => {
    let i = 0;
    return () => `01900000-0000-7000-8000-${String(++i).padStart(12, '0')}`;
  })(),
  clock: fixedClock(),
});

/** The same sale with discounts, a second tax rate, a card in 3 instalments, a reversed Pix and a CPF. */
const sale: Sale = {
  ...base,
  lines: [
    {
      ...base.lines[0]!,
      discount: 1_500,
      discounts: [
        { source: 'promotion', promotionId: 'promo-1', amount: 1_000 },
        { source: 'manual', scope: 'cart', reason: 'damaged_item', amount: 500 },
      ],
    },
    { ...base.lines[1]!, taxRateBp: 750, tax: 140 },
  ],
  tenders: [
    { id: 't1', kind: 'card', amount: 15_000, funding: 'credit', brand: 'visa', last4: '4242', approvalCode: 'A1B2C3', installments: 3 },
    {
      id: 't2',
      kind: 'pix',
      amount: 5_000,
      txid: 'TX1',
      reference: 'Ana',
      confirmedBy: 'S1-1001',
      reversal: { reason: 'payment_failed', reversedBy: 'S1-1001' },
    },
    { id: 't3', kind: 'cash', amount: 10_000 },
  ],
  customerTaxId: '52998224725',
};

const pt = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('pt-BR', key, params);

describe('receiptView', () => {
  const view = receiptView(sale, { t: pt, lang: 'pt-BR', promotionName: (id) => (id === 'promo-1' ? 'Leve 2, ganhe 10%' : undefined) });

  it('names each promotion and each manual discount with its reason, on its line', () => {
    expect(view.lines[0]!.discounts).toEqual([
      { label: 'Promoção: Leve 2, ganhe 10%', amount: 1_000 },
      { label: 'Desconto na venda: produto avariado', amount: 500 },
    ]);
    expect(view.lines[0]!.gross).toBe(20_000);
  });

  it('sums tax by rate, highest rate first', () => {
    expect(view.taxByRate.map((r) => r.rateBp)).toEqual([sale.lines[0]!.taxRateBp, 750].sort((a, b) => b - a));
    expect(view.taxByRate.find((r) => r.rateBp === 750)).toMatchObject({ tax: 140, label: 'Impostos 7,5%' });
  });

  it('shows every tender that paid with its proof, and a reversed one apart, never as paid', () => {
    expect(view.paid.map((x) => x.kind)).toEqual(['card', 'cash']);
    expect(view.paid[0]).toMatchObject({ label: 'Visa crédito •••• 4242', detail: '3 parcelas · autorização A1B2C3' });
    expect(view.reversed).toEqual([expect.objectContaining({ kind: 'pix', amount: 5_000, detail: 'estornado, não cobrado (pagamento recusado)' })]);
    expect(view.cashGiven).toBe(10_000);
  });

  it('prints the CPF in full at the till and masked but its last two digits elsewhere', () => {
    expect(view.customerTaxId).toEqual({ label: 'CPF', value: '529.982.247-25' });
    expect(receiptView(sale, { t: pt, lang: 'pt-BR', maskTaxId: true }).customerTaxId?.value).toBe('•••.•••.•••-25');
    expect(formatTaxId('11222333000181', true)).toBe('••.•••.•••/••••-81');
  });

  it('says "promotion" when the promotion is not known on this device', () => {
    expect(receiptView(sale, { t: pt, lang: 'pt-BR' }).lines[0]!.discounts[0]!.label).toBe('Promoção: promoção');
  });

  it('points its QR code at the server’s receipt page for the sale', () => {
    expect(receiptPageUrl('https://loja.example/', sale.id)).toBe(`https://loja.example/receipts/${sale.id}`);
  });
});

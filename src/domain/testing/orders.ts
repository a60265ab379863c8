import type { StockLevel } from '../stock/schema.js';
import { stockLevelId } from '../stock/schema.js';
import type { OrderIntakeInput } from '../order/intake.js';

/**
 * A priced intake request whose arithmetic adds up (tax included, 18 %), for tests on the device and the server.
 * `items` are SKUs with quantities and unit prices.
 */
export function pickupIntake(
  storeId: string,
  items: { sku: string; quantity: number; unitPrice: number; discount?: number }[],
  over: Partial<OrderIntakeInput> = {},
): OrderIntakeInput {
  const lines = items.map(({ sku, quantity, unitPrice, discount = 0 }) => {
    const total = quantity * unitPrice - discount;
    return { sku, quantity, unitPrice, discount, tax: Math.round((total * 1800) / 11800), total };
  });
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((a, l) => a + f(l), 0);
  const total = sum((l) => l.total);
  return {
    number: `WEB-${Math.floor(Math.random() * 1e9)}`,
    channel: 'web',
    placedAt: '2026-11-23T09:12:00-03:00',
    customer: {
      name: 'Ana Souza',
      email: 'Ana.Souza@example.com',
      phone: '+55 11 98765-4321',
      nationalId: { kind: 'cpf', number: '529.982.247-25' },
    },
    currency: 'BRL',
    pricesIncludeTax: true,
    lines,
    discounts: [],
    shipping: 0,
    payments: [{ method: 'pix', amount: total, reference: 'E18236120202611231212s0123456789', status: 'paid' }],
    fulfilment: { type: 'pickup', storeId, mode: 'counter', promisedAt: '2026-11-23T16:00:00-03:00' },
    totals: { subtotal: sum((l) => l.quantity * l.unitPrice), discount: sum((l) => l.discount), shipping: 0, tax: sum((l) => l.tax), total },
    ...over,
  };
}

export const level = (storeId: string, sku: string, onHand: number, reserved = 0): StockLevel => ({
  id: stockLevelId(storeId, sku),
  storeId,
  sku,
  onHand,
  reserved,
  available: onHand - reserved,
  belowZero: onHand - reserved < 0,
  updatedAt: '2026-11-23T12:00:00.000Z',
});

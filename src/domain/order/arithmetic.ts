import { ErrorCode, fail, ok, type FieldError, type Result } from '../kernel/errors.js';
import { totalsOfLines } from '../sale/totals.js';
import type { OrderIntake } from './intake.js';

/** What the platform's figures must add up to, per line. */
export function expectedLineTotal(
  line: Pick<OrderIntake['lines'][number], 'quantity' | 'unitPrice' | 'discount' | 'tax'>,
  pricesIncludeTax: boolean,
): number {
  return line.quantity * line.unitPrice - line.discount + (pricesIncludeTax ? 0 : line.tax);
}

/**
 * Checks the arithmetic of an order as the platform priced it, never its prices: the platform owns prices, coupons
 * and tax, and may round its own way, so each figure may differ from the sum by 1 minor unit per line it adds up.
 * Answers ORDER_TOTALS_MISMATCH with one field error per figure that differs, saying what it should be.
 */
export function checkOrderArithmetic(order: OrderIntake): Result<void> {
  const errors: FieldError[] = [];
  const tolerance = order.lines.length;
  const check = (path: string, got: number, expected: number, allowed: number, how: string) => {
    if (Math.abs(got - expected) > allowed) errors.push({ path, message: `is ${got}, expected ${expected} (${how})` });
  };

  order.lines.forEach((line, i) => {
    const how = `${line.quantity} × ${line.unitPrice} − ${line.discount}${order.pricesIncludeTax ? '' : ` + tax ${line.tax}`}`;
    check(`lines.${i}.total`, line.total, expectedLineTotal(line, order.pricesIncludeTax), 1, how);
  });
  const orderDiscounts = sum(order.discounts.map((d) => d.amount));
  const ofLines = totalsOfLines(order.lines);
  const { totals } = order;
  check('totals.subtotal', totals.subtotal, ofLines.subtotal, tolerance, 'Σ quantity × unit price');
  check('totals.discount', totals.discount, ofLines.discount + orderDiscounts, tolerance, 'Σ line discounts + Σ order discounts');
  check('totals.shipping', totals.shipping, order.shipping, 0, 'shipping');
  check('totals.tax', totals.tax, ofLines.tax, tolerance, 'Σ line tax');
  check('totals.total', totals.total, ofLines.total - orderDiscounts + order.shipping, tolerance, 'Σ line totals − order discounts + shipping');
  check('payments', sum(order.payments.map((p) => p.amount)), totals.total, 0, 'the payments must add up to totals.total');

  if (errors.length === 0) return ok(undefined);
  return fail(
    ErrorCode.ORDER_TOTALS_MISMATCH,
    `the order's figures do not add up: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    errors,
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

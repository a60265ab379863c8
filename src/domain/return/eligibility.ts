import type { ReturnWindows } from '../catalog/store-settings.js';

/** Brazil's consumer code (CDC Art. 49): a purchase made away from a shop may be returned within 7 days of receipt. */
export const STATUTORY_RETURN_DAYS = 7;
/**
 * A store without `returnWindows` (settings saved before they existed) takes nothing back by policy: every return
 * then needs a manager (online orders keep their 7 statutory days).
 */
export const NO_POLICY_DAYS = 0;
const DAY_MS = 86_400_000;

/** One line of a purchase as eligibility sees it. */
export interface PurchaseLine {
  lineNo: number;
  sku: string;
  /** Units the customer actually has: a sale's quantity, an order's collected or delivered units. */
  bought: number;
  /** The product's category (Product.category); undefined when the SKU left the catalog (the default window applies). */
  category: string | undefined;
  /** The product is final sale or not returnable (Product.finalSale, as the catalog says now). */
  finalSale?: boolean | undefined;
}

export interface Purchase {
  kind: 'sale' | 'order';
  /**
   * Where the windows count from: a store sale's server decision time, an online order's collection or delivery.
   * Null: the customer does not have it yet (an order neither collected nor delivered), so nothing is returnable.
   */
  receivedAt: string | null;
  lines: readonly PurchaseLine[];
}

export interface EligibilityInput {
  purchase: Purchase;
  windows: ReturnWindows | undefined;
  /** Units of each line (by lineNo) already taken back by accepted returns. */
  returned: ReadonlyMap<number, number>;
  /** When the return is made (the server's decision time). */
  at: string;
}

export interface LineEligibility {
  lineNo: number;
  sku: string;
  bought: number;
  returned: number;
  /** Units that may still come back (never negative). */
  remaining: number;
  windowDays: number;
  /** The end of the store's window; null when there is no purchase date. */
  deadline: string | null;
  finalSale: boolean;
  /** Within the 7 statutory days of an online order's receipt. */
  statutory: boolean;
  /** Returnable under policy (or the statute) without a manager. */
  inPolicy: boolean;
}

/** The return window of a line: its category's, else the store's default. */
export function windowDaysOf(windows: ReturnWindows | undefined, category: string | undefined): number {
  if (!windows) return NO_POLICY_DAYS;
  if (category !== undefined && Object.hasOwn(windows.byCategory, category)) return windows.byCategory[category]!;
  return windows.defaultDays;
}

const within = (from: string, days: number, at: string) => days > 0 && Date.parse(at) <= Date.parse(from) + days * DAY_MS;

/** What each line of the purchase allows now. Pure: the device and the server decide with the same figures. */
export function eligibility(input: EligibilityInput): LineEligibility[] {
  const { purchase, windows, returned, at } = input;
  const from = purchase.receivedAt;
  const statutory = from !== null && purchase.kind === 'order' && within(from, STATUTORY_RETURN_DAYS, at);
  return purchase.lines.map((line) => {
    const windowDays = windowDaysOf(windows, line.category);
    // A final-sale line is outside policy (a manager may still take it back), except within an online order's
    // statutory 7 days.
    const finalSale = line.finalSale === true;
    const already = returned.get(line.lineNo) ?? 0;
    return {
      lineNo: line.lineNo,
      sku: line.sku,
      bought: line.bought,
      returned: already,
      remaining: Math.max(0, line.bought - already),
      windowDays,
      deadline: from === null ? null : new Date(Date.parse(from) + windowDays * DAY_MS).toISOString(),
      finalSale,
      statutory,
      inPolicy: from !== null && (statutory || (!finalSale && within(from, windowDays, at))),
    };
  });
}

export interface RequestedLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

/** Why a requested return cannot be accepted as it stands. */
export type ReturnProblem =
  | { kind: 'not_bought'; lineNo: number; sku: string }
  | { kind: 'not_received'; lineNo: number }
  | { kind: 'over_return'; lineNo: number; sku: string; requested: number; remaining: number; bought: number }
  | { kind: 'outside_policy'; lineNo: number; sku: string; deadline: string | null; finalSale: boolean };

/**
 * Checks requested lines against eligibility: a line never bought (or of another SKU) and more than remains are
 * refused outright; a line outside policy is refused unless a manager approved it (with a reason). The same line
 * listed twice (resellable and damaged) counts once against what remains.
 */
export function returnProblems(lines: readonly LineEligibility[], requested: readonly RequestedLine[], approved: boolean): ReturnProblem[] {
  const byLine = new Map(lines.map((l) => [l.lineNo, l]));
  const asked = new Map<number, number>();
  const problems: ReturnProblem[] = [];
  for (const r of requested) {
    const line = byLine.get(r.lineNo);
    if (!line || line.sku !== r.sku || line.bought === 0) {
      problems.push(line && line.sku === r.sku ? { kind: 'not_received', lineNo: r.lineNo } : { kind: 'not_bought', lineNo: r.lineNo, sku: r.sku });
      continue;
    }
    asked.set(r.lineNo, (asked.get(r.lineNo) ?? 0) + r.quantity);
  }
  for (const [lineNo, quantity] of asked) {
    const line = byLine.get(lineNo)!;
    if (quantity > line.remaining) {
      problems.push({ kind: 'over_return', lineNo, sku: line.sku, requested: quantity, remaining: line.remaining, bought: line.bought });
    } else if (!line.inPolicy && !approved) {
      problems.push({ kind: 'outside_policy', lineNo, sku: line.sku, deadline: line.deadline, finalSale: line.finalSale });
    }
  }
  return problems;
}

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { collections, SaleSchema, saleProofSummary, type Sale } from '../../src/domain/index.js';
import type { ResolvedDeps } from '../app.js';
import { RateLimitedError } from '../http/rate-limit.js';
import { defineRoute, rateLimited, type ResponseDoc } from '../http/route.js';
import { pageLanguage } from '../pickup/customer-page/language.js';
import { customerFirstName } from '../customers/receipt-name.js';
import { receiptPageCss, renderReceiptNotFoundPage, renderReceiptPage } from './page.js';
import { signServerProof } from '../proof/server-keys.js';

/**
 * The customer's digital receipt, answered by the server itself (never the PWA's shell):
 *   GET /receipts/{saleId}          the receipt of a sale the server accepted (HTML, the store's language)
 *   GET /receipts/assets/page.css   its style sheet
 * No sign-in: the sale's id (a UUIDv7 with 74 random bits, on the customer's receipt as a QR code) opens it; the
 * returns issue signs the link. A sale unknown, malformed or not accepted gets the same 404 page. Rate limited per IP
 * with the other customer pages.
 */
const SaleParams = z.object({ saleId: z.string().describe("the sale's id, from the receipt's QR code or the receipt mail") });
const html = (description: string): ResponseDoc => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });

/** Its own style sheet and an inline SVG: nothing else may load, run or frame it. */
const RECEIPT_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PRIVATE = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' };

export function receiptPageRoutes(deps: ResolvedDeps): Hono {
  const routes = new Hono();

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/receipts/assets/page.css',
      operationId: 'receiptPageStyles',
      summary: "The digital receipt's style sheet",
      tags: ['receipt page'],
      auth: 'public',
      responses: { 200: { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } } },
    },
    (c) => c.body(receiptPageCss().text, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }),
  );

  defineRoute(
    routes,
    {
      method: 'get',
      path: '/receipts/:saleId',
      operationId: 'receiptPage',
      summary: "The customer's digital receipt",
      description:
        "The sale as the server accepted it: receipt number, store, date, lines with their promotions and discounts, tax by rate, tenders, the CPF masked but its last two digits, and a QR code identifying the sale. In the store's language.",
      tags: ['receipt page'],
      auth: 'public',
      params: SaleParams,
      responses: {
        200: html('the receipt'),
        404: html('no accepted sale has this id (unknown, malformed or not accepted): the same page for each'),
        429: rateLimited('RATE_LIMITED: too many requests from this address'),
      },
    },
    async (c, { params }) => {
      const perIp = await deps.rateLimiters.pickupPerIp.hit(deps.clientIp(c));
      if (!perIp.allowed) throw new RateLimitedError(perIp.retryAfterSeconds, 'requests from this address');
      const sale = await acceptedSale(deps, params.saleId);
      const store = sale && (await deps.store.getStore(sale.storeId));
      if (!sale || !store) return receiptNotFoundPage(c);
      const page = await renderReceiptPage({
        sale,
        store,
        associate: await firstNameOf(deps, sale.associateId),
        customer: await customerFirstName(deps.store, sale.customerId),
        promotionNames: await promotionNames(deps, sale),
        publicUrl: deps.publicUrl,
        // Signed here by the server that accepted the sale (the till's own signature stays on the paper receipt).
        proofText: await signServerProof(deps.store, saleProofSummary(sale), deps.clock),
      });
      return c.html(page.html, 200, { ...PRIVATE, 'Content-Security-Policy': RECEIPT_PAGE_CSP, 'Content-Language': page.lang });
    },
  );

  return routes;
}

/** The 404 page, in the phone's language (no store is known): it says nothing of any sale. */
export function receiptNotFoundPage(c: Context) {
  return c.html(renderReceiptNotFoundPage(pageLanguage(c.req.header('Accept-Language'), undefined)), 404, {
    ...PRIVATE,
    'Content-Security-Policy': RECEIPT_PAGE_CSP,
    Vary: 'Accept-Language',
  });
}

/** The sale as stored (normalised from an older version), only when the server accepted it. */
async function acceptedSale(deps: ResolvedDeps, saleId: string): Promise<Sale | undefined> {
  if (saleId.length > 64) return undefined;
  const doc = await deps.store.getDocument('sales', saleId);
  if (!doc || doc.deleted) return undefined;
  const body = JSON.parse(doc.body) as Record<string, unknown>;
  const current = SaleSchema.safeParse(body).success
    ? body
    : collections.sales.legacy.reduce(
        (d, legacy) => (legacy.schema.safeParse(d).success ? (legacy.upgrade(d as never) as Record<string, unknown>) : d),
        body,
      );
  const parsed = SaleSchema.safeParse(current);
  return parsed.success && parsed.data.outcome?.status === 'accepted' ? parsed.data : undefined;
}

/** Who served, as the customer knows them: the first name only. */
async function firstNameOf(deps: ResolvedDeps, staffId: string): Promise<string | null> {
  const doc = await deps.store.getDocument('staff', staffId);
  const name = doc ? (JSON.parse(doc.body) as { name?: string }).name : undefined;
  return name?.trim().split(/\s+/)[0] ?? null;
}

/** The names of the promotions on the sale's lines, from the promotions the server holds. */
async function promotionNames(deps: ResolvedDeps, sale: Sale): Promise<Map<string, string>> {
  const ids = [...new Set(sale.lines.flatMap((l) => l.discounts.flatMap((d) => (d.source === 'promotion' ? [d.promotionId] : []))))];
  if (ids.length === 0) return new Map();
  const docs = await deps.store.getDocuments('promotions', ids);
  return new Map(
    docs.flatMap((d) => {
      const body = JSON.parse(d.body) as { id?: string; name?: string };
      return body.id && body.name ? [[body.id, body.name] as const] : [];
    }),
  );
}

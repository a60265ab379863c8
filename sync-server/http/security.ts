import type { MiddlewareHandler } from 'hono';

/**
 * The policy the PWA runs under (checked in Chromium by tests/e2e/content-security-policy.test.ts): every script,
 * style, worker and request comes from this origin; nothing inline, no eval, no framing. Preact sets `style`
 * through the CSSOM, which style-src does not govern; icons may be data: or blob: URLs. 'wasm-unsafe-eval' lets the
 * camera's barcode decoder compile its WebAssembly (served from this origin), and allows no JavaScript eval.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data, never a document: should one ever be rendered, it may load and run nothing. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every answer: no MIME sniffing (a JSON or text answer is never run as script or HTML), no framing
 * (clickjacking a till), no referrer leaving the app. The Content-Security-Policy is the API's unless a route (the
 * static app) set its own.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'no-referrer');
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
};

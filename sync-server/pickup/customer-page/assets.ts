import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The page's script and style sheet, files beside this module served by the server itself (no build step: the page
 * is small and must work without the PWA's bundle). Their URLs carry a hash of their content, so a phone caches them
 * for a day and still gets a new version at once.
 */
export interface PageAssets {
  jsUrl: string;
  cssUrl: string;
  js: string;
  css: string;
}

let loaded: PageAssets | undefined;

export function pageAssets(): PageAssets {
  if (loaded) return loaded;
  const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
  const version = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 12);
  const js = read('./page.js');
  const css = read('./page.css');
  loaded = { js, css, jsUrl: `/pickup/assets/page.js?v=${version(js)}`, cssUrl: `/pickup/assets/page.css?v=${version(css)}` };
  return loaded;
}

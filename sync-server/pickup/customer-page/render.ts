import { renderNotFoundPage as renderPlainNotFoundPage } from '../../http/not-found-page.js';
import QRCode from 'qrcode';
import { translate, type Language, type MessageKey } from '../../../src/app/i18n/every-language.js';
import type { Store } from '../../../src/domain/index.js';
import type { PickupPageState } from '../../../src/domain/pickup/customer-page.js';
import { escapeHtml } from '../escape-html.js';
import type { PageAssets } from './assets.js';

/**
 * The customer's pickup page, rendered by the server so it shows the order's state at once on any phone, with
 * JavaScript only for what needs it (live state, "I'm here", the geofence). Everything the page loads comes from
 * this origin (its CSP allows scripts, styles and requests from 'self' only), but for the store's picture.
 */

/** The strings page.js shows as the state changes, in the page's language. */
const SCRIPT_MESSAGES: readonly MessageKey[] = [
  'pickupPage.stage.received',
  'pickupPage.stage.preparing',
  'pickupPage.stage.ready',
  'pickupPage.stage.waiting',
  'pickupPage.stage.collected',
  'pickupPage.stage.cancelled',
  'pickupPage.stage.expired',
  'pickupPage.arrived',
  'pickupPage.arrivedEarly',
  'pickupPage.sending',
  'pickupPage.offline',
  'pickupPage.tooMany',
  'pickupPage.closed',
  'pickupPage.geoWatching',
  'pickupPage.geoDenied',
  'pickupPage.updated',
];

/** An instant as the store's clock shows it; the ISO text when the store's time zone is not one Intl knows. */
function formatInstant(iso: string, lang: Language, timeZone: string | undefined, style: Intl.DateTimeFormatOptions): string {
  try {
    return new Intl.DateTimeFormat(lang, { ...style, ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return iso;
  }
}

const TIME: Intl.DateTimeFormatOptions = { timeStyle: 'short' };
const DAY_AND_TIME: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };

/** The arrival line under "I'm here" once the customer checked in. */
export function arrivalText(state: PickupPageState, lang: Language, timeZone: string | undefined): string {
  if (!state.arrival) return '';
  const key = state.stage === 'received' || state.stage === 'preparing' ? 'pickupPage.arrivedEarly' : 'pickupPage.arrived';
  return translate(lang, key, { time: formatInstant(state.arrival.at, lang, timeZone, TIME) });
}

export async function renderPickupPage(input: {
  token: string;
  state: PickupPageState;
  store: Store;
  lang: Language;
  assets: PageAssets;
  /** The order's proof of purchase signed by the server: a QR any store verifies offline for a return. */
  proofText?: string | null;
}): Promise<string> {
  const { token, state, store, lang, assets } = input;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate(lang, key, params));
  const messages = Object.fromEntries(SCRIPT_MESSAGES.map((key) => [key, translate(lang, key)]));
  const qr = state.qrText ? await QRCode.toString(state.qrText, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) : '';
  const geofence = store.pickupGeofenceMeters && store.coordinates ? store.pickupGeofenceMeters : null;
  const instructions = store.pickupInstructions;
  const curbside = state.mode === 'curbside';
  const closed = ['collected', 'cancelled', 'expired'].includes(state.stage);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light">
<title>${t('pickupPage.title', { number: state.number })} · ${escapeHtml(store.name)}</title>
<link rel="stylesheet" href="${assets.cssUrl}">
<script type="module" src="${assets.jsUrl}"></script>
</head>
<body>
<main id="pickup" data-token="${escapeHtml(token)}" data-lang="${lang}" data-time-zone="${escapeHtml(store.timeZone ?? '')}" data-stage="${state.stage}"${
    geofence ? ` data-geofence-meters="${geofence}" data-lat="${store.coordinates!.lat}" data-lon="${store.coordinates!.lon}"` : ''
  }>
<header class="masthead">
<p class="store">${t('pickupPage.store', { store: store.name })}</p>
<h1>${t('pickupPage.title', { number: state.number })}</h1>
<p class="greeting">${t('pickupPage.greeting', { name: state.firstName })}</p>
</header>
<section class="status" aria-live="polite">
<p id="stage" class="stage stage-${state.stage}">${t(`pickupPage.stage.${state.stage}`)}</p>
<p class="promised">${t('pickupPage.promised', { time: formatInstant(state.promisedAt, lang, store.timeZone, DAY_AND_TIME) })}</p>
<p class="mode">${t(curbside ? 'pickupPage.mode.curbside' : 'pickupPage.mode.counter')}</p>
</section>
<section id="code" class="code"${closed ? ' hidden' : ''}>
<h2>${t('pickupPage.code')}</h2>
${
  state.code
    ? `<p class="digits" aria-label="${escapeHtml(state.code.split('').join(' '))}">${escapeHtml(`${state.code.slice(0, 3)} ${state.code.slice(3)}`)}</p>
<figure class="qr" role="img" aria-label="${t('pickupPage.qrAlt')}">${qr}</figure>
<p class="help">${t('pickupPage.codeHelp')}</p>`
    : `<p class="help">${t('pickupPage.codeLater')}</p>`
}
</section>
<section id="arrival" class="arrival"${closed ? ' hidden' : ''}>
<form id="arrival-form"${state.canArrive ? '' : ' hidden'}>
${
  curbside
    ? `<label for="note">${t('pickupPage.noteLabel')}</label>
<input id="note" name="note" maxlength="120" autocomplete="off" enterkeyhint="send" placeholder="${t('pickupPage.notePlaceholder')}">`
    : ''
}
<button id="here" type="submit" class="primary">${t(curbside ? 'pickupPage.here' : 'pickupPage.hereCounter')}</button>
${geofence ? `<label class="geofence" hidden><input id="geofence" type="checkbox"> <span>${t('pickupPage.geoOffer')}</span></label>` : ''}
</form>
<p id="arrival-status" class="arrival-status" role="status">${escapeHtml(arrivalText(state, lang, store.timeZone))}</p>
</section>
${
  instructions
    ? `<section class="instructions">
<h2>${t('pickupPage.instructions')}</h2>
<p>${escapeHtml(instructions.text)}</p>
${instructions.imageUrl ? `<img src="${escapeHtml(instructions.imageUrl)}" alt="${t('pickupPage.instructionsImageAlt', { store: store.name })}" loading="lazy" referrerpolicy="no-referrer">` : ''}
</section>`
    : ''
}
${input.proofText ? await proofSection(input.proofText, t, state.number) : ''}
<p id="updated" class="updated"></p>
<script type="application/json" id="messages">${JSON.stringify(messages).replace(/</g, '\\u003c')}</script>
</main>
</body>
</html>
`;
}

/** The proof's QR only: its text holds amounts and tenders, which the page itself never shows in words. */
async function proofSection(text: string, t: (key: MessageKey, params?: Record<string, string | number>) => string, number: string): Promise<string> {
  const qr = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'L' });
  return `<section id="proof" class="code proof">
<h2>${t('proof.title')}</h2>
<figure class="qr" role="img" aria-label="${t('proof.qrLabel', { number })}">${qr}</figure>
<p class="help">${t('proof.orderCaption')}</p>
</section>`;
}

/** One answer for every link that opens nothing (unknown, malformed or expired): the same bytes, no hint which. */
export function renderNotFoundPage(lang: Language, assets: PageAssets): string {
  return renderPlainNotFoundPage({
    lang,
    title: translate(lang, 'pickupPage.notFoundTitle'),
    message: translate(lang, 'pickupPage.notFound'),
    cssUrl: assets.cssUrl,
  });
}

// The customer's pickup page (rendered by routes.ts): keeps the order's state live, sends "I'm here", and, when the
// customer lets it use their location, checks them in by itself near the store. Plain JavaScript, no build step;
// everything it fetches is on this origin (the page's CSP allows nothing else). Strings come from the page, in its
// language (the #messages block).

const POLL_MS = 5000;
const CLOSED = ['collected', 'cancelled', 'expired'];

const root = document.getElementById('pickup');
if (root) start(root);

function start(root) {
  const base = `/pickup/${encodeURIComponent(root.dataset.token)}`;
  const lang = root.dataset.lang;
  const timeZone = root.dataset.timeZone || undefined;
  const messages = JSON.parse(document.getElementById('messages').textContent);
  const el = (id) => document.getElementById(id);
  const stage = el('stage');
  const form = el('arrival-form');
  const note = el('note');
  const here = el('here');
  const status = el('arrival-status');
  const updated = el('updated');

  const text = (key, params = {}) => (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  const time = (at) => new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone }).format(new Date(at));

  let timer;
  let ended = false;

  function show(state) {
    // The pickup code was just issued: load the page again, which carries it and its QR code.
    if (state.code && !root.querySelector('.digits')) return location.reload();
    root.dataset.stage = state.stage;
    stage.textContent = text(`pickupPage.stage.${state.stage}`);
    stage.className = `stage stage-${state.stage}`;
    const closed = CLOSED.includes(state.stage);
    el('code').hidden = closed;
    el('arrival').hidden = closed;
    form.hidden = !state.canArrive;
    if (!state.canArrive) geofence.stop();
    if (state.arrival) {
      const early = state.stage === 'received' || state.stage === 'preparing';
      status.textContent = text(early ? 'pickupPage.arrivedEarly' : 'pickupPage.arrived', { time: time(state.arrival.at) });
    }
    updated.textContent = text('pickupPage.updated', { time: time(Date.now()) });
  }

  /** The link stopped opening the order (it closed a while ago): say so and stop asking. */
  function end() {
    ended = true;
    clearTimeout(timer);
    geofence.stop();
    stage.textContent = text('pickupPage.closed');
    el('code').hidden = true;
    el('arrival').hidden = true;
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const res = await fetch(`${base}/state`, { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (res.status === 404) return end();
      if (res.ok) show(await res.json());
    } catch {
      // No connection: keep showing the last state and try again.
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (!ended && !document.hidden) timer = setTimeout(refresh, POLL_MS);
  }

  document.addEventListener('visibilitychange', () => (document.hidden ? clearTimeout(timer) : refresh()));

  let sending = false;
  async function arrive(source) {
    if (sending) return;
    sending = true;
    here.disabled = true;
    status.textContent = text('pickupPage.sending');
    try {
      const res = await fetch(`${base}/arrival`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ note: note ? note.value : '', source }),
      });
      if (res.ok) show(await res.json());
      else if (res.status === 404) end();
      else if (res.status === 429) status.textContent = text('pickupPage.tooMany');
      else await refresh(); // refused (the order moved on meanwhile): show it as it is now
    } catch {
      status.textContent = text('pickupPage.offline');
    } finally {
      sending = false;
      here.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void arrive('button');
  });

  const geofence = watchGeofence(root, {
    onNear: () => void arrive('geofence'),
    onWatching: (meters) => (status.textContent = text('pickupPage.geoWatching', { meters })),
    onDenied: () => (status.textContent = text('pickupPage.geoDenied')),
  });

  schedule();
}

/**
 * Checks the customer in by itself once the phone is within the store's distance: only while the box is ticked
 * (the customer's consent) and the page is open; one check-in, then it stops watching.
 */
function watchGeofence(root, { onNear, onWatching, onDenied }) {
  const meters = Number(root.dataset.geofenceMeters);
  const store = { lat: Number(root.dataset.lat), lon: Number(root.dataset.lon) };
  const label = root.querySelector('.geofence');
  const box = document.getElementById('geofence');
  let watch = null;
  const stop = () => {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
  };
  if (!label || !box || !(meters > 0) || !('geolocation' in navigator)) return { stop };
  label.hidden = false;
  box.addEventListener('change', () => {
    if (!box.checked) return stop();
    onWatching(meters);
    watch = navigator.geolocation.watchPosition(
      (position) => {
        if (distanceMeters(position.coords.latitude, position.coords.longitude, store.lat, store.lon) > meters) return;
        stop();
        box.checked = false;
        onNear();
      },
      (error) => {
        // A slow or lost fix is retried by the watch itself; only a refusal ends it.
        if (error.code !== error.PERMISSION_DENIED) return;
        stop();
        box.checked = false;
        onDenied();
      },
      { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 },
    );
  });
  return { stop };
}

/** Great-circle distance (haversine) in metres between two WGS 84 points. */
function distanceMeters(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

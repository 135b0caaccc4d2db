// @ts-check
// Service worker, registered after the first verdict. It fills its cache from the browser's
// HTTP cache (the page has just loaded every file of the shell), so installing downloads nothing
// again; the camera decoder (zxing-wasm) and other immutable files are cached when first used.
// Trust data (trust/*) is never cached here: the worker keeps only what the core verified.
// tools/build_site.mjs fills in the two constants below (version = hash of the site's files).
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const kVersion = '__TRACESEAL_VERSION__';
/** @type {string[]} */
const kShell = /** @type {any} */ ('__TRACESEAL_SHELL__');
const kAppCache = `traceseal-app-${kVersion}`;
const kScope = sw.registration.scope;
const kTrustPrefix = new URL('trust/', kScope).href;
const kIndex = new URL('index.html', kScope).href;
const kImmutable = [new URL('vendor/', kScope).href, new URL('core-', kScope).href];

// The page's own navigation response is index.html under another URL (a label URL): take it from
// the HTTP cache without touching the network ('only-if-cached'), so the token is not sent again.
async function indexFromHttpCache() {
  for (const client of await sw.clients.matchAll({ includeUncontrolled: true, type: 'window' })) {
    try {
      const r = await fetch(client.url, { cache: 'only-if-cached', mode: 'same-origin' });
      if (r.ok && (r.headers.get('Content-Type') || '').startsWith('text/html')) return r;
    } catch { /* not in the HTTP cache */ }
  }
  return fetch(kIndex, { cache: 'force-cache' });
}

sw.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(kAppCache);
    await cache.put(kIndex, await indexFromHttpCache());
    for (const path of kShell) {
      const url = new URL(path, kScope).href;
      if (url === kIndex) continue;
      const r = await fetch(url, { cache: 'force-cache' });  // HTTP cache first, network if absent
      if (r.ok) await cache.put(url, r);
    }
    await sw.skipWaiting();
  })());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('traceseal-app-') && name !== kAppCache) await caches.delete(name);
    }
    await sw.clients.claim();
  })());
});

// Navigations (the label URL /C/<token>, /?code=...) are answered from the cache, so once the
// app is installed opening a label sends nothing, not even the token, to the network.
/** @type {Promise<Cache> | null} */
let appCache = null;
const openApp = () => (appCache = appCache || caches.open(kAppCache));

async function navigate(/** @type {Request} */ request) {
  const cached = await (await openApp()).match(kIndex);
  return cached || fetch(request);
}

// Our files are requested without a query string: an exact match in our own cache is enough.
async function cacheFirst(/** @type {Request} */ request) {
  const cache = await openApp();
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && kImmutable.some((p) => request.url.startsWith(p))) {
    const copy = response.clone();
    cache.put(request, copy).catch(() => {});
  }
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(kScope)) return;
  if (request.url.startsWith(kTrustPrefix)) return;  // straight to the network; the worker decides
  const last = new URL(request.url).pathname.split('/').pop() || '';
  // Token characters (FORMAT.md §3.2) contain no '.', so a dotted name is a file, not a label.
  if (request.mode === 'navigate' && !last.includes('.')) event.respondWith(navigate(request));
  else event.respondWith(cacheFirst(request));
});

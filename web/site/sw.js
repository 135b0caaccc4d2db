// Service worker: after one visit the app, both WASM modules and the trust data work offline.
// tools/build_site.mjs fills in the two constants below (version = hash of the cached files).
const kVersion = '__TRACESEAL_VERSION__';
const kPrecache = __TRACESEAL_PRECACHE__;
const kAppCache = `traceseal-app-${kVersion}`;
const kTrustPrefix = new URL('trust/', self.registration.scope).href;
const kIndex = new URL('index.html', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(kAppCache);
    await cache.addAll(kPrecache.map((p) => new Request(new URL(p, self.registration.scope), { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('traceseal-app-') && name !== kAppCache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Navigations (the label URL /C/<token>, /?code=...) are answered from the cache, so once the
// app is installed opening a label sends nothing, not even the token, to the network.
async function navigate(request) {
  const cached = await caches.match(kIndex);
  return cached || fetch(request);
}

// Trust data: network first (to pick up a new list), the cached copy when offline. The worker
// decides whether a fetched list may replace the one it holds.
async function networkFirst(request) {
  const cache = await caches.open(kAppCache);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok) await cache.put(request.url.split('?')[0], response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(request.url.split('?')[0]);
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  const last = new URL(request.url).pathname.split('/').pop();
  // Token characters (FORMAT.md §3.2) contain no '.', so a dotted name is a file, not a label.
  if (request.mode === 'navigate' && !last.includes('.')) event.respondWith(navigate(request));
  else if (request.url.startsWith(kTrustPrefix)) event.respondWith(networkFirst(request));
  else event.respondWith(cacheFirst(request));
});

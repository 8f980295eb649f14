// openkp's service worker, served at /sw.js (plain JavaScript, embedded by the server as it is):
// after one visit the page opens without a network, so that a paper certificate's QR code can
// be verified offline (web/src/scan.ts). It answers the page (/) and the trust material the page
// keeps (/v1/keys, /v1/log/vkey) from the network when it can, else from its cache; every other
// request goes to the network untouched.
const CACHE = 'openkp-offline-v1';
const KEPT = ['/', '/v1/keys', '/v1/log/vkey'];
// What the cache answers carries the time it was fetched (web/src/trust.ts reads it).
const CACHED_AT = 'X-Openkp-Cached-At';

async function store(cache, path, response) {
  const headers = new Headers(response.headers);
  headers.set(CACHED_AT, new Date().toISOString());
  const body = await response.arrayBuffer();
  await cache.put(
    path,
    new Response(body, { status: response.status, statusText: response.statusText, headers }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        KEPT.map(async (path) => {
          try {
            const response = await fetch(path, { cache: 'no-cache' });
            if (response.ok) await store(cache, path, response);
          } catch {
            // offline while installing: cached on the next answer from the network
          }
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (!KEPT.includes(url.pathname)) return;
  // The page with a query is still the page; a part of the keyring (?participant=) is not kept.
  if (url.pathname !== '/' && url.search !== '') return;
  const path = url.pathname;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.ok) event.waitUntil(store(cache, path, response.clone()));
        return response;
      } catch (error) {
        const cached = await cache.match(path);
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});

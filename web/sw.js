// openkp's service worker, served at /sw.js (plain JavaScript, embedded by the server as it is):
// after one visit the page opens without a network, so that a paper certificate's QR code can
// be verified offline (web/src/scan.ts). It answers the page (/) and the trust material the page
// keeps (/v1/keys, /v1/log/vkey) from the network when it can, else from its cache; the page's
// script and styles (/assets/NAME: hashed names, never changed) from its cache first, kept with
// each version of the page; every other request goes to the network untouched.
const CACHE = 'openkp-offline-v1';
const KEPT = ['/', '/v1/keys', '/v1/log/vkey'];
// What the cache answers carries the time it was fetched (web/src/trust.ts reads it).
const CACHED_AT = 'X-Openkp-Cached-At';

// The assets a version of the page loads, cached beside it (they are not requested through the
// worker on the first visit, which it does not control yet).
async function keepAssets(cache, html) {
  const names = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await Promise.all(
    names.map(async (path) => {
      if (await cache.match(path)) return;
      const response = await fetch(path);
      if (response.ok) await cache.put(path, response);
    }),
  );
  // The chunks its scripts import later ("./NAME.js" in Vite's output: the map, the report
  // form): kept once fetched, since the page needs them offline too.
  const kept = new Set(names);
  for (let i = 0; i < names.length; ++i) {
    if (!names[i].endsWith('.js')) continue;
    const script = await cache.match(names[i]);
    if (!script) continue;
    for (const m of (await script.text()).matchAll(/["'](?:\.\/|\/?assets\/)([\w.-]+\.(?:js|css))["']/g)) {
      const path = `/assets/${m[1]}`;
      if (!kept.has(path)) {
        kept.add(path);
        names.push(path);
      }
    }
  }
  // An older version's assets go.
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !kept.has(path)) await cache.delete(request);
  }
}

async function store(cache, path, response) {
  const headers = new Headers(response.headers);
  headers.set(CACHED_AT, new Date().toISOString());
  const body = await response.arrayBuffer();
  if (path === '/') {
    try {
      await keepAssets(cache, new TextDecoder().decode(body));
    } catch {
      // offline halfway: the page's next answer from the network tries again
    }
  }
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
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        const cached = await cache.match(url.pathname);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) event.waitUntil(cache.put(url.pathname, response.clone()));
        return response;
      })(),
    );
    return;
  }
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

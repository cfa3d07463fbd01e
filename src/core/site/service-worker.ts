/**
 * The site's service worker, so that PostgreSQL's files (PGlite's wasm and data, the data
 * directory; Python's runtime and wheels under `_vault/python/` when present) are fetched
 * once per build, not once per page: a second page starts its database without network,
 * and a page visited once opens and runs offline.
 *
 * - Vite's `_astro/` files (names carry their content hash), `_vault/pglite/`,
 *   `_vault/python/` and `_vault/elk/` (the diagrams' layout engine) are served from the
 *   cache first, and cached as they are fetched.
 * - Pages (navigations) go to the network first: a page is never stale while online; the
 *   copy kept of each visited page is served only when the network fails.
 * - Everything else (search index, images, attachments) is left to the browser.
 *
 * The cache is named after the build's version (a hash of the output's file names and sizes,
 * src/shell/service-worker-file.ts), written into the worker's source: a rebuilt site whose files differ
 * has a different worker, which the browser installs on the next visit; it takes over at
 * once and deletes the older caches. The worker's scope is the site's base path. The page
 * (src/scripts/service-worker-client.ts) hands it the files the page loaded before it was in
 * control, so the first visit is kept too.
 */

/** Its URL path below the base (a worker's scope cannot be above its own folder). */
export const SERVICE_WORKER_FILE = 'sw.js';

/** The worker's source for a build of `version`. */
export function serviceWorkerSource(version: string): string {
  return `// vault-kb's service worker (src/core/site/service-worker.ts), build ${version}.
const VERSION = ${JSON.stringify(version)};
const PREFIX = 'vault-kb-';
const CACHE = PREFIX + VERSION;
const scope = new URL(self.registration.scope);
const below = (url) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
const kept = (url) => below(url) && /^(?:_astro\\/|_vault\\/pglite\\/|_vault\\/python\\/|_vault\\/elk\\/)/.test(url.pathname.slice(scope.pathname.length));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate' && below(url)) event.respondWith(fromNetworkFirst(request));
  else if (kept(url)) event.respondWith(fromCacheFirst(request));
});

// The page's own files, loaded before this worker was in control: kept as if fetched here.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type === 'version') event.source?.postMessage({ type: 'version', version: VERSION });
  if (data?.type !== 'keep' || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const href of data.urls) {
      const url = new URL(href, scope);
      const page = url.href === new URL(data.page, scope).href;
      if (!(page ? below(url) : kept(url)) || (await cache.match(url.href, { ignoreSearch: true }))) continue;
      try {
        const response = await fetch(url.href, { cache: page ? 'no-cache' : 'default' });
        if (response.ok) await cache.put(url.href, response);
      } catch {}
    }
  })());
});
`;
}

/**
 * Registers the site's service worker (src/core/site/service-worker.ts) in a built site,
 * with the base path as its scope, and hands it the files this page loaded before the worker
 * controlled it (the first visit's page, scripts, styles and any PostgreSQL files), at once and
 * again when the worker takes control, so that page opens and runs offline too. After a
 * client-side navigation the new page is handed over again.
 * Not in `astro dev`: the dev server's files change under one URL.
 */
const WORKER_FILE = 'sw.js';

function keep(worker: ServiceWorker): void {
  const resources = performance.getEntriesByType('resource').map((entry) => entry.name);
  worker.postMessage({ type: 'keep', page: location.href, urls: [location.href, ...resources.filter((url) => url.startsWith(location.origin))] });
}

export function setupServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const base = document.documentElement.dataset.base ?? '/';
  navigator.serviceWorker.register(`${base}${WORKER_FILE}`, { scope: base }).then(
    () => navigator.serviceWorker.ready.then((registration) => registration.active && keep(registration.active)),
    () => undefined,
  );
  // What the page loaded between the registration and the worker's claim (a prewarm's
  // modules, say) went to the network; handed over now, so the page opens and runs offline.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    const worker = navigator.serviceWorker.controller;
    if (worker) keep(worker);
  });
  document.addEventListener('astro:page-load', () => {
    const worker = navigator.serviceWorker.controller;
    if (worker) keep(worker);
  });
}

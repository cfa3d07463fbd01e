/**
 * A module loaded on demand that can be loaded again after it failed. Chromium keeps a failed
 * `import()` failed for the page's life, by the HTML standard as it stood (whatwg/html#6768;
 * Firefox and Safari now fetch again): offline, a module the service worker does not keep
 * fails, and online again it would fail still, until a reload. So the next call imports the
 * module under a new URL (`?retry=…`), read from Chromium's message; where the message names
 * no module, the next call simply imports again. Once loaded, the module is kept.
 *
 * Written here rather than taken from @fatso83/retry-dynamic-import, which does the same: its
 * unused strategies and log messages cost about 600 bytes gzip on every page with SQL blocks
 * (the heaviest then passed the 60 KB budget), and it retries at once with a back-off, which
 * only delays the "could not download" a reader offline should see.
 */
const CHROMIUM_FAILURE = 'Failed to fetch dynamically imported module: ';

/** The failed module's URL, where the message is Chromium's. */
export function failedModuleUrl(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  const at = message.indexOf(CHROMIUM_FAILURE);
  return at < 0 ? undefined : message.slice(at + CHROMIUM_FAILURE.length).trim() || undefined;
}

/** `load` (an `() => import(…)` of one module), kept once loaded, tried again after a failure. */
export function importAgain<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  let failedUrl: string | undefined;
  let tries = 0;
  return () =>
    (loaded ??= (failedUrl ? (import(/* @vite-ignore */ `${failedUrl}?retry=${++tries}`) as Promise<T>) : load()).catch((error: unknown) => {
      loaded = undefined;
      failedUrl ??= failedModuleUrl(error);
      throw error;
    }));
}

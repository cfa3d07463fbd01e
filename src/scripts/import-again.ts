/**
 * A module loaded on demand that can be loaded again after it failed. Chromium keeps a failed
 * `import()` failed for the page's life, by the HTML standard as it stood (whatwg/html#6768;
 * Firefox and Safari now fetch again): offline, a module the service worker does not keep
 * fails, and online again it would fail still, until a reload. `@fatso83/retry-dynamic-import`
 * then imports the module under a new URL (`?t=…`), read from Chromium's message; where the
 * message names no module, the failure stands and the next call simply imports again.
 * Once loaded, the module is kept, so that new URL is asked for once, not at every call.
 */
import { createDynamicImportWithRetry } from '@fatso83/retry-dynamic-import';

const CHROMIUM_FAILURE = 'Failed to fetch dynamically imported module: ';

/** The failed module's URL, where the message is Chromium's. */
export function failedModuleUrl(error: Error): string | null {
  const at = error.message.indexOf(CHROMIUM_FAILURE);
  return at < 0 ? null : error.message.slice(at + CHROMIUM_FAILURE.length).trim() || null;
}

/** One try under a new URL: offline it fails too, and the run ends with the download problem. */
const importRetrying = createDynamicImportWithRetry(1, { strategy: failedModuleUrl });

/** `load` (an `() => import(…)` of one module), kept once loaded, tried again after a failure. */
export function importAgain<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= importRetrying(load).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

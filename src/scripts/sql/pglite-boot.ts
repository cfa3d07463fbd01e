/**
 * Starting PGlite in a worker: PostgreSQL's files downloaded once per worker (progress
 * reported to the page), and a database booted from the prebuilt data directory (no initdb
 * in the browser). The SQL runner's worker and the isolation lab's worker both start theirs so.
 */
import { PGlite } from '@electric-sql/pglite';
// Vite copies these into the build (and serves them in dev) under the site's base path.
import wasmUrl from '@electric-sql/pglite/pglite.wasm?url';
import fsBundleUrl from '@electric-sql/pglite/pglite.data?url';
import { SERVER_SETTINGS } from '../../core/sql/server-settings.ts';
import { downloadAssets, DownloadError, NoWasmError } from './download.ts';
import { StreamedDataDir } from './streamed-data-dir.ts';
import type { Problem } from '../db/messages.ts';
import type { Assets, FromWorker } from './messages.ts';

type LoadMessage = Extract<FromWorker, { type: 'progress' | 'wasm-mime' | 'assets' }>;

/**
 * The assets, downloaded on the first call (or handed over by the page, `known`); a failed
 * download is tried again on the next call.
 */
export function assetLoader(dataDirUrl: () => string, post: (message: LoadMessage) => void): { load(): Promise<Assets>; known(assets: Assets): void } {
  let assets: Promise<Assets> | undefined;
  return {
    load() {
      assets ??= downloadAssets(
        { wasm: wasmUrl, fsBundle: fsBundleUrl, dataDir: dataDirUrl() },
        {
          progress: (loaded, total) => post({ type: 'progress', loaded, total }),
          wasmMime: (contentType) => post({ type: 'wasm-mime', contentType }),
        },
      ).then((loaded) => {
        post({ type: 'assets', assets: loaded });
        return loaded;
      });
      assets.catch(() => (assets = undefined));
      return assets;
    },
    known(given) {
      assets = Promise.resolve(given);
    },
  };
}

/**
 * PGlite prefetches initdb.wasm unless it is handed a module for it; a database loaded
 * from a data directory never runs initdb, so the smallest valid module stands in.
 */
const unusedInitdb = () => new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

export function bootPglite({ module, fsBundle, dataDir }: Assets): Promise<PGlite> {
  return PGlite.create({
    pgliteWasmModule: module,
    fsBundle,
    // Not `loadDataDir`: its loader keeps whole copies of the archive (streamed-data-dir.ts).
    fs: new StreamedDataDir(dataDir),
    initdbWasmModule: unusedInitdb(),
    startParams: [...PGlite.defaultStartParams, ...SERVER_SETTINGS],
  });
}

/** Why PostgreSQL could not run, for the page to word. */
export function problemOf(error: unknown): Problem {
  if (error instanceof NoWasmError) return { kind: 'no-wasm' };
  const message = error instanceof Error ? error.message : String(error);
  // PGlite aborting (a WebAssembly trap) or the worker failing to allocate: a value past the
  // heap. The page restarts the database; the reader should know why.
  const detail = error instanceof RangeError || error instanceof WebAssembly.RuntimeError ? `out of memory: ${message}` : message;
  return error instanceof DownloadError ? { kind: 'download', detail } : { kind: 'engine', detail };
}

/**
 * The page's PostgreSQL, in a module Web Worker so a long query never freezes the page:
 * one PGlite database per `db=` name, each booted from the prebuilt data directory (no
 * initdb in the browser), all in memory, gone with the page. Runs blocks the way
 * `npm run check` does (src/core/sql/session.ts). The page stops a runaway query by
 * terminating this worker: PGlite's statement_timeout never fires.
 */
import { PGlite } from '@electric-sql/pglite';
// Vite copies these into the build (and serves them in dev) under the site's base path.
import wasmUrl from '@electric-sql/pglite/pglite.wasm?url';
import fsBundleUrl from '@electric-sql/pglite/pglite.data?url';
import { runBlock, TypeNames } from '../../core/sql/session.ts';
import { downloadAssets, DownloadError, NoWasmError } from './download.ts';
import type { Assets, FromWorker, Problem, ToWorker } from './messages.ts';
import { TABLE_VIEW_ROWS, tableRowsSql } from './views/table-rows.ts';

interface Database {
  pg: PGlite;
  types: TypeNames;
}

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker) => scope.postMessage(message);

let dataDirUrl = '';
let assets: Promise<Assets> | undefined;
const databases = new Map<string, Promise<Database>>();

function loadAssets(): Promise<Assets> {
  assets ??= downloadAssets(
    { wasm: wasmUrl, fsBundle: fsBundleUrl, dataDir: dataDirUrl },
    {
      progress: (loaded, total) => post({ type: 'progress', loaded, total }),
      wasmMime: (contentType) => post({ type: 'wasm-mime', contentType }),
    },
  ).then((loaded) => {
    post({ type: 'assets', assets: loaded });
    return loaded;
  });
  // A failed download is tried again on the next run.
  assets.catch(() => (assets = undefined));
  return assets;
}

/**
 * PGlite prefetches initdb.wasm unless it is handed a module for it; a database loaded
 * from a data directory never runs initdb, so the smallest valid module stands in.
 */
const unusedInitdb = () => new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

function database(db: string): Promise<Database> {
  let pending = databases.get(db);
  if (!pending) {
    pending = (async () => {
      const { module, fsBundle, dataDir } = await loadAssets();
      post({ type: 'starting' });
      const pg = await PGlite.create({ pgliteWasmModule: module, fsBundle, loadDataDir: dataDir, initdbWasmModule: unusedInitdb() });
      post({ type: 'ready' });
      return { pg, types: new TypeNames() };
    })();
    databases.set(db, pending);
    pending.catch(() => databases.delete(db));
  }
  return pending;
}

function problemOf(error: unknown): Problem {
  if (error instanceof NoWasmError) return { kind: 'no-wasm' };
  const detail = error instanceof Error ? error.message : String(error);
  return error instanceof DownloadError ? { kind: 'download', detail } : { kind: 'engine', detail };
}

scope.onmessage = async ({ data: message }) => {
  if (message.type === 'init') {
    dataDirUrl = message.dataDirUrl;
    if (message.assets) assets = Promise.resolve(message.assets);
    return;
  }
  try {
    const { pg, types } = await database(message.db);
    if (message.type === 'boot') post({ type: 'booted', id: message.id });
    else if (message.type === 'run') post({ type: 'ran', id: message.id, run: await runBlock(pg, message.sql, { types, ...message.options }) });
    else {
      const sql = tableRowsSql(message.table, message.key);
      post({ type: 'ran', id: message.id, run: await runBlock(pg, sql, { types, maxRows: TABLE_VIEW_ROWS }) });
    }
  } catch (error) {
    post({ type: 'failed', id: message.id, problem: problemOf(error) });
  }
};

/**
 * What the page and the SQL worker (worker.ts) say to each other. Types only: both sides
 * import them, neither pulls the other's code in.
 */
import type { BlockRun } from '../../core/sql/results.ts';
import type { RunOptions } from '../../core/sql/session.ts';

/**
 * What a run records besides its results: the rows each statement changed and the schema
 * after it. Asked for only in a database some view on the page draws (page.ts).
 */
export type ViewOptions = Pick<RunOptions, 'captureChanges' | 'readSchema'>;

/**
 * What PostgreSQL is made of in the browser, kept by the page once downloaded so a new
 * worker (after Stop or Reset) starts without downloading anything again. A compiled
 * WebAssembly.Module and Blobs cross postMessage without being copied.
 */
export interface Assets {
  module: WebAssembly.Module;
  /** PGlite's file-system bundle (`pglite.data`). */
  fsBundle: Blob;
  /** The prebuilt data directory, a gzipped tar. */
  dataDir: Blob;
}

/** Why PostgreSQL cannot run; the page words it for the reader. */
export type Problem =
  | { kind: 'no-wasm' }
  | { kind: 'no-worker' }
  | { kind: 'download'; detail: string }
  | { kind: 'engine'; detail: string };

export type ToWorker =
  | { type: 'init'; dataDirUrl: string; assets?: Assets }
  /** Start `db`; from `dataDir` (a snapshot) when given, else from the prebuilt one. */
  | { type: 'boot'; id: number; db: string; dataDir?: Blob }
  /** The data directory of `db` now, to restart from after Stop without replaying its history. */
  | { type: 'snapshot'; id: number; db: string }
  | { type: 'run'; id: number; db: string; sql: string; options?: ViewOptions }
  /** A table view's rows: `SELECT` of at most TABLE_VIEW_ROWS rows, in `key` order (views/table-rows.ts). */
  | { type: 'rows'; id: number; db: string; table: string; key: string[] };

export type FromWorker =
  | { type: 'progress'; loaded: number; total?: number }
  | { type: 'starting' }
  /** A database is up: from now on a run's time is the query's own. */
  | { type: 'ready' }
  /** The host serves .wasm with another MIME type: it still works, slower; the host should be fixed. */
  | { type: 'wasm-mime'; contentType: string }
  | { type: 'assets'; assets: Assets }
  | { type: 'booted'; id: number }
  | { type: 'ran'; id: number; run: BlockRun }
  | { type: 'snapshot'; id: number; dataDir: Blob }
  | { type: 'failed'; id: number; problem: Problem };

/**
 * What the page and the SQL worker (worker.ts) say to each other, Python blocks included.
 * Types only: both sides import them, neither pulls the other's code in.
 */
import type { PythonRun } from '../../core/python/results.ts';
import type { ChangeNode } from '../../core/schema/changes.ts';
import type { SchemaModel } from '../../core/schema/introspect.ts';
import type { BlockRun } from '../../core/sql/results.ts';
import type { RunOptions } from '../../core/sql/session.ts';
import type { Failed, LoadEvent } from '../db/messages.ts';

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

/**
 * A Python block's run; when the page draws its database, with the schema after it and the
 * rows the whole block changed as one change tree (rows the ORM's own statements changed at
 * the root, rows ON DELETE/ON UPDATE actions changed under their cause).
 */
export type PythonBlockRun = PythonRun & { schema?: SchemaModel; changes?: ChangeNode[] };

export type ToWorker =
  /** `pythonUrl`: the folder of the Python runtime's files, on pages whose Python blocks can run. */
  | { type: 'init'; dataDirUrl: string; assets?: Assets; pythonUrl?: string }
  /**
   * Start a database from the prebuilt data directory for no name yet, and run nothing on it:
   * the first database the next page asks for takes it (carried-database.ts).
   */
  | { type: 'start' }
  /**
   * Start `db`; from `dataDir` (a snapshot) when given, else from the prebuilt one; with
   * `python`, load the Python runtime too (a Python block has been in view for a moment).
   */
  | { type: 'boot'; id: number; db: string; dataDir?: Blob; python?: boolean }
  /** The data directory of `db` now, to restart from after Stop without replaying its history. */
  | { type: 'snapshot'; id: number; db: string }
  | { type: 'run'; id: number; db: string; sql: string; options?: ViewOptions }
  /** A table view's rows: `SELECT` of at most TABLE_VIEW_ROWS rows, in `key` order (views/table-rows.ts). */
  | { type: 'rows'; id: number; db: string; table: string; key: string[] }
  /** A Python block whose first line is line `firstLine` of the note, in `db`'s namespace. */
  | { type: 'python'; id: number; db: string; code: string; firstLine: number; options?: ViewOptions };

export type FromWorker =
  | LoadEvent
  | { type: 'assets'; assets: Assets }
  | { type: 'booted'; id: number }
  | { type: 'ran'; id: number; run: BlockRun }
  | { type: 'python-ran'; id: number; run: PythonBlockRun }
  | { type: 'snapshot'; id: number; dataDir: Blob }
  | Failed;

/**
 * What every database worker (the SQL runner's, the lab's) and the page say to each other
 * besides their own requests: loading news, and why PostgreSQL cannot run. Types only.
 */

/** Why PostgreSQL (or Python) cannot run; the page words it for the reader. */
export type Problem =
  | { kind: 'no-wasm' }
  | { kind: 'no-worker' }
  | { kind: 'download'; detail: string }
  | { kind: 'engine'; detail: string };

/**
 * Loading news, answering no request. `part`: what is loading, PostgreSQL (absent) or the
 * Python runtime of a page with Python blocks; `total` is absent when the size is unknown.
 */
export type LoadEvent =
  | { type: 'progress'; loaded: number; total?: number; part?: 'python' }
  | { type: 'starting'; part?: 'python' }
  /** A database (or the Python runtime) is up: from now on a run's time is its own. */
  | { type: 'ready'; part?: 'python' }
  /** The host serves .wasm with another MIME type: it still works, slower; the host should be fixed. */
  | { type: 'wasm-mime'; contentType: string };

/** The answer to request `id` when it could not be done. */
export interface Failed {
  type: 'failed';
  id: number;
  problem: Problem;
}

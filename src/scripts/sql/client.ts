/**
 * The page's handle on one database's SQL worker (worker.ts), on the shared database-worker
 * client (src/scripts/db/client.ts): each `db=` database of a page has a worker of its own,
 * so a runaway query or Python loop in one never holds up the others. What a worker
 * downloaded is shared by the page's clients and its lab (page-assets.ts), and each keeps a
 * spare worker, so a replacement (after Stop or Reset) starts at once, offline too; except
 * on a page whose Python blocks can run: a replacement there loads Pyodide again anyway
 * (seconds), and the spare, kept for the page's life, would only cost memory.
 */
import type { BlockRun } from '../../core/sql/results.ts';
import { DbWorkerClient } from '../db/client.ts';
import type { LoadEvent } from '../db/messages.ts';
import type { FromWorker, PythonBlockRun, ToWorker, ViewOptions } from './messages.ts';
import type { SharedAssets } from './page-assets.ts';

/** A request ended by terminating the worker, not by PostgreSQL. */
export class Interrupted extends Error {
  /** `stop`: the reader stopped a runaway query; `restart`: the page wants fresh databases. */
  readonly reason: 'stop' | 'restart';

  constructor(reason: 'stop' | 'restart') {
    super(`interrupted: ${reason}`);
    this.reason = reason;
  }
}

type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/** A new SQL worker; also the one a page keeps started for the next (carried-database.ts). */
export const spawnSqlWorker = (): Worker => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

export class SqlClient {
  private readonly worker: DbWorkerClient<Request, FromWorker>;
  private readonly shared: SharedAssets;

  /**
   * `pythonUrl`: where the Python runtime's files are, on a page whose Python blocks can run;
   * `adopt`: a worker to start with, the database carried from the previous page.
   */
  constructor(dataDirUrl: string, shared: SharedAssets, onLoad: (event: LoadEvent) => void, pythonUrl?: string, adopt?: () => Worker | undefined) {
    this.shared = shared;
    this.worker = new DbWorkerClient<Request, FromWorker>({
      spawn: spawnSqlWorker,
      ...(adopt ? { adopt } : {}),
      init: () => ({ type: 'init', dataDirUrl, assets: shared.assets, ...(pythonUrl ? { pythonUrl } : {}) }) satisfies ToWorker,
      spare: pythonUrl === undefined,
      onLoad,
      answer: (message) => {
        if (message.type === 'assets') shared.assets = message.assets;
        else if (message.type === 'ran' || message.type === 'python-ran') return { id: message.id, value: message.run };
        else if (message.type === 'snapshot') return { id: message.id, value: message.dataDir };
        else if (message.type === 'booted') return { id: message.id, value: undefined };
        return undefined;
      },
    });
  }

  /** Whether PostgreSQL's files are here: a new worker then starts in a fraction of a second. */
  get downloaded(): boolean {
    return this.shared.assets !== undefined;
  }

  /**
   * Starts `db`: from the prebuilt data directory, or from `dataDir`, a snapshot of it; with
   * `python`, the Python runtime too.
   */
  boot(db: string, dataDir?: Blob, python = false): Promise<void> {
    return this.worker.request({ type: 'boot', db, ...(dataDir ? { dataDir } : {}), ...(python ? { python } : {}) });
  }

  /** The data directory of `db` as it is now (an uncompressed tar), to boot from after Stop. */
  snapshot(db: string): Promise<Blob> {
    return this.worker.request({ type: 'snapshot', db });
  }

  run(db: string, sql: string, options?: ViewOptions): Promise<BlockRun> {
    return this.worker.request({ type: 'run', db, sql, ...(options ? { options } : {}) });
  }

  /** A Python block, in `db`'s namespace; `firstLine`: its first line's number in the note. */
  runPython(db: string, code: string, firstLine: number, options?: ViewOptions): Promise<PythonBlockRun> {
    return this.worker.request({ type: 'python', db, code, firstLine, ...(options ? { options } : {}) });
  }

  /**
   * A table view's rows, by a hidden SELECT (views/table-rows.ts). Not in a failed
   * transaction: it would only fail too. Its error, if any, is in the run.
   */
  tableRows(db: string, table: string, key: string[]): Promise<BlockRun> {
    return this.worker.request({ type: 'rows', db, table, key });
  }

  /** Ends the worker and every request it had; the next request starts a fresh one. */
  restart(reason: Interrupted['reason']): void {
    this.worker.terminate(() => new Interrupted(reason));
  }

  /** The page is being left: ends both workers; pending requests fail as restarted. */
  close(): void {
    this.worker.close(new Interrupted('restart'));
  }
}

/**
 * The page's handle on one database's SQL worker (worker.ts): each `db=` database of a page
 * has a worker of its own, so a runaway query in one never holds up the others. The worker
 * starts on the first request, never before, so no PGlite byte is fetched until then. What
 * a worker downloaded is shared by the page's clients (SharedAssets), and each keeps a spare
 * worker, so a replacement (after Stop or Reset) starts at once, offline too.
 */
import type { BlockRun } from '../../core/sql/results.ts';
import type { Assets, FromWorker, Problem, ToWorker, ViewOptions } from './messages.ts';

export type LoadEvent = Extract<FromWorker, { type: 'progress' | 'starting' | 'ready' | 'wasm-mime' }>;

/** A request ended by terminating the worker, not by PostgreSQL. */
export class Interrupted extends Error {
  /** `stop`: the reader stopped a runaway query; `restart`: the page wants fresh databases. */
  readonly reason: 'stop' | 'restart';

  constructor(reason: 'stop' | 'restart') {
    super(`interrupted: ${reason}`);
    this.reason = reason;
  }
}

/** PostgreSQL cannot run here, or failed. */
export class EngineProblem extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.kind);
    this.problem = problem;
  }
}

/** PostgreSQL's files, once one worker of the page has downloaded them: the others start from them. */
export interface SharedAssets {
  assets?: Assets;
}

type Request =
  | { type: 'boot'; db: string; dataDir?: Blob }
  | { type: 'snapshot'; db: string }
  | { type: 'run'; db: string; sql: string; options?: ViewOptions }
  | { type: 'rows'; db: string; table: string; key: string[] };

export class SqlClient {
  private worker: Worker | undefined;
  /**
   * Loaded once PostgreSQL is up, and idle until Stop or Reset swaps it in: its script is
   * then already here, even if the connection is gone.
   */
  private spare: Worker | undefined;
  private readonly shared: SharedAssets;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private readonly dataDirUrl: string;
  private readonly onLoad: (event: LoadEvent) => void;

  constructor(dataDirUrl: string, shared: SharedAssets, onLoad: (event: LoadEvent) => void) {
    this.dataDirUrl = dataDirUrl;
    this.shared = shared;
    this.onLoad = onLoad;
  }

  /** Whether PostgreSQL's files are here: a new worker then starts in a fraction of a second. */
  get downloaded(): boolean {
    return this.shared.assets !== undefined;
  }

  /** Starts `db`: from the prebuilt data directory, or from `dataDir`, a snapshot of it. */
  boot(db: string, dataDir?: Blob): Promise<void> {
    return this.request({ type: 'boot', db, ...(dataDir ? { dataDir } : {}) });
  }

  /** The data directory of `db` as it is now (an uncompressed tar), to boot from after Stop. */
  snapshot(db: string): Promise<Blob> {
    return this.request({ type: 'snapshot', db });
  }

  run(db: string, sql: string, options?: ViewOptions): Promise<BlockRun> {
    return this.request({ type: 'run', db, sql, ...(options ? { options } : {}) });
  }

  /**
   * A table view's rows, by a hidden SELECT (views/table-rows.ts). Not in a failed
   * transaction: it would only fail too. Its error, if any, is in the run.
   */
  tableRows(db: string, table: string, key: string[]): Promise<BlockRun> {
    return this.request({ type: 'rows', db, table, key });
  }

  /** Ends the worker and every request it had; the next request starts a fresh one. */
  restart(reason: Interrupted['reason']): void {
    this.drop(new Interrupted(reason));
  }

  /** The page is being left: ends both workers; pending requests fail as restarted. */
  close(): void {
    this.drop(new Interrupted('restart'));
    this.spare?.terminate();
    this.spare = undefined;
  }

  private request<T>(request: Request): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const worker = this.start();
      if (!worker) return reject(new EngineProblem({ kind: 'no-worker' }));
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id } satisfies ToWorker);
    });
  }

  private spawn(): Worker | undefined {
    try {
      return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    } catch {
      // No Worker at all, or one the page may not start.
      return undefined;
    }
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    const worker = this.spare ?? this.spawn();
    this.spare = undefined;
    if (!worker) return undefined;
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    // The worker catches its own errors; this fires when its script cannot load or parse
    // (a failed download, a browser without module workers).
    worker.onerror = (event) => {
      event.preventDefault();
      this.drop(new EngineProblem({ kind: 'no-worker' }));
    };
    worker.postMessage({ type: 'init', dataDirUrl: this.dataDirUrl, assets: this.shared.assets } satisfies ToWorker);
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'assets':
        this.shared.assets = message.assets;
        return;
      case 'ready':
        if (!this.spare) {
          const spare = this.spawn();
          if (spare) {
            spare.onerror = () => {
              if (this.spare === spare) this.spare = undefined;
            };
          }
          this.spare = spare;
        }
        this.onLoad(message);
        return;
      case 'progress':
      case 'starting':
      case 'wasm-mime':
        this.onLoad(message);
        return;
    }
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (message.type === 'failed') waiter?.reject(new EngineProblem(message.problem));
    else waiter?.resolve(message.type === 'ran' ? message.run : message.type === 'snapshot' ? message.dataDir : undefined);
  }

  private drop(error: Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiters) waiter.reject(error);
  }
}

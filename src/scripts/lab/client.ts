/**
 * The page's handle on the lab's worker (worker.ts), on the shared database-worker client
 * (src/scripts/db/client.ts): started on the first request, never before, so no PGlite
 * byte is fetched until a reader steps through a lab (or has one in view for a moment). A
 * step that runs past STEP_LIMIT_MS, or one the reader stops, ends the worker (PGlite
 * cannot be interrupted otherwise); the next request starts another, which replays each
 * lab to its step.
 */
import type { LabRunProgress, LabRunRequest } from '../../core/lab/replayer.ts';
import { DbWorkerClient } from '../db/client.ts';
import type { LoadEvent } from '../db/messages.ts';
import type { SharedAssets } from '../sql/page-assets.ts';
import type { FromLabWorker, ToLabWorker } from './messages.ts';
import { startingHeavyRuntime } from '../sql/carried-database.ts';

/** The longest a lab's setup or one of its steps may run. */
export const STEP_LIMIT_MS = 10_000;

/**
 * A request ended by ending the worker: `stop`, the reader stopped its step; `timeout`, its
 * step ran past STEP_LIMIT_MS; `restart`, another request's step was stopped (ask again);
 * `closed`, the page was left.
 */
export class LabStopped extends Error {
  readonly reason: 'stop' | 'timeout' | 'restart' | 'closed';
  readonly elapsedMs: number;

  constructor(reason: LabStopped['reason'], elapsedMs: number) {
    super(`lab stopped: ${reason}`);
    this.reason = reason;
    this.elapsedMs = elapsedMs;
  }
}

type Request = { type: 'boot' } | { type: 'advance'; request: LabRunRequest };

export class LabClient {
  private readonly worker: DbWorkerClient<Request, FromLabWorker>;
  /** The request whose setup or step runs now, since when, and the clock that ends it. */
  private active: { id: number; since: number; timer: number } | undefined;

  /** `shared`: PostgreSQL's files, shared with the page's SQL runner. */
  constructor(dataDirUrl: string, shared: SharedAssets, onLoad: (event: LoadEvent) => void) {
    this.worker = new DbWorkerClient<Request, FromLabWorker>({
      spawn: () => {
        // With the lab's database the page is at the memory budget: it keeps none for the next page.
        startingHeavyRuntime();
        return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
      },
      init: () => ({ type: 'init', dataDirUrl, ...(shared.assets ? { assets: shared.assets } : {}) }) satisfies ToLabWorker,
      spare: false,
      onLoad,
      answer: (message) => {
        if (message.type === 'assets') shared.assets = message.assets;
        if (message.type === 'stepping') {
          // A step's clock starts when the step does: the steps before it had their own.
          const since = this.active?.id === message.id ? this.active.since : performance.now();
          this.clearClock();
          this.active = { id: message.id, since, timer: window.setTimeout(() => this.end('timeout'), STEP_LIMIT_MS) };
          return undefined;
        }
        if (message.type !== 'booted' && message.type !== 'advanced') return undefined;
        if (this.active?.id === message.id) this.clearClock();
        return { id: message.id, value: message.type === 'advanced' ? { progress: message.progress, elapsedMs: message.elapsedMs } : undefined };
      },
    });
  }

  /** Stops the worker (the page is left): PGlite's memory goes with it; pending requests end as `closed`. */
  close(): void {
    this.clearClock();
    this.worker.close(new LabStopped('closed', 0));
  }

  /** The reader's Stop: ends the step running now (and the worker); other requests are to be asked again. */
  stop(): void {
    this.end('stop');
  }

  private end(reason: 'stop' | 'timeout'): void {
    const active = this.active;
    this.clearClock();
    // Before any step started (PostgreSQL still starting), the Stop is for every request.
    this.worker.terminate((id) =>
      !active || id === active.id ? new LabStopped(reason, active ? performance.now() - active.since : 0) : new LabStopped('restart', 0),
    );
  }

  private clearClock(): void {
    if (this.active) clearTimeout(this.active.timer);
    this.active = undefined;
  }

  boot(): Promise<void> {
    return this.worker.request({ type: 'boot' });
  }

  advance(request: LabRunRequest): Promise<{ progress: LabRunProgress; elapsedMs: number }> {
    return this.worker.request({ type: 'advance', request });
  }
}

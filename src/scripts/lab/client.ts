/**
 * The page's handle on the lab's worker (worker.ts), started on the first request, never
 * before, so no PGlite byte is fetched until a reader steps through a lab (or has one in
 * view for a moment). A step that runs past STEP_LIMIT_MS, or one the reader stops, ends
 * the worker (PGlite cannot be interrupted otherwise); the next request starts another,
 * which replays each lab to its step.
 */
import type { LabRunProgress, LabRunRequest } from '../../core/lab/replayer.ts';
import type { Problem } from '../sql/messages.ts';
import type { FromLabWorker, ToLabWorker } from './messages.ts';

export type LabLoadEvent = Extract<FromLabWorker, { type: 'progress' | 'starting' | 'ready' | 'wasm-mime' }>;

export class LabProblem extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.kind);
    this.problem = problem;
  }
}

/** The longest a lab's setup or one of its steps may run. */
export const STEP_LIMIT_MS = 10_000;

/**
 * A request ended by ending the worker: `stop`, the reader stopped its step; `timeout`, its
 * step ran past STEP_LIMIT_MS; `restart`, another request's step was stopped (ask again).
 */
export class LabStopped extends Error {
  readonly reason: 'stop' | 'timeout' | 'restart';
  readonly elapsedMs: number;

  constructor(reason: LabStopped['reason'], elapsedMs: number) {
    super(`lab stopped: ${reason}`);
    this.reason = reason;
    this.elapsedMs = elapsedMs;
  }
}

type Request = { type: 'boot' } | { type: 'advance'; request: LabRunRequest };

export class LabClient {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private readonly dataDirUrl: string;
  private readonly onLoad: (event: LabLoadEvent) => void;

  constructor(dataDirUrl: string, onLoad: (event: LabLoadEvent) => void) {
    this.dataDirUrl = dataDirUrl;
    this.onLoad = onLoad;
  }

  /** The request whose setup or step runs now, since when, and the clock that ends it. */
  private active: { id: number; since: number; timer: number } | undefined;

  /** Stops the worker (the page is left): PGlite's memory goes with it; pending requests fail quietly. */
  close(): void {
    this.clearClock();
    this.worker?.terminate();
    this.worker = undefined;
    this.waiting.clear();
  }

  /** The reader's Stop: ends the step running now (and the worker); other requests are to be asked again. */
  stop(): void {
    this.end('stop');
  }

  private end(reason: 'stop' | 'timeout'): void {
    const active = this.active;
    this.clearClock();
    this.worker?.terminate();
    this.worker = undefined;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const [id, waiter] of waiting) {
      // Before any step started (PostgreSQL still starting), the Stop is for every request.
      const own = !active || id === active.id;
      waiter.reject(own ? new LabStopped(reason, active ? performance.now() - active.since : 0) : new LabStopped('restart', 0));
    }
  }

  private clearClock(): void {
    if (this.active) clearTimeout(this.active.timer);
    this.active = undefined;
  }

  boot(): Promise<void> {
    return this.request({ type: 'boot' });
  }

  advance(request: LabRunRequest): Promise<{ progress: LabRunProgress; elapsedMs: number }> {
    return this.request({ type: 'advance', request });
  }

  private request<T>(request: Request): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const worker = this.start();
      if (!worker) return reject(new LabProblem({ kind: 'no-worker' }));
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id } satisfies ToLabWorker);
    });
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return undefined;
    }
    worker.onmessage = (event: MessageEvent<FromLabWorker>) => this.receive(event.data);
    // Fires when the worker's script cannot load or parse; the next request starts another.
    worker.onerror = (event) => {
      event.preventDefault();
      this.worker?.terminate();
      this.worker = undefined;
      const waiters = [...this.waiting.values()];
      this.waiting.clear();
      for (const waiter of waiters) waiter.reject(new LabProblem({ kind: 'no-worker' }));
    };
    worker.postMessage({ type: 'init', dataDirUrl: this.dataDirUrl } satisfies ToLabWorker);
    this.worker = worker;
    return worker;
  }

  private receive(message: FromLabWorker): void {
    switch (message.type) {
      case 'assets':
        return;
      case 'stepping': {
        // A step's clock starts when the step does: the steps before it had their own.
        const since = this.active?.id === message.id ? this.active.since : performance.now();
        this.clearClock();
        this.active = { id: message.id, since, timer: window.setTimeout(() => this.end('timeout'), STEP_LIMIT_MS) };
        return;
      }
      case 'progress':
      case 'starting':
      case 'ready':
      case 'wasm-mime':
        this.onLoad(message);
        return;
    }
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (this.active?.id === message.id) this.clearClock();
    if (message.type === 'failed') waiter?.reject(new LabProblem(message.problem));
    else waiter?.resolve(message.type === 'advanced' ? { progress: message.progress, elapsedMs: message.elapsedMs } : undefined);
  }
}

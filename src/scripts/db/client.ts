/**
 * The page's handle on one database worker, for the SQL runner (and its Python blocks) and
 * the isolation lab alike: requests numbered and answered by number, every pending request
 * rejected when the worker is ended (Stop, a time limit, leaving the page), loading news
 * passed on, and, when asked, a spare worker kept ready once one has started, so a
 * replacement starts at once (its script already loaded, offline too). The worker starts on
 * the first request, never before, so nothing is fetched until then; the first may be one
 * handed over (`adopt`) instead of a new one.
 */
import type { Failed, LoadEvent, Problem } from './messages.ts';

/** PostgreSQL cannot run here, or failed. */
export class EngineProblem extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.kind);
    this.problem = problem;
  }
}

export interface DbWorkerOptions<Out> {
  /**
   * A new worker. The caller writes `new Worker(new URL('./worker.ts', import.meta.url), …)`
   * itself: that is the form the bundler finds workers by.
   */
  spawn(): Worker;
  /** The first message each worker gets. */
  init(): object;
  /** Keep a spare worker once one says it is `ready`. */
  spare: boolean;
  /**
   * A worker to start with instead of a new one, already sent its first message and maybe
   * busy with its own start (the SQL runner's database carried from the previous page);
   * asked once, when the first worker is needed.
   */
  adopt?(): Worker | undefined;
  /** Loading news, to be shown. */
  onLoad(event: LoadEvent): void;
  /**
   * Any other message: `{ id, value }` when it answers a request, undefined when it is news of
   * the client's own (the downloaded assets, a step starting).
   */
  answer(message: Out): { id: number; value: unknown } | undefined;
}

type Waiter = { resolve(value: unknown): void; reject(error: Error): void };

const LOAD_EVENTS: ReadonlySet<string> = new Set<LoadEvent['type']>(['progress', 'starting', 'ready', 'wasm-mime']);

export class DbWorkerClient<In extends object, Out extends { type: string }> {
  private worker: Worker | undefined;
  private spareWorker: Worker | undefined;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private readonly options: DbWorkerOptions<Out>;
  /** Asked for the first worker only. */
  private adopt: (() => Worker | undefined) | undefined;

  constructor(options: DbWorkerOptions<Out>) {
    this.options = options;
    this.adopt = options.adopt;
  }

  /** Sends `message` with a new id; the promise settles with the worker's answer. */
  request<T>(message: In): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const worker = this.start();
      if (!worker) return reject(new EngineProblem({ kind: 'no-worker' }));
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  }

  /**
   * Ends the worker; each pending request is rejected with `reason(id)`. The next request
   * starts a new worker (the spare, when there is one).
   */
  terminate(reason: (id: number) => Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const [id, waiter] of waiting) waiter.reject(reason(id));
  }

  /** The page is being left: both workers end, pending requests are rejected with `error`. */
  close(error: Error): void {
    this.terminate(() => error);
    this.spareWorker?.terminate();
    this.spareWorker = undefined;
  }

  private spawn(): Worker | undefined {
    try {
      return this.options.spawn();
    } catch {
      // No Worker at all, or one the page may not start.
      return undefined;
    }
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    const adopted = this.adopt?.();
    this.adopt = undefined;
    const worker = adopted ?? this.spareWorker ?? this.spawn();
    if (worker === this.spareWorker) this.spareWorker = undefined;
    if (!worker) return undefined;
    worker.onmessage = (event: MessageEvent<Out>) => this.receive(event.data);
    // The worker catches its own errors; this fires when its script cannot load or parse
    // (a failed download, a browser without module workers).
    worker.onerror = (event) => {
      event.preventDefault();
      this.terminate(() => new EngineProblem({ kind: 'no-worker' }));
    };
    worker.postMessage(this.options.init());
    this.worker = worker;
    return worker;
  }

  private keepSpare(): void {
    if (!this.options.spare || this.spareWorker) return;
    const spare = this.spawn();
    if (spare) {
      spare.onerror = () => {
        if (this.spareWorker === spare) this.spareWorker = undefined;
      };
    }
    this.spareWorker = spare;
  }

  private receive(message: Out): void {
    if (LOAD_EVENTS.has(message.type)) {
      if (message.type === 'ready') this.keepSpare();
      this.options.onLoad(message as unknown as LoadEvent);
      return;
    }
    if (message.type === 'failed') {
      const failed = message as unknown as Failed;
      this.settle(failed.id)?.reject(new EngineProblem(failed.problem));
      return;
    }
    const answer = this.options.answer(message);
    if (answer) this.settle(answer.id)?.resolve(answer.value);
  }

  private settle(id: number): Waiter | undefined {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    return waiter;
  }
}

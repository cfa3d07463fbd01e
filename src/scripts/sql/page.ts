/**
 * The SQL runner of a note page (markup: src/components/SqlRunner.astro). Blocks run one
 * at a time, each database's in chain order (src/core/sql/chain.ts): running a block first
 * runs the earlier blocks of its chain that have not run. PostgreSQL starts on the first
 * run, or ahead of it once a block has been in view for a moment. A run that takes long
 * can be stopped: the worker is replaced and each database rebuilt from the blocks run so
 * far. Every page with SQL loads this, so it stays small: the worker, the editor and the
 * views of relationships and changes (views/page-views.ts, on pages that place one) load later.
 */
import type { SqlStrings } from '../../components/i18n.ts';
import { chainOf, planRun, planRunAll } from '../../core/sql/chain.ts';
import type { BlockRun } from '../../core/sql/results.ts';
import { SqlBlockView } from './block-view.ts';
import { EngineProblem, Interrupted, SqlClient, type LoadEvent } from './client.ts';
import type { Problem, ViewOptions } from './messages.ts';
import type { PageViews } from './views/page-views.ts';
import { isFailure } from './outcome.ts';
import { fill, megabytes, plural, problemText, seconds } from './strings.ts';

/** A run still going this long after PostgreSQL is up is offered a Stop button. */
const STOP_AFTER_MS = 3000;
/** A block in view this long starts PostgreSQL, so that a click then answers at once. */
const PREWARM_AFTER_MS = 1500;

/**
 * Runs in a database some view draws record what they changed and the schema after them.
 * Other databases' runs pay nothing for it.
 */
const VIEW_OPTIONS: ViewOptions = { captureChanges: true, readSchema: true };

/** `halted`: stopped, reset, or PostgreSQL unavailable; the rest of the plan does not run. */
type Result = 'ok' | 'failed' | 'halted';

class PageRunner {
  private readonly blocks: SqlBlockView[];
  private readonly client: SqlClient;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly warning: HTMLElement;
  /** Blocks run since the last reset: planRun skips them. */
  private readonly ran = new Set<number>();
  /**
   * Per database, in order, the SQL of every run that finished, failed ones too (the
   * statements before an error were committed): replayed, it rebuilds the same state.
   */
  private readonly history = new Map<string, string[]>();
  /** Databases the page has started, started again at once after a reset. */
  private readonly used = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Bumped by Reset: work queued before it is dropped. */
  private generation = 0;
  private current: SqlBlockView | undefined;
  /** What the status says while PostgreSQL downloads or starts; undefined once it is up. */
  private loadingText: string | undefined;
  /** When PostgreSQL last came up: a run's clock for Stop starts no earlier. */
  private readyAt = 0;
  private stopPrewarm = () => {};
  /** Why PostgreSQL could not run, during the current plan. */
  private lastProblem: string | undefined;
  /** Databases with views (a `show=` block, a ```sql-schema or ```sql-table block). */
  private readonly viewDbs = new Set<string>();
  private readonly views: Promise<PageViews> | undefined;
  private readonly t: SqlStrings;

  constructor(root: HTMLElement, t: SqlStrings) {
    this.t = t;
    this.status = root.querySelector('.sql-runner-status')!;
    this.progress = root.querySelector('.sql-runner-progress')!;
    this.warning = root.querySelector('.sql-runner-warning')!;
    this.client = new SqlClient(root.dataset.dataDir!, (event) => this.onLoad(event));
    const actions = { run: (block: SqlBlockView) => this.runBlock(block), stop: () => this.client.restart('stop') };
    this.blocks = [...document.querySelectorAll<HTMLElement>('.note-content .sql-block[data-sql-block]')].map((el) => new SqlBlockView(el, t, actions));
    for (const view of document.querySelectorAll<HTMLElement>('.note-content :is(.sql-schema-view, .sql-table-view)')) this.viewDbs.add(view.dataset.db ?? 'main');
    for (const block of this.blocks) if (block.show.length > 0) this.viewDbs.add(block.db);
    if (this.viewDbs.size > 0) {
      const host = { tableRows: (db: string, table: string, key: string[]) => this.client.tableRows(db, table, key), prepare: (db: string, at: HTMLElement) => this.prepare(db, at) };
      this.views = import('./views/page-views.ts').then(({ PageViews }) => new PageViews(this.blocks, t, host));
      this.views.catch((error: unknown) => console.error(error));
    }
    root.querySelector('.sql-run-all')!.addEventListener('click', () => this.runAll());
    root.querySelector('.sql-reset')!.addEventListener('click', () => this.reset());
    this.prewarmWhenSeen();
  }

  private runBlock(target: SqlBlockView): void {
    this.enqueue([target], async () => {
      await this.execute(planRun(this.blocks, this.ran, target.id), target);
    });
  }

  private runAll(): void {
    this.enqueue([], async () => {
      const plan = planRunAll(this.blocks, this.ran);
      if (plan.length === 0) return this.say(this.t.nothingToRun);
      const done = await this.execute(plan);
      if (done) this.say([plural(this.t.ranAll, done.ran), ...(done.failed > 0 ? [plural(this.t.earlierFailed, done.failed)] : [])].join(' '));
    });
  }

  /** One thing at a time: PGlite runs one query at a time anyway, and chains must not interleave. */
  private enqueue(waiting: SqlBlockView[], task: () => Promise<void>): void {
    this.stopPrewarm();
    const generation = this.generation;
    if (this.queued > 0) for (const block of waiting) block.pending(this.t.queued);
    this.queued++;
    this.queue = this.queue
      .then(() => (generation === this.generation ? task() : undefined))
      .catch((error: unknown) => console.error(error))
      .finally(() => this.queued--);
  }

  private async execute(plan: SqlBlockView[], target?: SqlBlockView): Promise<{ ran: number; failed: number } | undefined> {
    const generation = this.generation;
    for (const block of plan.slice(1)) block.pending(this.t.queued);
    this.lastProblem = undefined;
    let ran = 0;
    let failed = 0;
    for (const [index, block] of plan.entries()) {
      if (generation !== this.generation) return undefined;
      const t = this.t;
      const notes = block === target && ran > 0 ? [plural(t.ranEarlier, ran), ...(failed > 0 ? [plural(t.earlierFailed, failed)] : [])] : [];
      const result = await this.runOne(block, notes);
      if (result === 'halted') {
        // The block the reader asked for says why it did not run; the others are as they were.
        for (const rest of plan.slice(index + 1)) {
          if (rest === target && this.lastProblem) rest.showProblem(this.lastProblem);
          else rest.cancel();
        }
        return undefined;
      }
      ran++;
      if (result === 'failed') failed++;
    }
    return { ran, failed };
  }

  private async runOne(block: SqlBlockView, notes: string[]): Promise<Result> {
    const sql = block.text();
    this.current = block;
    this.used.add(block.db);
    block.pending(this.loadingText ?? this.t.running);
    const started = performance.now();
    const since = () => performance.now() - Math.max(started, this.readyAt);
    let offered = false;
    const clock = window.setInterval(() => {
      if (offered || this.loadingText !== undefined || since() < STOP_AFTER_MS) return;
      offered = true;
      block.offerStop(since());
    }, 250);
    try {
      const run = await this.client.run(block.db, sql, this.viewDbs.has(block.db) ? VIEW_OPTIONS : undefined);
      this.ran.add(block.id);
      this.history.set(block.db, [...(this.history.get(block.db) ?? []), sql]);
      const outcome = block.showRun(run, sql, notes);
      await this.drawViews(block.db, run, block);
      return isFailure(outcome) ? 'failed' : 'ok';
    } catch (error) {
      if (error instanceof Interrupted && error.reason === 'stop') {
        // Nothing waits for PostgreSQL now: the rebuild reports for itself.
        this.current = undefined;
        await this.rebuild(block, since());
      } else if (error instanceof EngineProblem) this.problem(error.problem, block);
      else if (!(error instanceof Interrupted)) throw error;
      return 'halted';
    } finally {
      clearInterval(clock);
      this.current = undefined;
    }
  }

  /**
   * The views of `db` after a run. A view that fails to draw is a bug to report, not a
   * reason to stop the blocks after it; a query of its that PostgreSQL could not answer
   * is the engine's problem, handled as the run's.
   */
  private async drawViews(db: string, run: BlockRun, block?: SqlBlockView): Promise<void> {
    if (!this.views || !this.viewDbs.has(db)) return;
    try {
      await (await this.views).afterRun(db, run, block);
    } catch (error) {
      if (error instanceof Interrupted || error instanceof EngineProblem) throw error;
      console.error(error);
    }
  }

  /**
   * A view's "draw" button: runs the blocks of `db` it comes after (and the setup blocks)
   * that have not run; when there are none, only reads the schema, to draw it as it is.
   */
  private prepare(db: string, at: HTMLElement): void {
    this.enqueue([], async () => {
      const plan = chainOf(this.blocks, db).filter(
        (b) => !this.ran.has(b.id) && (b.setup || b.element.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING),
      );
      if (plan.length > 0) {
        await this.execute(plan);
        return;
      }
      try {
        this.used.add(db);
        await this.drawViews(db, await this.client.run(db, '', VIEW_OPTIONS));
      } catch (error) {
        if (error instanceof EngineProblem) this.problem(error.problem);
        else if (!(error instanceof Interrupted)) throw error;
      }
    });
  }

  /** After Stop: a new worker, each database replayed from its history. */
  private async rebuild(stopped: SqlBlockView, elapsedMs: number): Promise<void> {
    const replays = [...this.history].flatMap(([db, runs]) => runs.map((sql) => ({ db, sql })));
    const stoppedText = fill(this.t.stopped, { seconds: seconds(elapsedMs) });
    this.say(`${stoppedText} ${plural(this.t.rebuilding, replays.length)}`);
    stopped.pending(plural(this.t.rebuilding, replays.length));
    try {
      for (const { db, sql } of replays) await this.client.run(db, sql);
      // The next run should not wait for PostgreSQL to start.
      if (replays.length === 0) void this.client.boot(stopped.db).catch(() => undefined);
    } catch (error) {
      if (error instanceof EngineProblem) this.problem(error.problem, stopped);
      else if (!(error instanceof Interrupted)) throw error;
      return;
    }
    const note = replays.length > 0 ? plural(this.t.rebuilt, replays.length) : this.t.rebuiltEmpty;
    stopped.showStopped(elapsedMs, note);
    this.say(`${stoppedText} ${note}`);
  }

  private reset(): void {
    this.generation++;
    this.client.restart('restart');
    this.ran.clear();
    this.history.clear();
    for (const block of this.blocks) block.clear();
    void this.views?.then((views) => views.reset());
    this.say(this.t.resetDone);
    // Fresh databases at once, from the files already downloaded.
    if (this.client.downloaded) for (const db of this.used) this.warm(db);
  }

  private problem(problem: Problem, block?: SqlBlockView): void {
    const text = this.describe(problem);
    this.lastProblem = text;
    this.loadingText = undefined;
    this.say(text);
    block?.showProblem(text);
    if (problem.kind === 'engine') {
      // Its databases may be broken: start afresh; the next run replays its chain.
      this.client.restart('restart');
      this.ran.clear();
      this.history.clear();
    }
  }

  private describe(problem: Problem): string {
    return problemText(problem, this.t);
  }

  private onLoad(event: LoadEvent): void {
    const t = this.t;
    switch (event.type) {
      case 'progress': {
        const values = { loaded: megabytes(event.loaded), total: megabytes(event.total ?? 0) };
        this.loadingText = fill(event.total ? t.downloading : t.downloadingUnknown, values);
        this.say(this.loadingText, event.loaded, event.total);
        this.current?.loading(this.loadingText, event.loaded, event.total);
        return;
      }
      case 'starting': {
        // Databases started in the background (after a reset, a rebuild) leave the status alone.
        const announce = this.current !== undefined || this.statusShowsLoading();
        this.loadingText = t.starting;
        if (announce) this.say(t.starting, 0);
        this.current?.loading(t.starting, 0);
        return;
      }
      case 'ready':
        if (this.statusShowsLoading()) this.say(t.ready);
        this.loadingText = undefined;
        this.readyAt = performance.now();
        this.current?.loading(t.running);
        return;
      case 'wasm-mime':
        this.warning.textContent = fill(t.wasmMime, { type: event.contentType });
        this.warning.hidden = false;
        return;
    }
  }

  private statusShowsLoading(): boolean {
    return this.loadingText !== undefined && this.status.textContent === this.loadingText;
  }

  /** The page status; with `loaded`, a progress bar (no `total`: of unknown length). */
  private say(text: string, loaded?: number, total?: number): void {
    this.status.textContent = text;
    this.progress.hidden = loaded === undefined;
    if (total) {
      this.progress.max = total;
      this.progress.value = loaded ?? 0;
    } else this.progress.removeAttribute('value');
  }

  private warm(db: string): void {
    this.used.add(db);
    this.client.boot(db).catch((error: unknown) => {
      if (error instanceof EngineProblem) this.problem(error.problem);
    });
  }

  /** The page is being left: drops queued work and stops PostgreSQL. */
  dispose(): void {
    this.generation++;
    this.stopPrewarm();
    this.client.close();
  }

  /** A block in view for PREWARM_AFTER_MS starts its database, unless the reader was quicker. */
  private prewarmWhenSeen(): void {
    if (typeof IntersectionObserver !== 'function') return;
    const timers = new Map<Element, number>();
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        clearTimeout(timers.get(entry.target));
        if (!entry.isIntersecting) continue;
        const db = this.blocks.find((b) => b.element === entry.target)?.db ?? 'main';
        timers.set(
          entry.target,
          window.setTimeout(() => {
            this.stopPrewarm();
            this.warm(db);
          }, PREWARM_AFTER_MS),
        );
      }
    });
    for (const block of this.blocks) observer.observe(block.element);
    this.stopPrewarm = () => {
      observer.disconnect();
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }
}

/** Starts the page's runner; the cleanup, when the reader navigates away, stops its PostgreSQL. */
export function setupSqlRunner(): (() => void) | void {
  const root = document.querySelector<HTMLElement>('.sql-runner');
  if (!root?.dataset.strings) return;
  const runner = new PageRunner(root, JSON.parse(root.dataset.strings) as SqlStrings);
  return () => runner.dispose();
}

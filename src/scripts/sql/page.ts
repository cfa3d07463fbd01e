/**
 * The SQL runner of a note page (markup: src/components/SqlRunner.astro). Blocks run one
 * at a time, each database's in chain order (src/core/sql/chain.ts): running a block first
 * runs the earlier blocks of its chain that have not run. PostgreSQL starts on the first
 * run, or ahead of it once a block has been in view for a moment; on a page reached by a
 * link, the first database is the one the previous page started for it (carried-database.ts).
 * A run that takes long can be stopped: that database's worker is replaced and the database
 * rebuilt from its last snapshot and the blocks run since; a stopped block counts as not run.
 * Each database has a worker of its own, so one never waits for another's runaway query.
 * Every page with SQL loads this, so it stays small: the worker, the views of a run's results
 * (and of a Python run), the editor and the views of relationships and changes
 * (views/page-views.ts, on pages that place one, with the first run or prewarm; their
 * placeholders at once) load later.
 * ```python blocks, where the site's Python blocks can run, are blocks of the same chains:
 * they run in their database's worker, on the same PGlite, Python loaded there on first use.
 */
import type { SqlStrings } from '../../components/i18n.ts';
import { chainOf, planRun, planRunAll } from '../../core/sql/chain.ts';
import type { PythonRun } from '../../core/python/results.ts';
import type { BlockRun } from '../../core/sql/results.ts';
import { loadPythonView, loadResultViews, SqlBlockView } from './block-view.ts';
import { EngineProblem } from '../db/client.ts';
import type { LoadEvent, Problem } from '../db/messages.ts';
import { carriedDatabase, carryAcrossNavigations, startingHeavyRuntime } from './carried-database.ts';
import { Interrupted, spawnSqlWorker, SqlClient } from './client.ts';
import { pageAssets } from './page-assets.ts';
import type { ViewOptions } from './messages.ts';
import type { PageViews } from './views/page-views.ts';
import type { PlacedViews } from './views/view-slots.ts';
import { isFailure, type Outcome } from './outcome.ts';
import { fill, megabytes, plural, problemText, seconds } from './strings.ts';

/** A run still going this long after PostgreSQL is up is offered a Stop button. */
const STOP_AFTER_MS = 3000;
/** A block in view this long starts PostgreSQL, so that a click then answers at once. */
const PREWARM_AFTER_MS = 1500;
/**
 * A database whose blocks since its last snapshot took this long to run is snapshotted
 * (its data directory, ~0.2 s in Node): Stop then boots the snapshot and replays only the
 * quick blocks after it, instead of the whole history (a 7 s block replayed took 7.9 s).
 */
const SNAPSHOT_AFTER_MS = 1000;
/**
 * The database carried to the next page (carried-database.ts) starts once the page's runs and
 * starts have been quiet this long: it takes a core for half a second, which a result the
 * reader is waiting for should not share.
 */
const CARRY_AFTER_MS = 1000;

/**
 * Runs in a database some view draws record what they changed and the schema after them.
 * Other databases' runs pay nothing for it.
 */
const VIEW_OPTIONS: ViewOptions = { captureChanges: true, readSchema: true };

/** `halted`: stopped, reset, or PostgreSQL unavailable; the rest of the plan does not run. */
type Result = 'ok' | 'failed' | 'halted';

/** A run to replay: SQL, or a Python block with the note line of its first line. */
type Replay = { lang: 'sql'; text: string } | { lang: 'python'; text: string; firstLine: number };

/** What rebuilds a database after Stop: its last snapshot, and the blocks run since. */
interface History {
  snapshot?: Blob;
  /** Runs since the snapshot (failed ones too: the statements before an error were committed). */
  since: Replay[];
  /** Their time, to know when a new snapshot pays. */
  sinceMs: number;
  /**
   * A Python block has run since the snapshot: no new snapshot then, since the Python
   * namespace (engines, models) is not in it and is rebuilt only by replaying its blocks.
   */
  python?: boolean;
}

/** One database's work, one run at a time: PGlite runs one query at a time, and a chain must not interleave. */
interface Lane {
  queue: Promise<void>;
  queued: number;
}

class PageRunner {
  private readonly blocks: SqlBlockView[];
  /** One worker per database (client.ts), started on its first request. */
  private readonly clients = new Map<string, SqlClient>();
  private readonly assets = pageAssets();
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly warning: HTMLElement;
  /** Blocks run since the last reset: planRun skips them. */
  private readonly ran = new Set<number>();
  /**
   * Blocks stopped and not run since: they count as not run, yet planRun skips them too, so
   * a later block does not run a stopped one first (it would hang again). Running one again
   * is the reader's choice.
   */
  private readonly stopped = new Set<number>();
  private readonly history = new Map<string, History>();
  /** Databases the page has started, started again at once after a reset. */
  private readonly used = new Set<string>();
  private readonly lanes = new Map<string, Lane>();
  /** Bumped by Reset: work queued before it is dropped. */
  private generation = 0;
  /** Per database, the block whose run waits for it: loading news goes there. */
  private readonly current = new Map<string, SqlBlockView>();
  /** What the status says while PostgreSQL downloads or starts, per database; absent once it is up. */
  private readonly loadingText = new Map<string, string>();
  /** When each database's PostgreSQL last came up: a run's clock for Stop starts no earlier. */
  private readonly readyAt = new Map<string, number>();
  private stopPrewarm = () => {};
  /** The database carried from the previous page, until this page's first database takes it. */
  private handedOver: Worker | undefined;
  /** The reader ran something, or the page started its database as it opened (carryWhenIdle). */
  private acted = false;
  private carryTimer = 0;
  /** Why PostgreSQL could not run, during the current plan. */
  private lastProblem: string | undefined;
  /** Databases with views (a `show=` block, a ```sql-schema or ```sql-table block). */
  private readonly viewDbs = new Set<string>();
  /** Per database, the run whose note-wide views a later block of its plan was to draw. */
  private readonly viewsOwed = new Map<string, BlockRun>();
  /** The note's views set out as placeholders, on a page that places any. */
  private readonly placed: Promise<PlacedViews> | undefined;
  /** The views themselves, loaded with the first run or prewarm (pageViews()). */
  private views: Promise<PageViews> | undefined;
  private readonly t: SqlStrings;
  private readonly dataDirUrl: string;
  /** Where the Python runtime's files are; absent when the page's Python blocks cannot run. */
  private readonly pythonUrl: string | undefined;

  constructor(root: HTMLElement, t: SqlStrings) {
    this.t = t;
    this.status = root.querySelector('.sql-runner-status')!;
    this.progress = root.querySelector('.sql-runner-progress')!;
    this.warning = root.querySelector('.sql-runner-warning')!;
    this.dataDirUrl = root.dataset.dataDir!;
    this.pythonUrl = root.dataset.python;
    const actions = { run: (block: SqlBlockView) => this.runBlock(block), stop: (block: SqlBlockView) => this.client(block.db).restart('stop') };
    const selector = this.pythonUrl ? '.sql-block:is([data-sql-block], [data-python-block])' : '.sql-block[data-sql-block]';
    this.blocks = [...document.querySelectorAll<HTMLElement>(`.note-content ${selector}`)].map((el, id) => new SqlBlockView(el, id, t, actions));
    // Intent: a pointer on Run, or focus on it, starts its database before the click.
    for (const block of this.blocks) {
      for (const type of ['pointerenter', 'focus']) block.element.querySelector('.sql-run')?.addEventListener(type, () => this.warm(block.db, block.lang === 'python'), { once: true });
    }
    for (const view of document.querySelectorAll<HTMLElement>('.note-content :is(.sql-schema-view, .sql-table-view)')) this.viewDbs.add(view.dataset.db ?? 'main');
    for (const block of this.blocks) if (block.show.length > 0) this.viewDbs.add(block.db);
    if (this.viewDbs.size > 0) {
      this.placed = import('./views/view-slots.ts').then(({ placeViews }) => placeViews(t, (db, at) => this.prepare(db, at)));
      this.placed.catch((error: unknown) => console.error(error));
    }
    root.querySelector('.sql-run-all')!.addEventListener('click', () => this.runAll());
    root.querySelector('.sql-reset')!.addEventListener('click', () => this.reset());
    this.prewarmWhenSeen();
    this.handedOver = this.blocks.length > 0 ? carriedDatabase.take(this.dataDirUrl) : undefined;
    if (this.handedOver) {
      // Its database is up (or on its way): the first database is it, at once.
      this.acted = true;
      this.warm(this.firstDb());
    } else void this.startIfCached();
  }

  private client(db: string): SqlClient {
    let client = this.clients.get(db);
    if (!client) {
      const adopt = () => {
        const worker = this.handedOver;
        this.handedOver = undefined;
        return worker;
      };
      client = new SqlClient(this.dataDirUrl, this.assets, (event) => this.onLoad(db, event), this.pythonUrl, adopt);
      this.clients.set(db, client);
    }
    return client;
  }

  /** Blocks planRun leaves out: run, or stopped. */
  private done(): Set<number> {
    return new Set([...this.ran, ...this.stopped]);
  }

  private runBlock(target: SqlBlockView): void {
    void this.enqueue(target.db, [target], async () => {
      await this.execute(planRun(this.blocks, this.done(), target.id), target);
    });
  }

  /** "Run all": each database's chain in its own lane, the summary once all are done. */
  private runAll(): void {
    const plan = planRunAll(this.blocks, this.done());
    if (plan.length === 0) return this.say(this.t.nothingToRun);
    const generation = this.generation;
    const dbs = [...new Set(plan.map((b) => b.db))];
    const results = dbs.map((db) => {
      let done: Promise<{ ran: number; failed: number } | undefined> = Promise.resolve(undefined);
      return this.enqueue(db, [], async () => {
        done = this.execute(plan.filter((b) => b.db === db));
        await done;
      }).then(() => done);
    });
    void Promise.all(results).then((all) => {
      if (generation !== this.generation || all.some((r) => !r)) return;
      const ran = all.reduce((n, r) => n + r!.ran, 0);
      const failed = all.reduce((n, r) => n + r!.failed, 0);
      this.say([plural(this.t.ranAll, ran), ...(failed > 0 ? [plural(this.t.earlierFailed, failed)] : [])].join(' '));
    });
  }

  /** One thing at a time per database; databases do not wait for each other. */
  private enqueue(db: string, waiting: SqlBlockView[], task: () => Promise<void>): Promise<void> {
    this.stopPrewarm();
    this.acted = true;
    clearTimeout(this.carryTimer);
    const generation = this.generation;
    let lane = this.lanes.get(db);
    if (!lane) this.lanes.set(db, (lane = { queue: Promise.resolve(), queued: 0 }));
    const own = lane;
    if (own.queued > 0) for (const block of waiting) block.pending(this.t.queued);
    own.queued++;
    own.queue = own.queue
      .then(() => (generation === this.generation ? task() : undefined))
      .catch((error: unknown) => console.error(error))
      .finally(() => {
        own.queued--;
        this.carryWhenIdle();
      });
    return own.queue;
  }

  /**
   * Once a database of the page is up and nothing has run for CARRY_AFTER_MS, starts the
   * database carried to the next page: on a page with SQL blocks, and only once the reader ran
   * something or the page started its database as it opened (not a first visit, which starts
   * nothing before the reader shows intent); not once the page started Python or a lab
   * (carried-database.ts, startingHeavyRuntime).
   */
  private carryWhenIdle(): void {
    clearTimeout(this.carryTimer);
    const idle = () => [...this.lanes.values()].every((lane) => lane.queued === 0);
    if (this.blocks.length === 0 || !this.acted || this.readyAt.size === 0 || !idle()) return;
    this.carryTimer = window.setTimeout(() => {
      const assets = this.assets.assets;
      if (!assets || !idle()) return;
      carryAcrossNavigations();
      carriedDatabase.start(spawnSqlWorker, { type: 'init', dataDirUrl: this.dataDirUrl, assets });
    }, CARRY_AFTER_MS);
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
      const result = await this.runOne(block, notes, index === plan.length - 1);
      if (result === 'halted') {
        // Stopped: the database is back as the last block run left it; its views show that.
        const owed = this.viewsOwed.get(block.db);
        this.viewsOwed.delete(block.db);
        if (owed && this.stopped.has(block.id)) await this.drawViews(block.db, owed);
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

  /** `last`: the last block of its plan; the ones before it draw only their own views (drawViews). */
  private async runOne(block: SqlBlockView, notes: string[], last: boolean): Promise<Result> {
    const text = block.text();
    const db = block.db;
    // Fetched while it runs (prewarming fetched them already, mostly).
    (block.lang === 'python' ? loadPythonView() : loadResultViews()).catch(() => undefined);
    if (this.viewDbs.has(db)) this.pageViews()?.catch(() => undefined);
    this.current.set(db, block);
    this.used.add(db);
    block.pending(this.loadingText.get(db) ?? this.t.running);
    const started = performance.now();
    const since = () => performance.now() - Math.max(started, this.readyAt.get(db) ?? 0);
    let offered = false;
    // Until the run returns: drawing its results and views is not running it, and offers no Stop.
    const clock = window.setInterval(() => {
      if (offered || this.loadingText.has(db) || since() < STOP_AFTER_MS) return;
      offered = true;
      block.offerStop(since());
    }, 250);
    try {
      const options = this.viewDbs.has(db) ? VIEW_OPTIONS : undefined;
      let outcome: Outcome;
      if (block.lang === 'python') {
        this.startsPython();
        const run = await this.client(db).runPython(db, text, block.firstLine, options);
        clearInterval(clock);
        this.ran.add(block.id);
        this.stopped.delete(block.id);
        outcome = await block.showPythonRun(run, notes);
        await this.remember(db, { lang: 'python', text, firstLine: block.firstLine }, run);
        // Its views as for a SQL block of one statement whose changes are the whole block's.
        const changed = run.changes ? [{ sql: '', offset: 0, notices: [], elapsedMs: run.elapsedMs, changes: run.changes }] : [];
        await this.drawViews(db, { statements: changed, transaction: 'idle', elapsedMs: run.elapsedMs, ...(run.schema ? { schema: run.schema } : {}) }, block, last);
      } else {
        const run = await this.client(db).run(db, text, options);
        clearInterval(clock);
        this.ran.add(block.id);
        this.stopped.delete(block.id);
        outcome = await block.showRun(run, text, notes);
        await this.remember(db, { lang: 'sql', text }, run);
        await this.drawViews(db, run, block, last);
      }
      return isFailure(outcome) ? 'failed' : 'ok';
    } catch (error) {
      if (error instanceof Interrupted && error.reason === 'stop') {
        // Nothing waits for PostgreSQL now: the rebuild reports for itself.
        this.current.delete(db);
        this.stopped.add(block.id);
        this.ran.delete(block.id);
        await this.rebuild(block, since());
      } else if (error instanceof EngineProblem) this.problem(error.problem, block);
      else if (!(error instanceof Interrupted)) throw error;
      return 'halted';
    } finally {
      clearInterval(clock);
      this.current.delete(db);
    }
  }

  /**
   * Adds a finished run to its database's history; once the runs since the last snapshot
   * took SNAPSHOT_AFTER_MS, takes a new one. Not inside a transaction: a snapshot holds
   * committed data only, and replaying from it would lose the open transaction.
   */
  private async remember(db: string, replay: Replay, run: BlockRun | PythonRun): Promise<void> {
    const history: History = this.history.get(db) ?? { since: [], sinceMs: 0 };
    this.history.set(db, history);
    history.since.push(replay);
    history.sinceMs += run.elapsedMs;
    if (replay.lang === 'python') history.python = true;
    if (history.sinceMs < SNAPSHOT_AFTER_MS || history.python || !('transaction' in run) || run.transaction !== 'idle') return;
    const snapshot = await this.client(db)
      .snapshot(db)
      .catch(() => undefined);
    // Without one, Stop replays the runs since the last: slower, still right.
    if (snapshot && this.history.get(db) === history) this.history.set(db, { snapshot, since: [], sinceMs: 0 });
  }

  /**
   * The views of `db` after a run. With `pageWide` false (a block with more of its plan to
   * run), only the block's own views: the note's diagrams and tables would be redrawn at once
   * by the next block, and drawing them first delayed the result the reader asked for by
   * about as long as the run itself (a setup block before a clicked one). A view that fails
   * to draw is a bug to report, not a reason to stop the blocks after it; a query of its that
   * PostgreSQL could not answer is the engine's problem, handled as the run's.
   */
  private async drawViews(db: string, run: BlockRun, block?: SqlBlockView, pageWide = true): Promise<void> {
    const views = this.viewDbs.has(db) ? this.pageViews() : undefined;
    if (!views) return;
    if (pageWide) this.viewsOwed.delete(db);
    else this.viewsOwed.set(db, run);
    try {
      await (await views).afterRun(db, run, block, pageWide);
    } catch (error) {
      if (error instanceof Interrupted || error instanceof EngineProblem) throw error;
      console.error(error);
    }
  }

  /** The page's views, loaded on first use; undefined on a page that places none. */
  private pageViews(): Promise<PageViews> | undefined {
    const placed = this.placed;
    if (!placed) return undefined;
    if (!this.views) {
      const host = { tableRows: (db: string, table: string, key: string[]) => this.client(db).tableRows(db, table, key) };
      this.views = Promise.all([placed, import('./views/page-views.ts')]).then(([views, { PageViews }]) => new PageViews(this.blocks, this.t, host, views));
      // Tried again at the next run.
      this.views.catch(() => (this.views = undefined));
    }
    return this.views;
  }

  /**
   * A view's "draw" button: runs the blocks of `db` it comes after (and the setup blocks)
   * that have not run; when there are none, only reads the schema, to draw it as it is.
   */
  private prepare(db: string, at: HTMLElement): void {
    void this.enqueue(db, [], async () => {
      const done = this.done();
      const plan = chainOf(this.blocks, db).filter(
        (b) => !done.has(b.id) && (b.setup || b.element.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING),
      );
      if (plan.length > 0) {
        await this.execute(plan);
        return;
      }
      try {
        this.used.add(db);
        await this.drawViews(db, await this.client(db).run(db, '', VIEW_OPTIONS));
      } catch (error) {
        if (error instanceof EngineProblem) this.problem(error.problem);
        else if (!(error instanceof Interrupted)) throw error;
      }
    });
  }

  /** After Stop: a new worker for the stopped block's database, from its last snapshot and the runs since. */
  private async rebuild(stopped: SqlBlockView, elapsedMs: number): Promise<void> {
    const db = stopped.db;
    const { snapshot, since } = this.history.get(db) ?? { since: [] };
    const client = this.client(db);
    const stoppedText = fill(this.t.stopped, { seconds: seconds(elapsedMs) });
    this.say(`${stoppedText} ${plural(this.t.rebuilding, since.length)}`);
    stopped.pending(plural(this.t.rebuilding, since.length));
    try {
      // The next run should not wait for PostgreSQL to start.
      if (snapshot || since.length === 0) await client.boot(db, snapshot);
      for (const replay of since) {
        if (replay.lang === 'python') await client.runPython(db, replay.text, replay.firstLine);
        else await client.run(db, replay.text);
      }
    } catch (error) {
      if (error instanceof EngineProblem) this.problem(error.problem, stopped);
      else if (!(error instanceof Interrupted)) throw error;
      return;
    }
    const note = snapshot ? this.t.restored : since.length > 0 ? plural(this.t.rebuilt, since.length) : this.t.rebuiltEmpty;
    stopped.showStopped(elapsedMs, `${note} ${this.t.notRun}`);
    this.say(`${stoppedText} ${note}`);
  }

  private reset(): void {
    this.generation++;
    for (const client of this.clients.values()) client.restart('restart');
    this.ran.clear();
    this.stopped.clear();
    this.history.clear();
    this.viewsOwed.clear();
    for (const block of this.blocks) block.clear();
    void this.views?.then((views) => views.reset());
    this.say(this.t.resetDone);
    // Fresh databases at once, from the files already downloaded.
    if (this.assets.assets) for (const db of this.used) this.warm(db);
  }

  private problem(problem: Problem, block?: SqlBlockView, db = block?.db): void {
    const text = this.describe(problem);
    this.lastProblem = text;
    if (db) this.loadingText.delete(db);
    else this.loadingText.clear();
    this.say(text);
    block?.showProblem(text);
    if (problem.kind === 'engine' && db) {
      // Its database may be broken (out of memory, say): start it afresh; the next run replays its chain.
      this.client(db).restart('restart');
      for (const b of this.blocks) if (b.db === db) this.ran.delete(b.id);
      this.history.delete(db);
    }
  }

  private describe(problem: Problem): string {
    return problemText(problem, this.t);
  }

  private onLoad(db: string, event: LoadEvent): void {
    const t = this.t;
    const current = this.current.get(db);
    switch (event.type) {
      case 'progress': {
        const values = { loaded: megabytes(event.loaded), total: megabytes(event.total ?? 0) };
        const text = fill(event.total ? t.downloading : t.downloadingUnknown, values);
        this.loadingText.set(db, text);
        this.say(text, event.loaded, event.total);
        current?.loading(text, event.loaded, event.total);
        return;
      }
      case 'starting': {
        // Databases started in the background (after a reset, a rebuild) leave the status alone;
        // Python loading right after the database the status announced is announced too.
        const announce = current !== undefined || this.statusShowsLoading(db) || (event.part === 'python' && this.status.textContent === t.ready);
        const text = event.part === 'python' ? t.startingPython : t.starting;
        this.loadingText.set(db, text);
        if (announce) this.say(text, 0);
        current?.loading(text, 0);
        return;
      }
      case 'ready':
        if (this.statusShowsLoading(db)) this.say(event.part === 'python' ? t.pythonReady : t.ready);
        this.loadingText.delete(db);
        this.readyAt.set(db, performance.now());
        current?.loading(t.running);
        this.carryWhenIdle();
        return;
      case 'wasm-mime':
        this.warning.textContent = fill(t.wasmMime, { type: event.contentType });
        this.warning.hidden = false;
        return;
    }
  }

  private statusShowsLoading(db: string): boolean {
    const text = this.loadingText.get(db);
    return text !== undefined && this.status.textContent === text;
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

  /** Python loads in a database's worker: with it the page is at the memory budget, so it keeps no database for the next page. */
  private startsPython(): void {
    clearTimeout(this.carryTimer);
    startingHeavyRuntime();
    loadPythonView().catch(() => undefined);
  }

  /** Starts `db` ahead of a run; with `python`, its Python runtime too. */
  private warm(db: string, python = false): void {
    this.used.add(db);
    // What draws the results and the views comes while PostgreSQL loads (a failed download is tried again at the run).
    loadResultViews().catch(() => undefined);
    this.pageViews()?.catch(() => undefined);
    if (python) this.startsPython();
    this.client(db)
      .boot(db, undefined, python)
      .catch((error: unknown) => {
        if (error instanceof EngineProblem) this.problem(error.problem, undefined, db);
      });
  }

  /** The page is being left: drops queued work and stops PostgreSQL. */
  dispose(): void {
    this.generation++;
    this.stopPrewarm();
    clearTimeout(this.carryTimer);
    // Handed over and never taken (no database was asked for): it ends with the page.
    this.handedOver?.terminate();
    for (const client of this.clients.values()) client.close();
  }

  /**
   * When PostgreSQL's files are in the service worker's cache (a page of this site ran SQL
   * before), the page's first database (firstDb) starts as the page opens: starting takes
   * about as long as a reader takes to reach a block, so a Run clicked at once waits for what
   * is left of it, not for all of it. The data directory stands for the three files: the
   * worker fetches them together, and the service worker keeps each as it comes (their other
   * two names are known only to the worker's bundle). A first visit (nothing cached, no
   * service worker in control yet) starts nothing before the reader shows intent.
   */
  private async startIfCached(): Promise<void> {
    if (this.blocks.length === 0 || typeof caches === 'undefined' || !navigator.serviceWorker?.controller) return;
    const generation = this.generation;
    const cached = await caches.match(new URL(this.dataDirUrl, location.href).href, { ignoreSearch: true }).catch(() => undefined);
    if (cached && generation === this.generation) {
      this.acted = true;
      this.warm(this.firstDb());
    }
  }

  /**
   * The database started as the page opens: the first SQL block's, whose result can come at
   * once; a Python block's first run waits seconds for Python anyway.
   */
  private firstDb(): string {
    return (this.blocks.find((b) => b.lang === 'sql') ?? this.blocks[0]).db;
  }

  /** A block in view for PREWARM_AFTER_MS starts its database, unless the reader was quicker. */
  private prewarmWhenSeen(): void {
    if (typeof IntersectionObserver !== 'function') return;
    const timers = new Map<Element, number>();
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        clearTimeout(timers.get(entry.target));
        if (!entry.isIntersecting) continue;
        const block = this.blocks.find((b) => b.element === entry.target);
        timers.set(
          entry.target,
          window.setTimeout(() => {
            this.stopPrewarm();
            this.warm(block?.db ?? 'main', block?.lang === 'python');
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

/**
 * The oracle (Node only): runs one permutation of a scenario on a real PostgreSQL server
 * through node-postgres, the way PostgreSQL's isolationtester does
 * (src/test/isolation/isolationtester.c, PostgreSQL 14+):
 *
 * - a fresh database per run, CREATE DATABASE … TEMPLATE template0 on an admin connection,
 *   dropped afterwards; the shared setup blocks run there on a monitor connection;
 * - one connection per session: `SET deadlock_timeout` (see below), `SET
 *   default_transaction_isolation` to the run's level (or the session's own), then its setup;
 * - each step is sent as one simple query (several statements in a step run as one query
 *   string), then polled every few milliseconds until it completes or the monitor sees it
 *   blocked (`pg_isolation_test_session_is_blocked`, the function isolationtester uses);
 *   after each step, the steps still waiting are polled in the order they began to wait,
 *   and one that completes is recorded as resumed after the step whose turn it is. A step
 *   for a session that is still waiting waits for that session's step first, as
 *   isolationtester does (and is refused when nothing can end that wait).
 *
 * Deadlock victims. PostgreSQL runs the deadlock check in a waiting backend once, when its
 * wait has lasted deadlock_timeout; the backend that finds the cycle is the one that fails
 * with 40P01. With the default 1 s, which backend that is depends on timing. The lab runs
 * every session with deadlock_timeout = 10ms and reports a step as waiting only after it has
 * stayed blocked on the same lock for `settleMs` (100 ms): by then its deadlock check has
 * run. So each wait is checked before the next step is issued — as when a person types the
 * steps — and the victim is always the session whose step closes the cycle: that step fails
 * at once (it is never reported waiting), and the waits it ends resume after it. (A session's
 * setup may set its own deadlock_timeout, as PostgreSQL's deadlock specs do; it then applies.)
 */
import pg from 'pg';
import type { IsolationLevel, LabEngine, LabScenario, LabSession, StepBlocker, StepResult, Transcript, TranscriptEvent } from '../../core/lab/scenario.ts';
import { LabRunError } from '../../core/lab/run-error.ts';
import { labMessage } from '../../core/lab/lab-text.ts';
import { quoteIdentifier, quoteLiteral } from '../../core/sql/quote.ts';

type Row = (string | null)[];

export interface PostgresEngineOptions {
  /** postgres:// URL of a server where the user may CREATE DATABASE and SET deadlock_timeout (a superuser). */
  url: string;
  /** How often a running step is polled, ms (isolationtester: 10). */
  pollMs?: number;
  /** How long a step must stay blocked on one lock before it is reported waiting, ms. */
  settleMs?: number;
  /** How long a step may run (not blocked) before the run is abandoned, ms. */
  stepTimeoutMs?: number;
}

export { LabRunError };

const DEADLOCK_TIMEOUT = '10ms';
const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time setting as SHOW prints it (`10ms`, `1s`, `2min`) in milliseconds. */
function milliseconds(setting: string): number {
  const m = /^(\d+)\s*([a-z]*)$/.exec(setting.trim());
  return m ? Number(m[1]) * (UNITS[m[2] || 'ms'] ?? 1) : 1000;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One step's query, submitted to node-postgres as a raw simple query so the server's own
 * command tags (`INSERT 0 1`, `CREATE TABLE`, `ROLLBACK` for a COMMIT that rolled back) and
 * text-format values arrive untouched.
 */
class StepQuery implements pg.Submittable {
  readonly text: string;
  readonly done: Promise<void>;
  finished = false;
  result: StepResult = {};
  /** Set when the connection failed rather than the SQL: the run cannot go on. */
  lost?: string;
  private columns?: string[];
  private rows?: Row[];
  private finish!: () => void;

  constructor(text: string) {
    this.text = text;
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  submit(connection: pg.Connection): void {
    connection.query(this.text);
  }

  handleRowDescription(msg: { fields: { name: string }[] }): void {
    this.columns = msg.fields.map((f) => f.name);
    this.rows = [];
  }

  handleDataRow(msg: { fields: Row }): void {
    this.rows?.push(msg.fields);
  }

  handleCommandComplete(msg: { text: string }): void {
    // The step's result is its last statement's: each completed statement replaces it.
    this.result = { tag: msg.text, ...(this.columns && { columns: this.columns, rows: this.rows }), notices: this.result.notices };
    this.columns = this.rows = undefined;
  }

  handleEmptyQuery(): void {}

  handleError(error: Error & { code?: string; severity?: string }, connection?: pg.Connection): void {
    if (error.code) this.result = { error: { code: error.code, message: error.message }, notices: this.result.notices };
    else this.lost = error.message;
    // The server sends the error before it aborts the transaction (PostgresMain: EmitErrorReport,
    // then AbortCurrentTransaction), so its locks go only by ReadyForQuery: a step issued on the
    // error alone could still meet them (a LOCK TABLE … NOWAIT failed so on a loaded machine).
    // node-postgres hands ReadyForQuery after an error to no query, so the connection is heard.
    if (error.code && connection && error.severity === 'ERROR') connection.once('readyForQuery', () => this.complete());
    else this.complete();
  }

  handleReadyForQuery(): void {
    this.complete();
  }

  handleCopyInResponse(connection: pg.Connection): void {
    (connection as pg.Connection & { sendCopyFail(message: string): void }).sendCopyFail('COPY FROM STDIN has no data in the lab');
  }

  handleCopyData(): void {}

  handlePortalSuspended(): void {}

  notice(text: string): void {
    (this.result.notices ??= []).push(text);
  }

  private complete(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.result.notices?.length) delete this.result.notices;
    this.finish();
  }
}

type Timing = Required<Omit<PostgresEngineOptions, 'url'>>;

interface Session {
  spec: LabSession;
  client: pg.Client;
  pid: number;
  /** Its deadlock_timeout after its setup, ms: how long one of its waits may end in a deadlock error. */
  deadlockMs: number;
  notices: number;
  active?: ActiveStep;
}

interface ActiveStep {
  name: string;
  session: Session;
  query: StepQuery;
  blockers: StepBlocker[];
  /** Notice counts the `notices` blockers wait for, fixed when the step is issued. */
  noticeTargets: Map<StepBlocker, number>;
  /** The lock it is blocked on and since when, while it is. */
  blockedOn?: { key: string; since: number };
  /** The lock it was reported waiting on: still blocked there means still waiting, no new settling needed. */
  settledOn?: string;
}

/** A permutation being run: sessions, the steps still waiting, the transcript so far. */
class Run {
  readonly events: TranscriptEvent[] = [];
  private waiting: ActiveStep[] = [];
  /** The step of the permutation being issued: a waiting step that completes now resumes `after` it. */
  private turn = '';
  private readonly timing: Timing;
  private readonly monitor: pg.Client;
  private readonly sessions: Session[];

  constructor(timing: Timing, monitor: pg.Client, sessions: Session[]) {
    this.timing = timing;
    this.monitor = monitor;
    this.sessions = sessions;
  }

  /** Whether the session is blocked by another session, and on which lock (a key to notice a new wait). */
  private async blockState(session: Session): Promise<{ blocked: boolean; key: string }> {
    const { rows } = await this.monitor.query({
      text: `SELECT pg_isolation_test_session_is_blocked($1, $2::int[]) AS blocked,
               (SELECT string_agg(concat_ws(':', locktype, database, relation, page, tuple, virtualxid,
                                            transactionid, classid, objid, objsubid, mode), ',')
                  FROM pg_locks WHERE pid = $1 AND NOT granted) AS key`,
      values: [session.pid, this.sessions.map((s) => s.pid)],
    });
    return { blocked: rows[0].blocked === 't', key: rows[0].key ?? '' };
  }

  private async blockers(session: Session): Promise<string[]> {
    const { rows } = await this.monitor.query({
      text: 'SELECT unnest(pg_blocking_pids($1)) AS pid UNION SELECT unnest(pg_safe_snapshot_blocking_pids($1))',
      values: [session.pid],
    });
    const pids = new Set(rows.map((r) => Number(r.pid)));
    return this.sessions.filter((s) => pids.has(s.pid)).map((s) => s.spec.name);
  }

  /** isolationtester's step_has_blocker: a finished step whose completion must not be reported yet. */
  private held(step: ActiveStep): boolean {
    return step.blockers.some((b) => {
      if (b.kind === 'step') return this.sessions.some((s) => s.active?.name === b.step);
      if (b.kind === 'notices') return this.sessionOf(b.step).notices < step.noticeTargets.get(b)!;
      return false;
    });
  }

  private sessionOf(step: string): Session {
    return this.sessions.find((s) => s.spec.steps.some((st) => st.name === step))!;
  }

  private async reportWaiting(step: ActiveStep, known: boolean): Promise<void> {
    const waitsFor = known ? await this.blockers(step.session) : undefined;
    this.events.push({ kind: 'waiting', step: step.name, session: step.session.spec.name, ...(waitsFor && { waitsFor }) });
  }

  /**
   * isolationtester's try_complete_step with STEP_NONBLOCK: true while the step is waiting,
   * false once it completed. `retry`: it was issued earlier and its waiting already reported.
   */
  private async tryComplete(step: ActiveStep, retry: boolean): Promise<boolean> {
    const { pollMs, settleMs, stepTimeoutMs } = this.timing;
    if (!retry && step.blockers.some((b) => b.kind === 'once')) {
      await this.reportWaiting(step, false);
      return true;
    }
    const started = Date.now();
    while (!step.query.finished) {
      await Promise.race([step.query.done, sleep(pollMs)]);
      if (step.query.finished) break;
      const { blocked, key } = await this.blockState(step.session);
      if (blocked && !step.query.finished) {
        if (step.settledOn === key) return true;
        if (step.blockedOn?.key !== key) step.blockedOn = { key, since: Date.now() };
        if (Date.now() - step.blockedOn.since >= settleMs) {
          step.settledOn = key;
          if (!retry) await this.reportWaiting(step, true);
          return true;
        }
        continue;
      }
      step.blockedOn = undefined;
      if (Date.now() - started > stepTimeoutMs) {
        await this.monitor.query('SELECT pg_cancel_backend($1)', [step.session.pid]);
        await step.query.done;
        throw new LabRunError(labMessage('run', 'stepCancelled', { step: step.name, seconds: stepTimeoutMs / 1000 }));
      }
    }
    if (step.query.lost) throw new LabRunError(labMessage('run', 'connectionLost', { session: step.session.spec.name, step: step.name, error: step.query.lost }));
    if (this.held(step)) {
      if (!retry) await this.reportWaiting(step, false);
      return true;
    }
    step.session.active = undefined;
    const { name, query } = step;
    const session = step.session.spec.name;
    this.events.push(retry ? { kind: 'resumed', step: name, session, after: this.turn, result: query.result } : { kind: 'done', step: name, session, result: query.result });
    return false;
  }

  private noticeCount(): number {
    return this.sessions.reduce((n, s) => n + s.notices, 0);
  }

  /**
   * isolationtester's try_complete_steps: polls the waiting steps, and again while one with
   * markers is left and a step completed or a notice arrived (either may have let it go).
   */
  async tryCompleteWaiting(): Promise<void> {
    for (;;) {
      const [before, notices] = [this.waiting.length, this.noticeCount()];
      const still: ActiveStep[] = [];
      for (const step of this.waiting) if (await this.tryComplete(step, true)) still.push(step);
      this.waiting = still;
      if (!still.some((s) => s.blockers.length) || (still.length === before && this.noticeCount() === notices)) return;
    }
  }

  /**
   * A step for a session that is still running an earlier one: isolationtester waits for
   * that step first (not for whichever waiting step finishes first: that keeps the order of
   * the events fixed), then polls the other waiting steps.
   */
  private async waitForSession(session: Session, next: string): Promise<void> {
    const { pollMs, settleMs, stepTimeoutMs } = this.timing;
    const longestDeadlockCheck = Math.max(...this.sessions.map((s) => s.deadlockMs));
    const started = Date.now();
    while (session.active) {
      const old = session.active;
      // Blocked: only a deadlock check (or a timeout in its SQL) can still end its wait.
      const left = started + (old.settledOn !== undefined ? longestDeadlockCheck + 2 * settleMs + 1000 : stepTimeoutMs) - Date.now();
      await Promise.race([old.query.done, sleep(Math.max(0, left))]);
      if (!old.query.finished) {
        await this.monitor.query('SELECT pg_cancel_backend($1)', [session.pid]);
        await old.query.done;
        throw new LabRunError(labMessage('run', 'stillWaiting', { step: next, session: session.spec.name, waiting: old.name }));
      }
      if (!(await this.tryComplete(old, true))) this.waiting = this.waiting.filter((s) => s !== old);
      await this.tryCompleteWaiting();
      // Finished but held back by a marker: give the step it waits for time to finish.
      if (session.active === old) await sleep(pollMs);
    }
  }

  async issue(name: string, blockers: StepBlocker[]): Promise<void> {
    const session = this.sessionOf(name);
    // Steps that complete from now on do so on this step's turn, even before it can be sent.
    this.turn = name;
    if (session.active) await this.waitForSession(session, name);
    const sql = session.spec.steps.find((s) => s.name === name)!.sql;
    const query = new StepQuery(sql);
    const noticeTargets = new Map<StepBlocker, number>();
    for (const b of blockers) if (b.kind === 'notices') noticeTargets.set(b, this.sessionOf(b.step).notices + b.count);
    const step: ActiveStep = { name, session, query, blockers, noticeTargets };
    session.active = step;
    session.client.query(query);
    const mustWait = await this.tryComplete(step, false);
    await this.tryCompleteWaiting();
    if (mustWait) this.waiting.push(step);
  }
}

export class PostgresEngine implements LabEngine {
  readonly name = 'postgres';
  private readonly timing: Timing;
  private readonly url: string;
  private admin?: Promise<pg.Client>;
  private runs = 0;

  constructor(options: PostgresEngineOptions) {
    this.url = options.url;
    this.timing = { pollMs: options.pollMs ?? 5, settleMs: options.settleMs ?? 100, stepTimeoutMs: options.stepTimeoutMs ?? 30_000 };
  }

  private async connect(database?: string, applicationName = 'lab'): Promise<pg.Client> {
    const url = new URL(this.url);
    if (database) url.pathname = `/${encodeURIComponent(database)}`;
    const client = new pg.Client({
      connectionString: url.href,
      application_name: applicationName,
      // Values stay in PostgreSQL's text format, as the transcripts record them.
      types: { getTypeParser: () => (value: string) => value },
    });
    // A connection that dies (closing a session mid-wait) must not crash the process.
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  /** The server's version, for golden files: `PostgreSQL 15.18 (Debian …)`. */
  async serverVersion(): Promise<string> {
    const admin = await (this.admin ??= this.connect());
    const { rows } = await admin.query('SELECT version()');
    return String(rows[0].version).replace(/ on .*$/, '');
  }

  async run(scenario: LabScenario, permutation: string[], level: IsolationLevel, blockers: StepBlocker[][] = []): Promise<Transcript> {
    const known = new Set(scenario.sessions.flatMap((s) => s.steps.map((step) => step.name)));
    const unknown = permutation.find((name) => !known.has(name));
    if (unknown !== undefined) throw new LabRunError(labMessage('run', 'unknownStep', { step: unknown }));
    const admin = await (this.admin ??= this.connect());
    const database = `lab_${process.pid}_${++this.runs}`;
    await admin.query(`CREATE DATABASE ${quoteIdentifier(database)} TEMPLATE template0`);
    const clients: pg.Client[] = [];
    try {
      const monitor = await this.connect(database, 'lab monitor');
      clients.push(monitor);
      for (const [i, sql] of scenario.setup.entries()) {
        await monitor.query(sql).catch((error: Error) => {
          throw new LabRunError(labMessage('run', 'setupBlockFailed', { n: i + 1, error: error.message }));
        });
      }
      const sessions: Session[] = [];
      for (const spec of scenario.sessions) {
        const client = await this.connect(database, `lab ${spec.name}`);
        clients.push(client);
        const session: Session = { spec, client, pid: 0, deadlockMs: 0, notices: 0 };
        client.on('notice', (msg) => {
          session.notices++;
          session.active?.query.notice(`${msg.severity}: ${msg.message}`);
        });
        session.pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
        await client.query(`SET deadlock_timeout = '${DEADLOCK_TIMEOUT}'`).catch((error: Error) => {
          throw new LabRunError(labMessage('run', 'deadlockTimeout', { error: error.message }));
        });
        await client.query(`SET default_transaction_isolation = '${spec.level ?? level}'`);
        for (const sql of spec.setup) {
          await client.query(sql).catch((error: Error) => {
            throw new LabRunError(labMessage('run', 'sessionSetupFailed', { session: spec.name, error: error.message }));
          });
        }
        // SHOW, unlike a SELECT, takes no snapshot in a transaction the setup may have begun.
        session.deadlockMs = milliseconds((await client.query('SHOW deadlock_timeout')).rows[0].deadlock_timeout);
        sessions.push(session);
      }

      const run = new Run(this.timing, monitor, sessions);
      for (const [position, name] of permutation.entries()) await run.issue(name, blockers[position] ?? []);
      await run.tryCompleteWaiting();

      // Teardown as isolationtester runs it, its failures ignored; sessions still waiting are ended by closing them.
      for (const session of sessions) {
        if (!session.active) for (const sql of session.spec.teardown ?? []) await session.client.query(sql).catch(() => {});
      }
      await Promise.all(sessions.map((s) => s.client.end().catch(() => {})));
      for (const sql of scenario.teardown) await monitor.query(sql).catch(() => {});
      const prepared = await monitor.query('SELECT gid FROM pg_prepared_xacts WHERE database = current_database()');
      for (const { gid } of prepared.rows) await monitor.query(`ROLLBACK PREPARED ${quoteLiteral(String(gid))}`);
      return { permutation, level, events: run.events };
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).end();
  }
}

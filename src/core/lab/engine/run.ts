/**
 * One permutation on the lab engine, step by step, reported the way the oracle (a real
 * server driven like PostgreSQL's isolationtester, see postgres-engine.ts) reports it:
 *
 * - a step runs its statements until they end or one has to wait for a lock;
 * - a waiting step is reported waiting once it has stayed blocked for SETTLE_MS, by which
 *   time its deadlock check has run (PostgreSQL checks a wait once, deadlock_timeout after it
 *   began; the oracle sets 10 ms for every session). Time here is virtual: it moves only
 *   while a step settles, or while a step is issued for a session still waiting, so the
 *   deadlock victim is the session whose step closes the cycle, unless sessions set their
 *   own deadlock_timeout — then the earliest check that finds the cycle picks it. A session's
 *   lock_timeout ends each of its lock waits that lasts that long with 55P03, on the same
 *   clock: one shorter than the settling time fails the step before it is reported waiting,
 *   a longer one fires when time moves past it;
 * - when a transaction ends or a statement fails, waiters are retried in the order they
 *   began waiting; their completions are reported after the step being issued, as
 *   `resumed` events.
 */
import { splitStatements } from '../../sql/split.ts';
import type { StatementResult } from '../../sql/results.ts';
import { LabRunError } from '../run-error.ts';
import { labMessage, type LabText } from '../lab-text.ts';
import type { LabScenario, LabStep, StepBlocker, StepResult, TranscriptEvent } from '../scenario.ts';
import { affectedTables } from '../../schema/capture.ts';
import { attempt, concurrentlyChanged, serializationFailure, sqlError, type Attempt } from './attempt.ts';
import type { DataStatement } from './classify.ts';
import { classify } from './classify.ts';
import { REFUSALS } from './refusals.ts';
import type { LabContext, SessionState, Wait } from './context.ts';
import { findCycle } from './locks.ts';
import type { Tx } from './row-store.ts';
import { abortSubtransaction, savepointControl } from './savepoints.ts';
import { beginSerializable } from './serializable.ts';
import { ABORTED, commitTransaction, failTransaction, statementResult, transactionControl } from './transaction.ts';

/** How long the oracle watches a blocked step before it reports it waiting, ms. */
export const SETTLE_MS = 100;
/** The deadlock_timeout the oracle gives every session, ms. */
export const LAB_DEADLOCK_MS = 10;

/** What can end a wait while time passes: its deadlock check, or its lock_timeout. */
interface Timer {
  wait: Wait;
  at: number;
  timeout: boolean;
}

interface ActiveStep {
  step: LabStep;
  session: SessionState;
  result: StepResult;
  finished: boolean;
  markers: StepBlocker[];
  /** Notice counts the `notices` markers wait for, fixed when the step is issued. */
  noticeTargets: Map<StepBlocker, number>;
}

const LOCKING: Record<string, string> = {
  update: 'SELECT FOR UPDATE',
  'no key update': 'SELECT FOR NO KEY UPDATE',
  share: 'SELECT FOR SHARE',
  'key share': 'SELECT FOR KEY SHARE',
};

/** A statement as messages quote it: on one line, cut at 80 characters. */
function shorten(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function stepResult(previous: StepResult, result: StatementResult): StepResult {
  const notices = [...(previous.notices ?? []), ...result.notices.map((n) => `${n.severity}: ${n.message}`)];
  const next: StepResult = result.error
    ? { error: { code: result.error.code, message: result.error.message } }
    : { tag: result.tag, ...(result.columns && { columns: result.columns.map((c) => c.name), rows: result.rows ?? [] }) };
  if (notices.length > 0) next.notices = notices;
  return next;
}

export class LabRun {
  readonly events: TranscriptEvent[] = [];
  private readonly ctx: LabContext;
  private readonly steps: Map<string, LabStep>;
  private readonly active = new Map<SessionState, ActiveStep>();
  /** Steps reported waiting, in the order they were. */
  private waiting: ActiveStep[] = [];
  private readonly notices = new Map<SessionState, number>();
  private clock = 0;
  /** The permutation step being issued: a waiting step that completes now resumes after it. */
  private turn = '';

  constructor(ctx: LabContext, scenario: LabScenario) {
    this.ctx = ctx;
    this.steps = new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, step] as const)));
  }

  private session(name: string): SessionState {
    return this.ctx.sessions.get(name)!;
  }

  /** A session's setup statement, before the permutation: it must complete at once. */
  async setup(session: SessionState, sql: string): Promise<void> {
    const step: LabStep = { name: `setup of ${session.name}`, session: session.name, sql, line: 0 };
    const active = this.start(session, step, []);
    await this.advance(session);
    if (!active.finished) throw new LabRunError(labMessage('run', 'sessionSetupWaits', { session: session.name }));
    this.active.delete(session);
    if (active.result.error) throw new LabRunError(labMessage('run', 'sessionSetupFailed', { session: session.name, error: active.result.error.message }));
  }

  private start(session: SessionState, step: LabStep, markers: StepBlocker[]): ActiveStep {
    const noticeTargets = new Map<StepBlocker, number>();
    for (const marker of markers) {
      if (marker.kind === 'notices') noticeTargets.set(marker, (this.notices.get(this.session(this.steps.get(marker.step)!.session)) ?? 0) + marker.count);
    }
    const active: ActiveStep = { step, session, result: {}, finished: false, markers, noticeTargets };
    this.active.set(session, active);
    session.step = step;
    session.pending = splitStatements(step.sql).map((s) => s.text);
    session.implicitBlock = session.pending.length > 1 && !session.tx;
    return active;
  }

  async issue(name: string, markers: StepBlocker[]): Promise<void> {
    const step = this.steps.get(name);
    if (!step) throw new LabRunError(labMessage('run', 'unknownStep', { step: name }));
    const session = this.session(step.session);
    this.turn = name;
    if (this.active.has(session)) await this.waitForSession(session, name);
    const active = this.start(session, step, markers);
    if (markers.some((m) => m.kind === 'once')) {
      this.report({ kind: 'waiting', step: name, session: session.name });
      await this.advance(session);
      await this.wake();
      this.reportCompletions();
      this.waiting.push(active);
      return;
    }
    await this.advance(session);
    await this.wake();
    if (session.wait) await this.passTime(this.clock + SETTLE_MS);
    if (active.finished && !this.held(active)) {
      this.active.delete(session);
      this.report({ kind: 'done', step: name, session: session.name, result: active.result });
    } else {
      const waitsFor = session.wait ? this.waitsFor(session.wait) : undefined;
      this.report({ kind: 'waiting', step: name, session: session.name, ...(waitsFor && { waitsFor }) });
    }
    this.reportCompletions();
    if (this.active.get(session) === active) this.waiting.push(active);
  }

  /** After the last step: steps that complete now are reported; those still waiting stay so. */
  finish(): void {
    this.reportCompletions();
  }

  private report(event: TranscriptEvent): void {
    this.events.push(event);
  }

  private waitsFor(wait: Wait): string[] {
    return [...new Set(wait.blockers.map((tx) => tx.session))];
  }

  /** isolationtester's step_has_blocker: a finished step whose completion must not be reported yet. */
  private held(active: ActiveStep): boolean {
    return active.markers.some((marker) => {
      if (marker.kind === 'step') return [...this.active.values()].some((a) => a.step.name === marker.step && a !== active);
      if (marker.kind === 'notices') {
        const session = this.session(this.steps.get(marker.step)!.session);
        return (this.notices.get(session) ?? 0) < active.noticeTargets.get(marker)!;
      }
      return false;
    });
  }

  /** Waiting steps that have completed, in the order they were reported waiting; again while markers may have let more go. */
  private reportCompletions(): void {
    for (;;) {
      const done = this.waiting.filter((a) => a.finished && !this.held(a));
      if (done.length === 0) return;
      for (const active of done) {
        this.active.delete(active.session);
        this.report({ kind: 'resumed', step: active.step.name, session: active.session.name, after: this.turn, result: active.result });
      }
      this.waiting = this.waiting.filter((a) => !done.includes(a));
      if (!this.waiting.some((a) => a.markers.length > 0)) return;
    }
  }

  /**
   * A step for a session still running an earlier one: as isolationtester, wait for that
   * step first. Only a deadlock check or a lock timeout can still end a wait, so time moves
   * to the next one.
   */
  private async waitForSession(session: SessionState, next: string): Promise<void> {
    const old = this.active.get(session)!;
    while (!old.finished) {
      const timer = this.nextTimer();
      if (!timer) {
        throw new LabRunError(labMessage('run', 'stillWaiting', { step: next, session: session.name, waiting: old.step.name }));
      }
      await this.passTime(timer.at);
    }
    if (this.held(old)) throw new LabRunError(labMessage('run', 'heldBack', { step: next, held: old.step.name }));
    this.waiting = this.waiting.filter((a) => a !== old);
    this.active.delete(session);
    this.report({ kind: 'resumed', step: old.step.name, session: session.name, after: next, result: old.result });
    this.reportCompletions();
  }

  /**
   * The next timer of a waiting statement due by `before`: a deadlock check not yet run, or a
   * lock_timeout. At one moment a wait's lock timeout wins: ProcSleep runs the deadlock check,
   * then CHECK_FOR_INTERRUPTS raises the timeout's cancel (the oracle cannot show a tie).
   */
  private nextTimer(before = Infinity): Timer | undefined {
    const timers = [...this.ctx.sessions.values()].flatMap(({ wait }): Timer[] => {
      if (!wait) return [];
      const check: Timer[] = wait.checked ? [] : [{ wait, at: wait.checkAt, timeout: false }];
      return wait.timeoutAt === undefined ? check : [...check, { wait, at: wait.timeoutAt, timeout: true }];
    });
    return timers.filter((t) => t.at <= before).sort((a, b) => a.at - b.at || a.wait.since - b.wait.since || Number(b.timeout) - Number(a.timeout))[0];
  }

  /** Moves virtual time to `until`, running the deadlock checks and lock timeouts that fall due on the way. */
  private async passTime(until: number): Promise<void> {
    for (let timer = this.nextTimer(until); timer; timer = this.nextTimer(until)) {
      const { wait } = timer;
      this.clock = Math.max(this.clock, timer.at);
      wait.checked = true;
      const session = [...this.ctx.sessions.values()].find((s) => s.wait === wait)!;
      const error = timer.timeout ? sqlError('55P03', 'canceling statement due to lock timeout') : this.deadlocked(session.tx!) && sqlError('40P01', 'deadlock detected');
      if (error) {
        session.wait = undefined;
        if (wait.tableLock) this.ctx.tableLocks.dequeue(session.tx!);
        this.complete(session, statementResult(wait.sql, undefined, { error }), true);
        await this.advance(session);
        await this.wake();
      }
    }
    this.clock = Math.max(this.clock, until);
  }

  /** A new lock wait's timers, from now: its deadlock check, and its lock_timeout unless that is 0. */
  private timers(session: SessionState): Pick<Wait, 'checkAt' | 'checked' | 'timeoutAt'> {
    return { checkAt: this.clock + session.deadlockMs, checked: false, ...(session.lockTimeoutMs > 0 && { timeoutAt: this.clock + session.lockTimeoutMs }) };
  }

  private deadlocked(tx: Tx): boolean {
    const waitsFor = (t: Tx) => (this.ctx.sessionOf(t)?.wait?.blockers ?? []).filter((b) => b.status === 'active');
    return findCycle(tx, waitsFor) !== undefined;
  }

  /** Whether a wait can end now: its holders have all ended, or the waiter it queued behind has moved on, or the lock manager would grant its lock. */
  private ready(wait: Wait, tx: Tx): boolean {
    if (wait.tableLock) return this.ctx.tableLocks.grantable(tx, wait.tableLock);
    if (wait.queuedBehind) {
      const head = wait.blockers[0];
      return head.status !== 'active' || this.ctx.sessionOf(head)?.wait !== wait.queuedBehind;
    }
    return wait.blockers.every((b) => b.status !== 'active');
  }

  /** Retries waiters that can go on, earliest first, until none can. */
  private async wake(): Promise<void> {
    for (;;) {
      const session = [...this.ctx.sessions.values()]
        .filter((s) => s.wait && this.ready(s.wait, s.tx!))
        .sort((a, b) => a.wait!.since - b.wait!.since)[0];
      if (!session) return;
      const wait = session.wait!;
      const tx = session.tx!;
      // READ COMMITTED re-reads the rows it waited for at their newest version (EvalPlanQual).
      const epq = tx.level === 'read committed' ? wait.targets : undefined;
      // A row waited for under REPEATABLE READ or SERIALIZABLE that the transaction it waited on
      // changed: heap_update / heap_delete (the statement's own row, or a referential action's)
      // and heap_lock_tuple (a locking read, a foreign-key check) answer 40001 as the wait ends,
      // before the statement reads or writes anything more (SERIALIZABLE's checks included).
      const blocked = wait.request;
      if (blocked && concurrentlyChanged(this.ctx, tx, blocked.row, blocked.mode)) {
        const lockOnly = wait.statement.kind === 'select' || blocked.mode === 'key share';
        session.wait = undefined;
        this.complete(session, statementResult(wait.sql, undefined, { error: serializationFailure(lockOnly ? undefined : blocked.row) }), true);
        await this.advance(session);
        continue;
      }
      // A statement that waited in its triggers starts again from before its own rows.
      if (wait.writtenBefore) this.ctx.store.rollbackTo(tx, wait.writtenBefore);
      const { sequences } = this.ctx;
      const now = await sequences.save();
      await sequences.restore(wait.sequences);
      // A READ COMMITTED statement that waited to open its tables takes its snapshot now (parse analysis locks them before PortalStart's snapshot).
      const snapshot = wait.beforeRows && tx.level === 'read committed' ? this.ctx.store.takeSnapshot() : wait.snapshot;
      const retry = await this.attempt(session, () => attempt(this.ctx, session, tx, wait.statement, wait.sql, snapshot, epq));
      await sequences.restore(sequences.furthest(now, await sequences.save()));
      if (retry.status === 'waiting') {
        // Rows re-checked after the earlier waits stay re-checked: the scan went past them.
        const targets = new Set([...wait.targets, ...retry.wait.targets]);
        session.wait = { ...retry.wait, targets, sequences: wait.sequences, since: wait.since, ...this.timers(session) };
        continue;
      }
      session.wait = undefined;
      this.complete(session, retry.result, true);
      await this.advance(session);
    }
  }

  /** Records a statement's result in its step; a failure aborts the transaction, an autocommitted statement commits. */
  private complete(session: SessionState, result: StatementResult, data: boolean): void {
    const active = this.active.get(session)!;
    active.result = stepResult(active.result, result);
    if (result.notices.length > 0) this.notices.set(session, (this.notices.get(session) ?? 0) + result.notices.length);
    session.pending.shift();
    if (result.error) {
      if (!abortSubtransaction(this.ctx, session.tx)) failTransaction(this.ctx, session);
      session.pending = [];
      return;
    }
    const tx = session.tx;
    if (data && tx && !tx.explicit && !session.implicitBlock) {
      const error = commitTransaction(this.ctx, session);
      if (error) active.result = stepResult(active.result, statementResult(result.sql, undefined, { error }));
    }
  }

  /** The statement calls a function of the setup's, or writes a table whose triggers (or its cascades' tables' triggers) will run. */
  private runsCode(statement: DataStatement): boolean {
    const { executor } = this.ctx;
    if (executor.callsFunction(statement)) return true;
    if (statement.kind === 'select') return false;
    return affectedTables(executor.schema, new Set([statement.table])).some((t) => this.ctx.table(t).hasTriggers);
  }

  /** A try at the session's statement; what the engine refuses on the way names the step and the statement. */
  private async attempt(session: SessionState, run: () => Promise<Attempt>): Promise<Attempt> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof LabRunError) || !session.step) throw error;
      throw new LabRunError(labMessage('run', 'atStep', { step: session.step.name, sql: shorten(session.pending[0] ?? ''), reason: error.text }));
    }
  }

  /** Runs the session's pending statements until one waits or the step ends. */
  private async advance(session: SessionState): Promise<void> {
    const active = this.active.get(session)!;
    while (session.pending.length > 0) {
      const sql = session.pending[0];
      const statement = classify(sql);
      const refuse = (reason: LabText) => new LabRunError(labMessage('run', 'atStep', { step: active.step.name, sql: shorten(sql), reason }));
      if (statement.kind === 'refused') throw refuse(statement.reason);
      if (statement.kind === 'syntax-error') {
        this.complete(session, statementResult(sql, undefined, { error: sqlError('42601', statement.message) }), false);
        continue;
      }
      const table = statement.kind === 'select' ? statement.lock?.table : 'table' in statement ? statement.table : undefined;
      if (table !== undefined && !this.ctx.store.tables().includes(table)) {
        throw refuse(REFUSALS.notATable(table));
      }
      if (statement.kind === 'show') {
        // SHOW reads the session's settings, not the data: it takes no snapshot and starts nothing.
        const result = session.tx?.failed
          ? statementResult(sql, undefined, { error: ABORTED() })
          : (await this.ctx.executor.run(sql, new Map(), this.ctx.settingsOf(session), {})).result;
        this.complete(session, result, false);
        continue;
      }
      if (statement.kind === 'lock-table') {
        const unknown = statement.tables.find((t) => !this.ctx.store.tables().includes(t));
        if (unknown !== undefined) throw refuse(REFUSALS.notATable(unknown));
        if (session.tx?.failed) {
          this.complete(session, statementResult(sql, undefined, { error: ABORTED() }), false);
          continue;
        }
        if (!session.tx?.explicit && !session.implicitBlock) {
          this.complete(session, statementResult(sql, undefined, { error: sqlError('25P01', 'LOCK TABLE can only be used in transaction blocks') }), false);
          continue;
        }
        // LOCK TABLE takes no snapshot (a REPEATABLE READ transaction may lock first and read after the lock is granted).
        const tx = (session.tx ??= this.ctx.newTx(session, false));
        const outcome = await this.attempt(session, () => attempt(this.ctx, session, tx, statement, sql, this.ctx.store.takeSnapshot()));
        if (outcome.status === 'waiting') {
          session.wait = { ...outcome.wait, sequences: await this.ctx.sequences.save(), since: this.ctx.nextWait(), ...this.timers(session) };
          return;
        }
        this.complete(session, outcome.result, false);
        continue;
      }
      if (statement.kind === 'savepoint' || statement.kind === 'release' || statement.kind === 'rollback-to') {
        this.complete(session, savepointControl(this.ctx, session, statement, sql), false);
        continue;
      }
      if (statement.kind !== 'select' && statement.kind !== 'insert' && statement.kind !== 'update' && statement.kind !== 'delete') {
        this.complete(session, transactionControl(this.ctx, session, statement, sql), false);
        continue;
      }
      const tx = (session.tx ??= this.ctx.newTx(session, false));
      if (tx.failed) {
        this.complete(session, statementResult(sql, undefined, { error: ABORTED() }), true);
        continue;
      }
      const command = statement.kind === 'select' ? statement.lock && LOCKING[statement.lock.mode] : statement.kind.toUpperCase();
      if (tx.readOnly && command) {
        this.complete(session, statementResult(sql, undefined, { error: sqlError('25006', `cannot execute ${command} in a read-only transaction`) }), true);
        continue;
      }
      // READ COMMITTED takes a snapshot per statement; the others one per transaction, at its first statement.
      const snapshot = tx.level === 'read committed' ? this.ctx.store.takeSnapshot() : (tx.snapshot ??= this.ctx.store.takeSnapshot());
      if (tx.level === 'serializable' && this.runsCode(statement)) {
        throw refuse(REFUSALS.serializableCode);
      }
      tx.started = true;
      beginSerializable(this.ctx, tx);
      const sequences = await this.ctx.sequences.save();
      const outcome = await this.attempt(session, () => attempt(this.ctx, session, tx, statement, sql, snapshot));
      if (outcome.status === 'waiting') {
        session.wait = { ...outcome.wait, sequences, since: this.ctx.nextWait(), ...this.timers(session) };
        return;
      }
      this.complete(session, outcome.result, true);
    }
    const tx = session.tx;
    if (session.implicitBlock && tx && !tx.explicit) {
      const error = commitTransaction(this.ctx, session);
      if (error) active.result = stepResult(active.result, statementResult('COMMIT', undefined, { error }));
    }
    session.implicitBlock = false;
    active.finished = true;
  }
}

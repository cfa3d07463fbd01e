/**
 * One try at a data statement (SELECT, INSERT, UPDATE, DELETE) of one session: run it on
 * PGlite against the rows the session sees, then apply PostgreSQL's concurrency rules to
 * what it reached — row-lock conflicts (wait, NOWAIT, SKIP LOCKED), unique keys another
 * transaction is inserting, foreign-key checks locking the referenced row, and, under
 * REPEATABLE READ and SERIALIZABLE, rows another transaction changed since the snapshot
 * (40001). The statement's changes become row versions when nothing stops it, or when it
 * waits in its foreign keys' AFTER triggers (its own rows are written by then).
 */
import type { LoggedChange } from '../../schema/capture.ts';
import type { SchemaTable } from '../../schema/introspect.ts';
import type { SqlError, StatementResult } from '../../sql/results.ts';
import type { Classified, DataStatement } from './classify.ts';
import type { RowLockMode } from './lock-modes.ts';
import type { LabContext, SessionState, Wait } from './context.ts';
import { matchVersions, type SessionSettings } from './executor.ts';
import { lockConflicts, type RowLockRequest } from './locks.ts';
import { duplicateKeyConflicts, heapInsertConflict, indexOn, readByKey, readPredicates, referentialReads, writeConflicts } from './serializable.ts';
import type { Row, RowVersion, Snapshot, Tx, Written } from './row-store.ts';
import { referentialQueries } from './referential.ts';
import { lockTables, referentialLocks, statementLocks, takeTableLocks, type LockTableStatement } from './table-locks.ts';
import { advisoryRequest, advisoryResult } from './advisory-locks.ts';
import type { LockRequest } from './lock-manager.ts';

export type Attempt =
  | { status: 'done'; result: StatementResult }
  | { status: 'waiting'; wait: Omit<Wait, 'since' | 'checkAt' | 'checked'> };

export function sqlError(code: string, message: string): SqlError {
  return { code, severity: 'ERROR', message };
}

const failed = (sql: string, error: SqlError): Attempt => ({ status: 'done', result: { sql, offset: 0, notices: [], error, elapsedMs: 0 } });

/**
 * 40001 for a row version a concurrent transaction changed since the snapshot. An UPDATE or
 * DELETE (ExecUpdate, ExecDelete) names what became of the version it reached: replaced by a
 * newer one, or gone (a DELETE, a cascade's included). A row lock (SELECT … FOR, the
 * foreign-key check's FOR KEY SHARE: nodeLockRows) and a row the referential cross-check
 * finds invisible (heap_delete answers TM_Updated) always say "update". `version`: the row an
 * UPDATE or DELETE reached.
 */
export function serializationFailure(version?: RowVersion): SqlError {
  const deleted = version && (!version.next || version.next.creator?.status === 'aborted');
  return sqlError('40001', `could not serialize access due to concurrent ${deleted ? 'delete' : 'update'}`);
}

function keyColumns(table: SchemaTable): Set<string> {
  return new Set([...(table.primaryKey?.columns ?? []), ...table.uniques.flatMap((u) => u.columns)]);
}

const changed = (old: Row | undefined, next: Row | undefined, columns: Iterable<string>) =>
  [...columns].some((c) => JSON.stringify(old?.[c] ?? null) !== JSON.stringify(next?.[c] ?? null));

/**
 * Tables a DML statement's foreign keys make PostgreSQL read with a fresh snapshot: the
 * referential checks and actions (ri_triggers.c) of READ COMMITTED see the latest committed
 * rows, not the statement's snapshot; under REPEATABLE READ the actions on referencing
 * tables do too, with the transaction snapshot as a cross-check (a row only the fresh
 * snapshot sees is a serialization failure). Tables the statement names itself keep its
 * snapshot.
 */
function referentialTables(ctx: LabContext, tx: Tx, statement: DataStatement): Set<string> {
  const latest = new Set<string>();
  if (statement.kind === 'select') return latest;
  const { foreignKeys } = ctx.executor.schema;
  const reached = new Set([statement.table]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const fk of foreignKeys) {
      if (reached.has(fk.refTable) && !reached.has(fk.table)) {
        reached.add(fk.table);
        latest.add(fk.table);
        grew = true;
      }
    }
  }
  if (tx.level === 'read committed') {
    for (const fk of foreignKeys) if (reached.has(fk.table)) latest.add(fk.refTable);
  }
  return new Set([...latest].filter((t) => t !== statement.table && !statement.tables.includes(t)));
}

/**
 * The views of all tables for this statement: what `snapshot` sees, or the latest committed
 * state for `latest` tables; rows reached before a wait are re-read at their newest version.
 */
function viewsFor(ctx: LabContext, tx: Tx, snapshot: Snapshot, latest: Set<string>, epq?: Set<RowVersion>): Map<string, RowVersion[]> {
  const views = new Map<string, RowVersion[]>();
  const now = ctx.store.takeSnapshot();
  for (const table of ctx.store.tables()) {
    const rows = ctx.store.view(table, tx, latest.has(table) ? now : snapshot);
    views.set(
      table,
      epq && epq.size > 0
        ? rows.flatMap((v) => {
            if (!epq.has(v.root)) return [v];
            const newest = ctx.store.newest(v, tx);
            return newest ? [newest] : [];
          })
        : rows,
    );
  }
  return views;
}

interface Conflict {
  index: number;
  blockers: Tx[];
  queuedBehind?: Wait;
}

/**
 * Checks lock requests in order. The first one another transaction blocks makes the
 * statement wait, holding the locks it took before it, as PostgreSQL's scan does. When
 * another session already waits for a conflicting lock on that row, it holds the row's tuple
 * lock: the newcomer queues behind it (and pg_blocking_pids names it, not the holders).
 */
function conflicts(ctx: LabContext, tx: Tx, requests: RowLockRequest[]): Conflict | undefined {
  for (const [index, request] of requests.entries()) {
    // Several lockers share the row through a MultiXact; a waiter sleeps on each conflicting
    // member's transaction in turn, in the order they locked it (Do_MultiXactIdWait): the first one.
    const holders = ctx.locks.blockers(tx, request).slice(0, 1);
    if (holders.length === 0) continue;
    // A transaction that already locks the row has its tuple lock behind it: it waits for the holders only.
    if (ctx.locks.holds(tx, request.row)) return { index, blockers: holders };
    // Waiters for the same row whose locks conflict with this one, earliest first; the first not queued behind another holds the tuple lock.
    const queue = [...ctx.sessions.values()]
      .filter((s) => s.tx && s.tx !== tx && s.wait?.request?.row.root === request.row.root && s.wait.blockers[0] !== tx)
      .filter((s) => lockConflicts(s.wait!.request!.mode, request.mode))
      .sort((a, b) => a.wait!.since - b.wait!.since);
    const head = queue.find((s) => !s.wait!.queuedBehind);
    // pg_blocking_pids names the tuple lock's holder and every conflicting waiter ahead in its queue.
    if (head) return { index, blockers: [head, ...queue.filter((s) => s !== head)].map((s) => s.tx!), queuedBehind: head.wait };
    return { index, blockers: holders };
  }
  return undefined;
}

/**
 * Under REPEATABLE READ and SERIALIZABLE, a row changed by a transaction the snapshot does not
 * see, so that taking a `mode` lock on it (or writing it, without one) fails. FOR KEY SHARE
 * (a foreign-key check's lock included) still locks a row whose version was replaced by an
 * update that kept its key values (heap_lock_tuple: such an update does not conflict with it).
 */
export function concurrentlyChanged(ctx: LabContext, tx: Tx, version: RowVersion, mode?: RowLockMode): boolean {
  if (tx.level === 'read committed' || ctx.store.newest(version, tx) === version) return false;
  if (mode !== 'key share') return true;
  const next = version.next;
  if (!next || next.creator?.status === 'aborted') return true;
  return changed(version.values, next.values, keyColumns(ctx.table(version.table)));
}

/**
 * The first row, in the order the statement reaches them, that stops it: one another
 * transaction locks (wait), or, under REPEATABLE READ and SERIALIZABLE, one a committed
 * transaction changed since the snapshot (40001 at once, even if a newer version is locked).
 */
function firstObstacle(ctx: LabContext, tx: Tx, requests: RowLockRequest[]): { changed: RowVersion } | { changed?: undefined; conflict: Conflict } | undefined {
  const conflict = conflicts(ctx, tx, requests);
  const changedAt = requests.findIndex((r) => concurrentlyChanged(ctx, tx, r.row, r.mode));
  if (changedAt >= 0 && (!conflict || changedAt <= conflict.index)) return { changed: requests[changedAt].row };
  return conflict && { conflict };
}

/** The versions the old rows of the statement's UPDATE and DELETE changes were read from. */
function oldVersions(ctx: LabContext, views: Map<string, RowVersion[]>, changes: LoggedChange[]): Map<LoggedChange, RowVersion | undefined> {
  const olds = new Map<LoggedChange, RowVersion | undefined>();
  for (const table of new Set(changes.map((c) => c.table))) {
    const touched = changes.filter((c) => c.table === table && (c.op === 'UPDATE' || c.op === 'DELETE'));
    const found = matchVersions(ctx.table(table), touched.map((c) => c.old), views.get(table) ?? []);
    touched.forEach((change, i) => olds.set(change, found[i]));
  }
  return olds;
}

/**
 * A unique key the new row would share: with a row another transaction is inserting or
 * deleting (wait for it), or with a committed row the snapshot does not see (an error). Every
 * unique index counts, partial and expression ones included (their entries evaluated first, UniqueKeys.prepare).
 */
function uniqueClash(ctx: LabContext, tx: Tx, tableName: string, values: Row, self: RowVersion | undefined, snapshot: Snapshot): { index: string; wait?: Tx; on?: RowVersion; error?: SqlError } | undefined {
  const { uniqueKeys } = ctx;
  for (const index of uniqueKeys.byTable.get(tableName) ?? []) {
    const wanted = uniqueKeys.keyOf(index, values);
    if (wanted === undefined) continue;
    for (const other of ctx.store.live(tableName)) {
      if (other.root === self?.root || uniqueKeys.keyOf(index, other.values) !== wanted) continue;
      if (other.creator && other.creator !== tx && other.creator.status === 'active') return { index: index.name, wait: other.creator, on: other };
      if (other.deleter && other.deleter !== tx && other.deleter.status === 'active') return { index: index.name, wait: other.deleter, on: other };
      if (other.creator === tx || other.deleter === tx || ctx.store.visible(other, tx, snapshot)) continue;
      const shown = uniqueKeys.valuesOf(index, other.values).map((v) => (v === null ? 'null' : String(v)));
      const detail = `Key (${index.keys.join(', ')})=(${shown.join(', ')}) already exists.`;
      return { index: index.name, error: { ...sqlError('23505', `duplicate key value violates unique constraint "${index.name}"`), detail, constraint: index.name } };
    }
  }
  return undefined;
}

/** The statement stops at `conflict`: it keeps the locks it took before that row and waits. */
function blockedAt(
  ctx: LabContext,
  tx: Tx,
  requests: RowLockRequest[],
  conflict: Conflict,
  waitOn: (c: { blockers: Tx[]; queuedBehind?: Wait; request: RowLockRequest }) => Attempt,
): Attempt {
  for (const request of requests.slice(0, conflict.index)) ctx.locks.acquire(tx, request);
  return waitOn({ blockers: conflict.blockers, queuedBehind: conflict.queuedBehind, request: requests[conflict.index] });
}

/** Whether `change` is the statement's own write (made as its scan reaches the row), not one of its foreign keys' triggers'. */
function ownChange(statement: DataStatement, change: LoggedChange): boolean {
  if (statement.kind === 'select' || change.table !== statement.table) return false;
  // INSERT … ON CONFLICT DO UPDATE updates the rows it conflicts with itself.
  return change.op === statement.kind.toUpperCase() || (statement.kind === 'insert' && statement.onConflict !== undefined && change.op === 'UPDATE');
}

/** The rows an UPDATE or DELETE changed in its own table, in the order it reached them, with the change it made to each. */
function reached(ctx: LabContext, statement: DataStatement & { table: string }, changes: LoggedChange[], views: Map<string, RowVersion[]>): { row: RowVersion; change: LoggedChange }[] {
  const own = changes.filter((c) => c.table === statement.table && c.op === statement.kind.toUpperCase());
  const rows = matchVersions(ctx.table(statement.table), own.map((c) => c.old), views.get(statement.table) ?? []);
  return own.flatMap((change, i) => (rows[i] ? [{ row: rows[i], change }] : []));
}

/**
 * The row lock an UPDATE or DELETE takes on a row, as heap_update and heap_delete choose it:
 * FOR UPDATE when it deletes the row or changes the value of a column of a unique index a
 * foreign key can reference (assigning a key column its own value keeps FOR NO KEY UPDATE);
 * `change` is unknown when the statement failed, and then assigning a key column counts.
 */
function writeLockMode(table: SchemaTable, statement: DataStatement, change?: LoggedChange): RowLockMode {
  if (statement.kind === 'delete') return 'update';
  const keys = keyColumns(table);
  if (change) return changed(change.old, change.new, keys) ? 'update' : 'no key update';
  return statement.kind === 'update' && statement.assigned.some((c) => keys.has(c)) ? 'update' : 'no key update';
}

/**
 * The rows an UPDATE or DELETE that failed would have reached before failing, without
 * changing them: PostgreSQL waits for a row's locker before it reports an error on a later
 * row. The probe evaluates the statement's expressions too: what it takes from sequences goes back.
 */
async function probe(ctx: LabContext, table: string, sql: string, views: Map<string, RowVersion[]>, settings: SessionSettings): Promise<RowVersion[]> {
  const sequences = await ctx.sequences.save();
  const targets = (await ctx.executor.run(sql, views, settings, { probe: table })).targets ?? [];
  await ctx.sequences.restore(sequences);
  return targets;
}

/**
 * The first unique key, in the table's index order, that an INSERT's new rows (what it makes on
 * an empty table) share with a row a running transaction is inserting or deleting (wait for it)
 * or, unless `waitsOnly`, with a committed row the snapshot does not see (that duplicate is the
 * error): what PostgreSQL's index insertions meet first.
 */
async function insertClash(
  ctx: LabContext,
  tx: Tx,
  table: string,
  sql: string,
  views: Map<string, RowVersion[]>,
  settings: SessionSettings,
  snapshot: Snapshot,
  sequences: Awaited<ReturnType<LabContext['sequences']['save']>>,
  waitsOnly: boolean,
  failedAt?: string,
): Promise<Captured | undefined> {
  const proposed = await ctx.executor.run(sql, new Map(views).set(table, []), settings, { capture: true });
  await ctx.sequences.restore(sequences);
  const rows = (proposed.changes ?? []).filter((c) => c.table === table && c.op === 'INSERT').map((c) => c.new ?? {});
  await ctx.uniqueKeys.prepare(table, [...rows, ...ctx.store.live(table).map((v) => v.values)]);
  // A one-row INSERT that PGlite failed on a duplicate it can see, in index `failedAt`, never
  // reaches the indexes after that one: PostgreSQL reports the duplicate without waiting for a
  // running transaction holding the row's key in a later index.
  const order = (ctx.uniqueKeys.byTable.get(table) ?? []).map((index) => index.name);
  const reached = (index: string) => failedAt === undefined || rows.length !== 1 || order.indexOf(index) < order.indexOf(failedAt);
  for (const row of rows) {
    const clash = uniqueClash(ctx, tx, table, row, undefined, snapshot);
    if (clash && !reached(clash.index)) return undefined;
    if (clash?.wait) return { status: 'waiting' as const, wait: { blockers: [clash.wait], on: clash.on! } };
    if (clash?.error) return waitsOnly ? undefined : failed(sql, clash.error);
  }
  return undefined;
}

/** A write's run with the views it ran on (`met`: the rows ON CONFLICT met), or why it stopped: it failed, or must wait. */
type Captured =
  | { run: Awaited<ReturnType<LabContext['executor']['run']>>; views: Map<string, RowVersion[]>; met?: RowVersion[] }
  | Attempt
  | { status: 'waiting'; wait: { blockers: Tx[]; on?: RowVersion } };

/**
 * Runs a data-modifying statement on PGlite and reads back its changes. A duplicate key
 * PGlite reports against a row another transaction deleted or replaced (committed, or still
 * running) is not final: PostgreSQL's unique check looks at the newest state, where that row
 * no longer holds its key, and waits for a deleter still running. So the statement runs again
 * without those rows (an UPDATE keeps the rows it changes itself: it waits for those), and
 * the unique-key check (uniqueClash) decides: wait, or fail if the deletion rolls back; if
 * the run fails on another unique index then, the statement waits for the deleter first.
 */
async function runCapturing(ctx: LabContext, tx: Tx, statement: DataStatement, sql: string, views: Map<string, RowVersion[]>, settings: SessionSettings, snapshot: Snapshot): Promise<Captured> {
  const sequences = await ctx.sequences.save();
  const run = await ctx.executor.run(sql, views, settings, { capture: true });
  if (run.result.error?.code !== '23505' || (statement.kind !== 'insert' && statement.kind !== 'update')) return { run, views };
  const table = statement.table;
  const own = statement.kind === 'update' ? new Set(await probe(ctx, table, sql, views, settings)) : new Set<RowVersion>();
  const leaving = (views.get(table) ?? []).filter((v) => v.deleter && v.deleter !== tx && v.deleter.status !== 'aborted' && !own.has(v));
  // PGlite saw only the rows the snapshot sees: an earlier unique index may hold the key of a
  // row a running transaction is inserting, which PostgreSQL meets first and waits for.
  if (leaving.length === 0) return (statement.kind === 'insert' && (await insertClash(ctx, tx, table, sql, views, settings, snapshot, await ctx.sequences.save(), true, run.result.error.constraint))) || { run, views };
  const rest = new Map(views).set(table, (views.get(table) ?? []).filter((v) => !leaving.includes(v)));
  await ctx.sequences.restore(sequences);
  const again = await ctx.executor.run(sql, rest, settings, { capture: true });
  const error = again.result.error;
  const sameDuplicate = error?.code === '23505' && error.constraint === run.result.error.constraint;
  if (!error || beforeRowLock(error.code) || sameDuplicate) return { run: again, views: rest };
  // Now an error PostgreSQL raises after the unique checks comes out (a later unique index, a
  // foreign key's AFTER trigger), but it goes through the indexes first, in order: an earlier
  // one may hold the key of a row a running transaction is changing (wait for it) or of a
  // committed row the snapshot does not see (that is the duplicate reported).
  if (statement.kind === 'insert') {
    const clash = await insertClash(ctx, tx, table, sql, views, settings, snapshot, sequences, false);
    if (clash) return clash;
  }
  // The wait is for the transaction deleting the row that holds the duplicate key, not for
  // any deleter: the row without which the first run's duplicate goes away.
  const after = await ctx.sequences.save();
  for (const row of leaving) {
    if (row.deleter!.status !== 'active') continue;
    await ctx.sequences.restore(sequences);
    const without = new Map(views).set(table, (views.get(table) ?? []).filter((v) => v !== row));
    const probed = (await ctx.executor.run(sql, without, settings, { capture: true })).result.error;
    if (probed?.code !== '23505' || probed.constraint !== run.result.error.constraint) return { status: 'waiting' as const, wait: { blockers: [row.deleter!], on: row } };
  }
  await ctx.sequences.restore(after);
  return { run: again, views: rest };
}

/**
 * INSERT … ON CONFLICT, as PostgreSQL's speculative insertion does it: each new row is
 * checked against the arbiter indexes (the conflict target's, else every unique index) at the
 * newest state of the table, not the snapshot. A row another transaction is inserting or
 * deleting with that key makes the statement wait for it. Under READ COMMITTED the statement
 * runs on the table's newest committed rows (plus its own), where PGlite skips (DO NOTHING) or
 * updates (DO UPDATE) the conflicting row itself; under REPEATABLE READ and SERIALIZABLE a
 * conflicting committed row the snapshot does not see is a 40001 (the row cannot be skipped or
 * updated for a reason the transaction cannot see). The rows it proposes are found first by
 * a run on an empty table (their defaults and expressions evaluated), as PostgreSQL checks the
 * arbiter indexes before it inserts anything; rows deleted by committed transactions are then
 * left out of the view, since they no longer hold their key. DO UPDATE's row lock is
 * requested with the other writes' (attempt): `met` lists the rows the proposed rows conflict
 * with, which DO UPDATE locks even when its WHERE leaves them as they are. A key the new row
 * shares in a unique index that is not an arbiter is an error after all, once PostgreSQL has
 * waited for a transaction still changing the row that holds it (runCapturing, then uniqueClash).
 */
async function runInsertOnConflict(
  ctx: LabContext,
  tx: Tx,
  statement: DataStatement & { kind: 'insert'; onConflict: { columns?: string[] } },
  sql: string,
  views: Map<string, RowVersion[]>,
  settings: SessionSettings,
  snapshot: Snapshot,
): Promise<Captured> {
  const { table, onConflict } = statement;
  const { uniqueKeys } = ctx;
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));
  const arbiters = (uniqueKeys.byTable.get(table) ?? []).filter((i) => !onConflict.columns || (i.columns && !i.predicate && same(i.columns, onConflict.columns)));
  const gone = (v: RowVersion) => v.deleter && v.deleter !== tx && v.deleter.status === 'committed';
  const rows = tx.level === 'read committed' ? ctx.store.view(table, tx, ctx.store.takeSnapshot()) : (views.get(table) ?? []);
  const view = rows.filter((v) => !gone(v));
  const seen = new Map(views).set(table, view);
  const sequences = await ctx.sequences.save();
  const proposed = await ctx.executor.run(sql, new Map(views).set(table, []), settings, { capture: true });
  await ctx.sequences.restore(sequences);
  if (proposed.result.error) return { run: proposed, views: seen };
  const inserted = (proposed.changes ?? []).filter((c) => c.table === table && c.op === 'INSERT').map((c) => c.new ?? {});
  const live = ctx.store.live(table);
  await uniqueKeys.prepare(table, [...inserted, ...live.map((v) => v.values)]);
  const met: RowVersion[] = [];
  for (const row of inserted) {
    for (const index of arbiters) {
      const key = uniqueKeys.keyOf(index, row);
      if (key === undefined) continue;
      let conflicted = false;
      for (const other of live) {
        // The transaction's own rows are in its view (PGlite meets them); one it deleted holds no key.
        if (other.creator === tx || other.deleter === tx || uniqueKeys.keyOf(index, other.values) !== key) continue;
        if (other.creator?.status === 'active') return { status: 'waiting', wait: { blockers: [other.creator], on: other } };
        // A row another transaction is updating or deleting holds its key until that one ends.
        if (other.deleter && other.deleter.status === 'active') return { status: 'waiting', wait: { blockers: [other.deleter], on: other } };
        if (!view.includes(other)) return failed(sql, serializationFailure());
        if (!met.includes(other)) met.push(other);
        conflicted = true;
      }
      // The pre-check stops at the first arbiter index with a conflict (ExecCheckIndexConstraints):
      // a later one's key, even one a running transaction holds, is never looked at.
      if (conflicted) break;
    }
  }
  // A duplicate in an index that is not an arbiter is checked as a plain INSERT's is: it may have to wait.
  const captured = await runCapturing(ctx, tx, statement, sql, seen, settings, snapshot);
  return 'run' in captured ? { ...captured, met } : captured;
}

/**
 * ON CONFLICT DO UPDATE locks the conflicting row before it evaluates its WHERE and updates
 * it, in the mode the assigned columns call for (ExecUpdateLockMode: FOR UPDATE when a key
 * column is assigned, whatever its new value); undefined for a statement without DO UPDATE.
 */
function upsertLockMode(table: SchemaTable, statement: DataStatement): RowLockMode | undefined {
  if (statement.kind !== 'insert' || !statement.onConflict?.update) return undefined;
  const keys = keyColumns(table);
  return statement.onConflict.update.assigned.some((c) => keys.has(c)) ? 'update' : 'no key update';
}

/** The lock of an upsert's UPDATE of the conflicting row; undefined for any other change. */
function upsertLock(table: SchemaTable, statement: DataStatement, change: LoggedChange): RowLockMode | undefined {
  if (statement.kind !== 'insert' || change.op !== 'UPDATE' || change.table !== statement.table) return undefined;
  return upsertLockMode(table, statement);
}

/** Errors PostgreSQL raises while it builds a new row, before it locks the old one: NOT NULL, CHECK, data exceptions. */
const beforeRowLock = (code: string) => code === '23502' || code === '23514' || code.startsWith('22');

/**
 * The statement failed and would also wait at the row `index` of `targets`: does the error
 * come from a row up to that one (then PostgreSQL reports it before waiting)? Runs the
 * statement on those rows only; its error, if it fails there too.
 */
async function errorBeforeWait(ctx: LabContext, table: string, sql: string, views: Map<string, RowVersion[]>, settings: SessionSettings, targets: RowVersion[], index: number) {
  const later = new Set(targets.slice(index + 1));
  const prefix = new Map(views).set(table, (views.get(table) ?? []).filter((v) => !later.has(v)));
  const sequences = await ctx.sequences.save();
  const run = await ctx.executor.run(sql, prefix, settings, { capture: true });
  await ctx.sequences.restore(sequences);
  return run.result.error ? run.result : undefined;
}

/**
 * The old rows an UPDATE that failed with a duplicate key replaced, up to the one whose new
 * key is taken (found by running it on ever longer prefixes of its rows); none for an INSERT.
 * Only SERIALIZABLE needs them (duplicateKeyConflicts).
 */
async function replacedBeforeDuplicate(ctx: LabContext, statement: DataStatement, sql: string, views: Map<string, RowVersion[]>, settings: SessionSettings, targets: RowVersion[]): Promise<RowVersion[]> {
  if (statement.kind !== 'update') return [];
  let failing = 0;
  while (failing < targets.length - 1 && !(await errorBeforeWait(ctx, statement.table, sql, views, settings, targets, failing))) failing++;
  return targets.slice(0, failing + 1);
}

export async function attempt(
  ctx: LabContext,
  session: SessionState,
  tx: Tx,
  statement: DataStatement | LockTableStatement,
  sql: string,
  snapshot: Snapshot,
  epq?: Set<RowVersion>,
): Promise<Attempt> {
  const waitOn = (targets: RowVersion[], conflict: { blockers: Tx[]; queuedBehind?: Wait; request?: RowLockRequest; tableLock?: LockRequest; beforeRows?: boolean; on?: RowVersion; writtenBefore?: Written }): Attempt => ({
    status: 'waiting',
    wait: { sql, statement, snapshot, targets: new Set(targets.map((t) => t.root)), ...conflict },
  });
  if (statement.kind === 'lock-table') {
    const locked = lockTables(ctx.tableLocks, tx, statement, sql);
    return locked.status === 'waiting' ? waitOn([], locked.wait) : locked;
  }
  // The statement's own table locks come first: it opens its tables before it reads a row.
  const tableWait = takeTableLocks(ctx.tableLocks, tx, statementLocks(ctx.store.tables(), statement));
  if (tableWait) return waitOn([], { ...tableWait, beforeRows: true });
  let views = viewsFor(ctx, tx, snapshot, referentialTables(ctx, tx, statement), epq);
  const settings = ctx.settingsOf(session);

  // EXPLAIN ANALYZE may run a SELECT again to see how far a LIMIT let its scan go, unless that takes sequence values or runs the setup's code.
  const analyzable = statement.kind === 'select' && !statement.functions.some((f) => f === 'nextval' || f === 'setval') && !ctx.executor.callsFunction(statement);
  const readError = await readPredicates(ctx, tx, snapshot, sql, views, settings, { analyzable });
  if (readError) return failed(sql, readError);

  // A SELECT that calls a function of the setup's may write: it runs as a data-modifying statement.
  const writes = statement.kind !== 'select' || (!statement.lock && ctx.executor.callsFunction(statement));
  if (!writes) {
    if (statement.kind === 'select' && statement.advisory) {
      const { result } = await ctx.executor.run(sql, views, settings, {});
      if (result.error) return { status: 'done', result };
      const granted: boolean[] = [];
      for (const call of statement.advisory) {
        const request = advisoryRequest(call);
        if (call.try) granted.push(ctx.tableLocks.tryRequest(tx, request));
        else {
          const wait = takeTableLocks(ctx.tableLocks, tx, [request]);
          if (wait) return waitOn([], wait);
          granted.push(true);
        }
      }
      return { status: 'done', result: advisoryResult(result, statement.advisory, granted) };
    }
    if (!statement.lock) return { status: 'done', result: (await ctx.executor.run(sql, views, settings, {})).result };
    return lockingSelect(ctx, tx, statement.lock, sql, views, settings, waitOn, { snapshot, analyzable });
  }

  const captured =
    statement.kind === 'insert' && statement.onConflict
      ? await runInsertOnConflict(ctx, tx, { ...statement, onConflict: statement.onConflict }, sql, views, settings, snapshot)
      : await runCapturing(ctx, tx, statement, sql, views, settings, snapshot);
  if (!('run' in captured)) return captured.status === 'waiting' ? waitOn([], captured.wait) : captured;
  const { views: seen } = captured;
  let { run } = captured;
  // An error from the foreign keys' AFTER triggers (a check finding no referenced row, a
  // restrict) comes after everything the statement's own writes do: their row locks, unique
  // keys and SERIALIZABLE's checks may wait or fail first. A run without those triggers that
  // succeeds tells such an error apart; the statement goes on with its own writes, and the
  // error is reported where the triggers would fire.
  let deferred: StatementResult | undefined;
  if (run.result.error && statement.kind !== 'select' && ctx.executor.schema.foreignKeys.length > 0) {
    const sequences = await ctx.sequences.save();
    const own = await ctx.executor.run(sql, seen, settings, { capture: true, withoutForeignKeys: true });
    await ctx.sequences.restore(sequences);
    if (!own.result.error) {
      deferred = run.result;
      run = own;
    }
  }
  const met = captured.met ?? [];
  let targets: RowVersion[] = [];
  if (statement.kind === 'update' || statement.kind === 'delete') {
    const rows = run.result.error ? (await probe(ctx, statement.table, sql, views, settings)).map((row) => ({ row, change: undefined })) : reached(ctx, statement, run.changes ?? [], views);
    const table = ctx.table(statement.table);
    targets = rows.map((r) => r.row);
    const requests = rows.map(({ row, change }) => ({ row, mode: writeLockMode(table, statement, change) }));
    const obstacle = firstObstacle(ctx, tx, requests);
    if (obstacle?.changed) return failed(sql, serializationFailure(obstacle.changed));
    if (obstacle && run.result.error && beforeRowLock(run.result.error.code)) {
      const early = await errorBeforeWait(ctx, statement.table, sql, views, settings, targets, obstacle.conflict.index);
      if (early) return { status: 'done', result: early };
    }
    if (obstacle) return blockedAt(ctx, tx, requests, obstacle.conflict, (c) => waitOn(targets, c));
  }

  views = seen;
  const upsertMode = statement.kind === 'insert' ? upsertLockMode(ctx.table(statement.table), statement) : undefined;
  if (run.result.error && upsertMode && met.length > 0) {
    // DO UPDATE locks the row it conflicts with before it updates it (ExecOnConflictUpdate): an
    // error of that update (a duplicate key, a CHECK) comes after the lock's wait. (Which row of
    // a several-row upsert failed is not known: the first lock that waits is waited for.)
    const locks = met.map((row) => ({ row, mode: upsertMode }));
    const conflict = conflicts(ctx, tx, locks);
    if (conflict) return blockedAt(ctx, tx, locks, conflict, (c) => waitOn(targets, c));
  }
  if (run.result.error) {
    const { code, constraint } = run.result.error;
    const table = statement.kind === 'select' ? undefined : statement.table;
    const replaced = code === '23505' && tx.level === 'serializable' ? await replacedBeforeDuplicate(ctx, statement, sql, views, settings, targets) : [];
    const masked = code === '23505' && constraint && table ? duplicateKeyConflicts(ctx, tx, table, replaced, constraint) : undefined;
    return masked ? failed(sql, masked) : { status: 'done', result: run.result };
  }
  const changes = run.changes ?? [];
  /** The locks on the rows the statement itself writes (taken as it reaches them)… */
  const requests: RowLockRequest[] = [];
  /** …and those its foreign keys' AFTER triggers take: checks (KEY SHARE on the referenced row) and referential actions. */
  const induced: RowLockRequest[] = [];
  /** Referenced rows the foreign-key checks read, after the writes (they are AFTER triggers). */
  const parents: { index?: string; row: RowVersion }[] = [];
  const olds = oldVersions(ctx, views, changes);
  for (const table of new Set(changes.filter((c) => c.op !== 'DELETE').map((c) => c.table))) {
    const fresh = changes.filter((c) => c.table === table && c.new).map((c) => c.new!);
    await ctx.uniqueKeys.prepare(table, [...fresh, ...ctx.store.live(table).map((v) => v.values)]);
  }
  for (const change of changes) {
    const table = ctx.table(change.table);
    if (change.op === 'UPDATE' || change.op === 'DELETE') {
      const old = olds.get(change);
      if (!old) throw new Error(`lab engine: a changed ${change.table} row was not in the session's view`);
      // A referential action reaching a row the transaction snapshot does not see: ri_triggers.c's cross-check.
      const unseen = tx.level !== 'read committed' && !ctx.store.visible(old, tx, snapshot);
      if (unseen) return failed(sql, serializationFailure());
      if (concurrentlyChanged(ctx, tx, old)) return failed(sql, serializationFailure(old));
      const mode: RowLockMode = change.op === 'DELETE' || upsertLock(table, statement, change) === 'update' || changed(change.old, change.new, keyColumns(table)) ? 'update' : 'no key update';
      (ownChange(statement, change) ? requests : induced).push({ row: old, mode });
    }
    if (change.op === 'INSERT' || change.op === 'UPDATE') {
      // heap_insert checks the table's SIREAD locks before the index looks for a duplicate key (and maybe waits).
      const heap = change.op === 'INSERT' ? heapInsertConflict(ctx, tx, change.table) : undefined;
      if (heap) return failed(sql, heap);
      const clash = uniqueClash(ctx, tx, change.table, change.new ?? {}, olds.get(change), snapshot);
      if (clash) {
        // What the statement wrote before it reached this key is checked first: the rows before, this row's heap tuple, the indexes before.
        const old = olds.get(change);
        const before = changes.slice(0, changes.indexOf(change));
        const ssi = writeConflicts(ctx, tx, before, olds) ?? duplicateKeyConflicts(ctx, tx, change.table, old ? [old] : [], clash.index, clash.wait ? 'waits' : 'fails');
        if (ssi) return failed(sql, ssi);
      }
      if (clash?.wait) {
        // The index finds the key taken after heap_update has replaced this row and the rows
        // before it: their row locks are held while it waits, and one of them another
        // transaction holds is waited for first. The rows before it are written by then, with
        // their index entries.
        const held = conflicts(ctx, tx, requests);
        if (held) return blockedAt(ctx, tx, requests, held, (c) => waitOn(targets, c));
        for (const request of requests) ctx.locks.acquire(tx, request);
        const writtenBefore = writeOwnRows(ctx, tx, statement, changes.slice(0, changes.indexOf(change)), olds);
        return waitOn(targets, { blockers: [clash.wait], on: clash.on, writtenBefore });
      }
      if (clash?.error) return failed(sql, clash.error);
      for (const fk of ctx.executor.schema.foreignKeys) {
        if (fk.table !== change.table || fk.columns.some((c) => change.new?.[c] === null || change.new?.[c] === undefined)) continue;
        if (change.op === 'UPDATE' && !changed(change.old, change.new, fk.columns)) continue;
        const wanted = JSON.stringify(fk.columns.map((c) => change.new![c]));
        const parent = (views.get(fk.refTable) ?? []).find((v) => JSON.stringify(fk.refColumns.map((c) => v.values[c])) === wanted);
        if (!parent) continue;
        if (concurrentlyChanged(ctx, tx, parent, 'key share')) return failed(sql, serializationFailure());
        induced.push({ row: parent, mode: 'key share' });
        parents.push({ index: indexOn(ctx, fk.refTable, fk.refColumns), row: parent });
      }
    }
  }
  // DO UPDATE … WHERE locks the conflicting rows its WHERE left alone too (ExecOnConflictUpdate).
  const updated = new Set([...olds.values()]);
  if (upsertMode) for (const row of met) if (!updated.has(row)) requests.push({ row, mode: upsertMode });
  const own = conflicts(ctx, tx, requests);
  if (own) return blockedAt(ctx, tx, requests, own, (c) => waitOn(targets, c));
  const ownWrites = deferred && writeConflicts(ctx, tx, changes, olds);
  if (ownWrites) return failed(sql, ownWrites);
  // The foreign keys' triggers run after the rows are written, and each opens its table before
  // it locks a row there: the table locks are held while a referenced row's lock is waited for,
  // and the written rows' locks while a table lock is.
  const referentialWait = takeTableLocks(ctx.tableLocks, tx, referentialLocks(ctx.executor.schema.foreignKeys, changes));
  if (referentialWait) {
    for (const request of requests) ctx.locks.acquire(tx, request);
    return waitOn(targets, { ...referentialWait, writtenBefore: writeOwnRows(ctx, tx, statement, changes, olds) });
  }
  if (deferred) {
    // A RESTRICT or NO ACTION check locks the referencing row it finds (FOR KEY SHARE) before it
    // reports it: it waits for a transaction deleting that row or changing its key.
    const found = restrictedRow(ctx, deferred, changes, views);
    const all = found ? [...requests, found] : requests;
    const conflict = found && conflicts(ctx, tx, all);
    if (conflict) return blockedAt(ctx, tx, all, conflict, (c) => waitOn(targets, { ...c, writtenBefore: writeOwnRows(ctx, tx, statement, changes, olds) }));
    return { status: 'done', result: deferred };
  }
  const written = requests.length;
  requests.push(...induced);
  const conflict = conflicts(ctx, tx, requests);
  if (conflict) {
    // Past the statement's own rows, the wait is a trigger's: those rows are written by then.
    const writtenBefore = conflict.index >= written ? writeOwnRows(ctx, tx, statement, changes, olds) : undefined;
    return blockedAt(ctx, tx, requests, conflict, (c) => waitOn(targets, { ...c, writtenBefore }));
  }
  // Its own rows are written first; then its foreign keys' triggers read the referencing rows and act on them.
  const statementWrites = changes.filter((c) => ownChange(statement, c));
  const serialization =
    writeConflicts(ctx, tx, statementWrites, olds) ??
    (await referentialReads(ctx, tx, snapshot, changes, olds, settings)) ??
    writeConflicts(ctx, tx, changes.filter((c) => !statementWrites.includes(c)), olds);
  if (serialization) return failed(sql, serialization);
  for (const parent of parents) {
    const error = readByKey(ctx, tx, snapshot, parent.index, parent.row);
    if (error) return failed(sql, error);
  }
  if (changes.length > 0) tx.wrote = true;
  write(ctx, tx, changes, olds);
  for (const request of requests) ctx.locks.acquire(tx, request);
  return { status: 'done', result: run.result };
}

/**
 * The referencing row a failing RESTRICT or NO ACTION check (its error, `failed`) locks first:
 * its lookup runs on the newest committed rows (`views` has them for referencing tables) and
 * stops at the first row it locks, in the table's order.
 */
function restrictedRow(ctx: LabContext, failed: StatementResult, changes: readonly LoggedChange[], views: Map<string, RowVersion[]>): RowLockRequest | undefined {
  const error = failed.error;
  // 23001: PGlite is PostgreSQL 18, whose RESTRICT check says restrict_violation.
  if ((error?.code !== '23503' && error?.code !== '23001') || !error.constraint) return undefined;
  const foreignKeys = ctx.executor.schema.foreignKeys.filter((fk) => fk.name === error.constraint);
  for (const check of referentialQueries(foreignKeys, changes).filter((q) => q.check)) {
    const row = (views.get(check.table) ?? []).find((v) => JSON.stringify(check.columns.map((c) => v.values[c] ?? null)) === JSON.stringify(check.key));
    if (row) return { row, mode: 'key share' };
  }
  return undefined;
}

/** The changes become row versions of the transaction. */
function write(ctx: LabContext, tx: Tx, changes: readonly LoggedChange[], olds: Map<LoggedChange, RowVersion | undefined>): void {
  for (const change of changes) {
    const old = olds.get(change);
    if (change.op === 'INSERT') ctx.store.insert(tx, change.table, change.new ?? {});
    else if (change.op === 'UPDATE') ctx.store.update(tx, old!, change.new ?? {});
    else if (change.op === 'DELETE') ctx.store.delete(tx, old!);
  }
}

/**
 * A statement that waits in its foreign keys' AFTER triggers has written its own rows (heap and
 * indexes) by then: another transaction meets their keys and waits for it (ExecInsert and
 * ExecUpdate queue the triggers, which run at the statement's end). Returns what the
 * transaction had written before, which the retry undoes first (run.ts, wake).
 */
function writeOwnRows(ctx: LabContext, tx: Tx, statement: DataStatement, changes: readonly LoggedChange[], olds: Map<LoggedChange, RowVersion | undefined>): Written {
  const before = ctx.store.writtenBy(tx);
  write(ctx, tx, changes.filter((c) => ownChange(statement, c)), olds);
  return before;
}

/** SELECT … FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE, with NOWAIT or SKIP LOCKED. */
async function lockingSelect(
  ctx: LabContext,
  tx: Tx,
  lock: NonNullable<Extract<Classified, { kind: 'select' }>['lock']>,
  sql: string,
  views: Map<string, RowVersion[]>,
  settings: SessionSettings,
  waitOn: (targets: RowVersion[], conflict: { blockers: Tx[]; queuedBehind?: Wait; request?: RowLockRequest }) => Attempt,
  read: { snapshot: Snapshot; analyzable: boolean },
): Promise<Attempt> {
  const table = lock.table ?? '';
  let run = await ctx.executor.run(sql, views, settings, { lockTable: table });
  if (run.result.error) return { status: 'done', result: run.result };
  const requests = (run.locked ?? []).map((row) => ({ row, mode: lock.mode }));
  if (lock.wait === 'skip locked') {
    // Locked rows are passed over, and the rows after them take their place (a LIMIT reaches further): until none is locked.
    const skipped = new Set<RowVersion>();
    for (;;) {
      const locked = requests.filter((r) => ctx.locks.blockers(tx, r).length > 0).map((r) => r.row);
      if (locked.length === 0) break;
      for (const row of locked) skipped.add(row);
      const rest = new Map(views).set(table, (views.get(table) ?? []).filter((v) => !skipped.has(v)));
      // The scan goes on past the skipped rows: SERIALIZABLE reads what it reaches next.
      const readError = await readPredicates(ctx, tx, read.snapshot, sql, rest, settings, { analyzable: read.analyzable, passedOver: new Set([...skipped].map((v) => v.root)) });
      if (readError) return failed(sql, readError);
      run = await ctx.executor.run(sql, rest, settings, { lockTable: table });
      requests.splice(0, requests.length, ...(run.locked ?? []).map((row) => ({ row, mode: lock.mode })));
    }
  } else {
    const obstacle = firstObstacle(ctx, tx, requests);
    if (obstacle?.changed) return failed(sql, serializationFailure());
    if (obstacle && lock.wait === 'nowait') return failed(sql, sqlError('55P03', `could not obtain lock on row in relation "${table}"`));
    if (obstacle) return blockedAt(ctx, tx, requests, obstacle.conflict, (c) => waitOn(requests.map((r) => r.row), c));
  }
  if (requests.some((r) => concurrentlyChanged(ctx, tx, r.row, r.mode))) return failed(sql, serializationFailure());
  for (const request of requests) ctx.locks.acquire(tx, request);
  return { status: 'done', result: run.result };
}

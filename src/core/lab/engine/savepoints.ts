/**
 * Savepoints — SAVEPOINT, RELEASE [SAVEPOINT], ROLLBACK TO [SAVEPOINT], what SQLAlchemy's
 * Session.begin_nested() sends — as PostgreSQL 15's xact.c answers them, and what the end of
 * a subtransaction does to the row store and the row locks.
 *
 * PostgreSQL gives each subtransaction a transaction id of its own, which its row versions and
 * row locks carry. Aborting it (ROLLBACK TO, or an error inside it) makes those versions dead
 * and those locks void while the parent's stay, and a session waiting on one of them stops
 * waiting: XactLockTableWait waits on the subtransaction's id, which ends then. RELEASE merges
 * the subtransaction into its parent: nothing is undone. SIREAD locks belong to the top transaction and stay either way (predicate.c).
 *
 * The lab keeps one Tx per top transaction and, per savepoint, a mark of what was so when it
 * was set: the versions the transaction had created and deleted, its row locks, its access
 * mode (SET TRANSACTION is a GUC that a subtransaction's abort reverts). Row locks and
 * versions also name the open subtransaction that made them, which is what a waiter sleeps
 * on; once that one is released, a waiter sleeps on the topmost transaction
 * (XactLockTableWait), so a later ROLLBACK TO an outer savepoint undoes the change but
 * does not wake it: it goes on when the transaction ends.
 */
import type { SqlError, StatementResult } from '../../sql/results.ts';
import { sqlError } from './attempt.ts';
import type { Classified } from './classify.ts';
import type { LabContext, SessionState, Wait } from './context.ts';
import type { TableLockMode } from './lock-manager.ts';
import type { Savepoint, Tx } from './row-store.ts';
import { ABORTED, restoreSettings, saveSettings, statementResult } from './transaction.ts';

export type SavepointStatement = Extract<Classified, { kind: 'savepoint' | 'release' | 'rollback-to' }>;

/** The command as PostgreSQL names it when it is used outside a transaction block. */
const COMMAND: Record<SavepointStatement['kind'], string> = { savepoint: 'SAVEPOINT', release: 'RELEASE SAVEPOINT', 'rollback-to': 'ROLLBACK TO SAVEPOINT' };

/**
 * The open subtransaction a session waiting for `tx` sleeps on: the one that took the row
 * lock it wants, or that inserted or deleted the version whose key it wants. None when that
 * was the transaction itself, or a subtransaction since released: XactLockTableWait then
 * waits for the topmost transaction.
 */
function sleepsOn(ctx: LabContext, tx: Tx, wait: Wait): Savepoint | undefined {
  if (wait.request) return ctx.locks.heldOn(tx, wait.request.row)?.in;
  if (!wait.on) return undefined;
  return wait.on.creator === tx ? wait.on.createdIn : wait.on.deletedIn;
}

/**
 * Aborts the subtransactions from `stack[at]` on: what `tx` did since that savepoint is
 * undone (row versions, row locks, access mode, SETs), and a session that slept on one of them
 * stops waiting for `tx` (it goes on once no other holder blocks it, and looks again).
 */
function undoTo(ctx: LabContext, tx: Tx, at: number): void {
  const stack = tx.savepoints!;
  const savepoint = stack[at];
  const aborted = new Set(stack.slice(at));
  for (const session of ctx.sessions.values()) {
    const wait = session.wait;
    // A waiter queued behind another one waits for that one's turn, not for the holders.
    if (!wait || wait.queuedBehind || !wait.blockers.includes(tx)) continue;
    if (wait.tableLock) continue;
    const on = sleepsOn(ctx, tx, wait);
    if (on && aborted.has(on)) wait.blockers = wait.blockers.filter((b) => b !== tx);
  }
  ctx.store.rollbackTo(tx, savepoint);
  ctx.locks.restore(tx, savepoint.locks);
  // Table and advisory locks taken since the savepoint go too; a session queued for one of
  // them stops waiting for `tx` unless `tx` still holds (or awaits) a conflicting mode.
  ctx.tableLocks.restore(tx, savepoint.heavyLocks as Map<string, Set<TableLockMode>>);
  for (const session of ctx.sessions.values()) {
    const wait = session.wait;
    if (wait?.tableLock && wait.blockers.includes(tx) && !ctx.tableLocks.blocks(tx, wait.tableLock)) wait.blockers = wait.blockers.filter((b) => b !== tx);
  }
  tx.readOnly = savepoint.readOnly;
  const owner = ctx.sessionOf(tx);
  if (owner) restoreSettings(owner, savepoint.settings);
  tx.lockTimeoutAtCommit = savepoint.lockTimeoutAtCommit;
}

/**
 * A statement failed inside a savepoint: PostgreSQL aborts the innermost subtransaction at
 * once (its locks go now, its waiters go on); the transaction stays, failed, until ROLLBACK
 * TO one of its savepoints or ROLLBACK. Whether there was a subtransaction to abort.
 */
export function abortSubtransaction(ctx: LabContext, tx: Tx | undefined): boolean {
  const innermost = tx?.savepoints?.at(-1);
  if (!tx || !innermost || tx.status !== 'active' || tx.failed) return false;
  undoTo(ctx, tx, tx.savepoints!.length - 1);
  tx.failed = true;
  return true;
}

/** SAVEPOINT, RELEASE and ROLLBACK TO of the session's transaction, with PostgreSQL's errors. */
export function savepointControl(ctx: LabContext, session: SessionState, statement: SavepointStatement, sql: string): StatementResult {
  const tx = session.tx;
  const error = (e: SqlError) => statementResult(sql, undefined, { error: e });
  // A failed transaction accepts only its exits, ROLLBACK TO among them (exec_simple_query).
  if (tx?.failed && statement.kind !== 'rollback-to') return error(ABORTED());
  // RequireTransactionBlock; in an implicit block (several statements outside BEGIN) xact.c says the same.
  if (!tx?.explicit) return error(sqlError('25P01', `${COMMAND[statement.kind]} can only be used in transaction blocks`));
  const stack = (tx.savepoints ??= []);
  if (statement.kind === 'savepoint') {
    stack.push({ name: statement.name, ...ctx.store.writtenBy(tx), locks: ctx.locks.markOf(tx), heavyLocks: ctx.tableLocks.markOf(tx), readOnly: tx.readOnly, settings: saveSettings(session), lockTimeoutAtCommit: tx.lockTimeoutAtCommit });
    return statementResult(sql, 'SAVEPOINT');
  }
  // The innermost savepoint of that name; RELEASE and ROLLBACK TO end the ones set after it too.
  const at = stack.findLastIndex((s) => s.name === statement.name);
  if (at < 0) return error(sqlError('3B001', `savepoint "${statement.name}" does not exist`));
  if (statement.kind === 'release') {
    const released = new Set(stack.splice(at));
    ctx.store.merge(released);
    ctx.locks.merge(tx, released);
    return statementResult(sql, 'RELEASE');
  }
  // The savepoint itself stays, set again where it was.
  undoTo(ctx, tx, at);
  stack.splice(at + 1);
  tx.failed = false;
  return statementResult(sql, 'ROLLBACK');
}

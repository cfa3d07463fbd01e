/**
 * Transaction control of one session, as PostgreSQL's xact.c answers it: BEGIN and START
 * TRANSACTION, SET TRANSACTION, session settings, COMMIT (a failed transaction's COMMIT
 * reports ROLLBACK), ROLLBACK, the warnings for each in the wrong state, and what ending a
 * transaction does to the row store and the locks.
 */
import type { SqlError, StatementResult } from '../../sql/results.ts';
import { parseLevel } from '../levels.ts';
import { sqlError } from './attempt.ts';
import type { Classified } from './classify.ts';
import type { LabContext, SessionState } from './context.ts';
import type { SavedSettings } from './row-store.ts';
import { inSubtransaction, type Tx } from './row-store.ts';

type Control = Extract<Classified, { kind: 'begin' | 'set-transaction' | 'set-session' | 'commit' | 'rollback' }>;

/** COMMIT AND CHAIN, ROLLBACK AND CHAIN: a new transaction with the ended one's characteristics. */
function chain(ctx: LabContext, session: SessionState, ended: Tx): void {
  const next = ctx.newTx(session, true, ended.level);
  next.uncommitted = ended.uncommitted;
  next.readOnly = ended.readOnly;
  session.tx = next;
}

export function statementResult(sql: string, tag: string | undefined, extra: Partial<StatementResult> = {}): StatementResult {
  return { sql, offset: 0, tag, notices: [], elapsedMs: 0, ...extra };
}

const warning = (code: string, message: string) => ({ severity: 'WARNING', code, message });

export const ABORTED = () => sqlError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');

/** `'10ms'`, `1s`, `250` (ms) → milliseconds, as deadlock_timeout and lock_timeout read them. */
export function milliseconds(value: string): number | undefined {
  const match = /^'?\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*'?$/i.exec(value.trim());
  if (!match) return undefined;
  const unit = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms').toLowerCase() as 'ms'];
  return Number(match[1]) * unit;
}

/** PostgreSQL's own deadlock_timeout, which RESET brings back. */
const DEFAULT_DEADLOCK_MS = 1000;

export function saveSettings(session: SessionState): SavedSettings {
  const { defaultLevel, defaultUncommitted, deadlockMs, lockTimeoutMs, settings } = session;
  return { defaultLevel, defaultUncommitted, deadlockMs, lockTimeoutMs, settings: new Map(settings) };
}

/** Undoes the SETs run since `saved` was taken (a rolled-back transaction or subtransaction). */
export function restoreSettings(session: SessionState, saved: SavedSettings): void {
  Object.assign(session, saved, { settings: new Map(saved.settings) });
}

/**
 * Ends `tx` for good: a commit makes its row versions visible, an abort removes them (and
 * undoes its SETs); either way its row, table and advisory locks go, and the SSI bookkeeping follows.
 */
export function endTransaction(ctx: LabContext, tx: Tx, commit: boolean): void {
  if (commit) ctx.store.commit(tx);
  else ctx.store.abort(tx);
  const session = ctx.sessionOf(tx);
  if (!commit && tx.settingsBefore && session) restoreSettings(session, tx.settingsBefore);
  if (commit && tx.lockTimeoutAtCommit !== undefined && session) session.lockTimeoutMs = tx.lockTimeoutAtCommit;
  ctx.locks.release(tx);
  ctx.tableLocks.release(tx);
  ctx.hooks.ended(tx, commit);
}

/**
 * A statement failed outside any savepoint (savepoints.ts aborts a subtransaction): PostgreSQL
 * aborts the transaction at once (its locks go now, other sessions stop waiting for it); an
 * explicit one stays open, failed, until ROLLBACK.
 */
export function failTransaction(ctx: LabContext, session: SessionState): void {
  const tx = session.tx;
  // Already failed: a statement refused with 25P02 changes nothing (a savepoint's failed transaction stays open).
  if (!tx || tx.failed) return;
  if (tx.status === 'active') endTransaction(ctx, tx, false);
  tx.failed = true;
  if (!tx.explicit) session.tx = undefined;
}

/** COMMIT of the session's transaction; the error when it cannot commit (it is then rolled back). */
export function commitTransaction(ctx: LabContext, session: SessionState): SqlError | undefined {
  const tx = session.tx!;
  session.tx = undefined;
  const error = ctx.hooks.beforeCommit(tx);
  endTransaction(ctx, tx, !error);
  return error;
}

/** COMMIT or ROLLBACK with no transaction open: a warning, or an error with AND CHAIN. */
function outside(sql: string, tag: 'COMMIT' | 'ROLLBACK', chained: boolean | undefined): StatementResult {
  if (chained) return statementResult(sql, undefined, { error: sqlError('25P01', `${tag} AND CHAIN can only be used in transaction blocks`) });
  return statementResult(sql, tag, { notices: [warning('25P01', 'there is no transaction in progress')] });
}

export function transactionControl(ctx: LabContext, session: SessionState, statement: Control, sql: string): StatementResult {
  const tx = session.tx;
  const keyword = sql.trim().split(/\s+/)[0].toUpperCase();
  switch (statement.kind) {
    case 'begin': {
      const tag = keyword === 'START' ? 'START TRANSACTION' : 'BEGIN';
      if (tx?.failed) return statementResult(sql, undefined, { error: ABORTED() });
      if (tx?.explicit) return statementResult(sql, tag, { notices: [warning('25001', 'there is already a transaction in progress')] });
      // Inside a multi-statement step, BEGIN turns the implicit transaction into an explicit one.
      const started = tx ?? ctx.newTx(session, true, statement.level ?? session.defaultLevel);
      started.explicit = true;
      if (statement.level) {
        started.level = statement.level;
        started.uncommitted = statement.uncommitted;
      }
      if (statement.readOnly !== undefined) started.readOnly = statement.readOnly;
      session.tx = started;
      return statementResult(sql, tag);
    }
    case 'set-transaction': {
      if (tx?.failed) return statementResult(sql, undefined, { error: ABORTED() });
      if (!tx?.explicit) return statementResult(sql, 'SET', { notices: [warning('25P01', 'SET TRANSACTION can only be used in transaction blocks')] });
      // check_transaction_isolation and check_transaction_read_only (variable.c), in their order.
      if (statement.level && statement.level !== tx.level && tx.started) {
        return statementResult(sql, undefined, { error: sqlError('25001', 'SET TRANSACTION ISOLATION LEVEL must be called before any query') });
      }
      if (statement.level && statement.level !== tx.level && inSubtransaction(tx)) {
        return statementResult(sql, undefined, { error: sqlError('25001', 'SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction') });
      }
      if (statement.readOnly === false && tx.readOnly && inSubtransaction(tx)) {
        return statementResult(sql, undefined, { error: sqlError('25001', 'cannot set transaction read-write mode inside a read-only transaction') });
      }
      if (statement.readOnly === false && tx.readOnly && tx.started) {
        return statementResult(sql, undefined, { error: sqlError('25001', 'transaction read-write mode must be set before any query') });
      }
      if (statement.level) {
        tx.level = statement.level;
        tx.uncommitted = statement.uncommitted;
      }
      if (statement.readOnly !== undefined) tx.readOnly = statement.readOnly;
      return statementResult(sql, 'SET');
    }
    case 'set-session': {
      if (tx?.failed) return statementResult(sql, undefined, { error: ABORTED() });
      const value = statement.value.replace(/^'(.*)'$/, '$1');
      const isDefault = /^default$/i.test(value);
      // SET LOCAL outside a transaction block: PostgreSQL warns, and it sets nothing.
      if (statement.local && !tx?.explicit && !session.implicitBlock) {
        return statementResult(sql, 'SET', { notices: [warning('25P01', 'SET LOCAL can only be used in transaction blocks')] });
      }
      // A multi-statement step is a transaction block before its first statement that needs one.
      const open = statement.local ? (session.tx ??= ctx.newTx(session, false)) : tx;
      if (open && !open.settingsBefore) open.settingsBefore = saveSettings(session);
      if (statement.name === 'default_transaction_isolation') {
        const level = isDefault ? { level: session.initialLevel } : parseLevel(value);
        if (!level) return statementResult(sql, undefined, { error: sqlError('22023', `invalid value for parameter "default_transaction_isolation": "${value}"`) });
        session.defaultLevel = level.level;
        session.defaultUncommitted = 'uncommitted' in level && level.uncommitted;
      } else if (statement.name === 'deadlock_timeout') {
        const ms = isDefault ? DEFAULT_DEADLOCK_MS : milliseconds(value);
        if (ms === undefined) return statementResult(sql, undefined, { error: sqlError('22023', `invalid value for parameter "deadlock_timeout": "${value}"`) });
        session.deadlockMs = ms;
      } else if (statement.name === 'lock_timeout') {
        // PostgreSQL's default is 0: no limit.
        const ms = isDefault ? 0 : milliseconds(value);
        if (ms === undefined) return statementResult(sql, undefined, { error: sqlError('22023', `invalid value for parameter "lock_timeout": "${value}"`) });
        // SET LOCAL lasts until the transaction ends: COMMIT brings back the session's value; a SET after it sets that value.
        if (statement.local) open!.lockTimeoutAtCommit ??= session.lockTimeoutMs;
        else if (open?.lockTimeoutAtCommit !== undefined) open.lockTimeoutAtCommit = ms;
        session.lockTimeoutMs = ms;
      } else if (isDefault) session.settings.delete(statement.name);
      else session.settings.set(statement.name, statement.value);
      return statementResult(sql, keyword === 'RESET' ? 'RESET' : 'SET');
    }
    case 'commit': {
      if (!tx?.explicit) return outside(sql, 'COMMIT', statement.chain);
      if (tx.failed) {
        session.tx = undefined;
        // A transaction failed inside a savepoint is still open: its outer changes and locks go now.
        if (tx.status === 'active') endTransaction(ctx, tx, false);
        if (statement.chain) chain(ctx, session, tx);
        return statementResult(sql, 'ROLLBACK');
      }
      const error = commitTransaction(ctx, session);
      if (!error && statement.chain) chain(ctx, session, tx);
      return statementResult(sql, error ? undefined : 'COMMIT', error && { error });
    }
    case 'rollback': {
      if (!tx?.explicit) return outside(sql, 'ROLLBACK', statement.chain);
      session.tx = undefined;
      if (tx.status === 'active') endTransaction(ctx, tx, false);
      if (statement.chain) chain(ctx, session, tx);
      return statementResult(sql, 'ROLLBACK');
    }
  }
}

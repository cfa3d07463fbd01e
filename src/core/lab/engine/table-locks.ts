/**
 * Table-level locks of a session's statements, taken in the lock manager (lock-manager.ts):
 * `LOCK TABLE … IN mode MODE [NOWAIT]`, table by table in the order named; the lock every
 * data statement takes on its tables before it reaches a row (SELECT: ACCESS SHARE; SELECT …
 * FOR: ROW SHARE on the table it locks; INSERT, UPDATE, DELETE: ROW EXCLUSIVE on the target);
 * and the ones its foreign keys' triggers take once its rows are written (a check reads its
 * table FOR KEY SHARE: ROW SHARE; a cascading action writes its table: ROW EXCLUSIVE). Views
 * are not followed to their tables here: the lab refuses to write or lock them.
 */
import type { LoggedChange } from '../../schema/capture.ts';
import type { SqlError, StatementResult } from '../../sql/results.ts';
import type { Classified } from './classify.ts';
import type { ForeignKey } from '../../schema/types.ts';
import type { LockManager, LockRequest } from './lock-manager.ts';
import type { Tx } from './row-store.ts';

export type LockTableStatement = Extract<Classified, { kind: 'lock-table' }>;
type RowStatement = Extract<Classified, { kind: 'select' | 'insert' | 'update' | 'delete' }>;

/** A lock the statement must wait for, and whom it waits for. */
export interface TableLockWait {
  blockers: Tx[];
  tableLock: LockRequest;
}

const error = (code: string, message: string): SqlError => ({ code, severity: 'ERROR', message });

/** Takes `requests` in order; the first one that must wait stops there (the ones before it stay held). */
export function takeTableLocks(locks: LockManager, tx: Tx, requests: readonly LockRequest[]): TableLockWait | undefined {
  for (const request of requests) {
    const outcome = locks.request(tx, request);
    if (!outcome.granted) return { blockers: outcome.blockers, tableLock: request };
  }
  return undefined;
}

/** The locks a data statement takes on its tables (of `tables`, the setup's) as PostgreSQL opens them: its target's first. */
export function statementLocks(tables: readonly string[], statement: RowStatement): LockRequest[] {
  const known = new Set(tables);
  const target = statement.kind === 'select' ? statement.lock?.table : statement.table;
  const requests: LockRequest[] = [];
  if (target !== undefined && known.has(target)) requests.push({ tag: { table: target }, mode: statement.kind === 'select' ? 'ROW SHARE' : 'ROW EXCLUSIVE' });
  for (const table of statement.tables) if (table !== target && known.has(table)) requests.push({ tag: { table }, mode: 'ACCESS SHARE' });
  return requests;
}

const differs = (change: LoggedChange, columns: readonly string[]) => columns.some((c) => JSON.stringify(change.old?.[c] ?? null) !== JSON.stringify(change.new?.[c] ?? null));

/**
 * The locks the foreign-key triggers of a statement's changes take (ri_triggers.c's queries):
 * a new or changed referencing value is checked in the referenced table (ROW SHARE); a
 * deleted referenced row, or one whose key changed, is looked up in the referencing table,
 * which a cascading action writes (ROW EXCLUSIVE) and NO ACTION / RESTRICT only reads (ROW SHARE).
 */
export function referentialLocks(foreignKeys: readonly ForeignKey[], changes: readonly LoggedChange[]): LockRequest[] {
  const requests: LockRequest[] = [];
  const add = (table: string, mode: LockRequest['mode']) => {
    if (!requests.some((r) => 'table' in r.tag && r.tag.table === table && r.mode === mode)) requests.push({ tag: { table }, mode });
  };
  for (const change of changes) {
    for (const fk of foreignKeys) {
      if (fk.table === change.table && change.op !== 'DELETE') {
        const checked = fk.columns.every((c) => change.new?.[c] !== null && change.new?.[c] !== undefined) && (change.op === 'INSERT' || differs(change, fk.columns));
        if (checked) add(fk.refTable, 'ROW SHARE');
      }
      if (fk.refTable === change.table && (change.op === 'DELETE' || (change.op === 'UPDATE' && differs(change, fk.refColumns)))) {
        const action = change.op === 'DELETE' ? fk.onDelete : fk.onUpdate;
        add(fk.table, action === 'NO ACTION' || action === 'RESTRICT' ? 'ROW SHARE' : 'ROW EXCLUSIVE');
      }
    }
  }
  return requests;
}

/**
 * LOCK TABLE: each table in turn, waiting for the ones it cannot have yet (holding those
 * before), or with NOWAIT failing at once.
 */
export function lockTables(locks: LockManager, tx: Tx, statement: LockTableStatement, sql: string): { status: 'done'; result: StatementResult } | { status: 'waiting'; wait: TableLockWait } {
  const done = (extra: Partial<StatementResult>) => ({ status: 'done' as const, result: { sql, offset: 0, notices: [], elapsedMs: 0, ...extra } });
  for (const table of statement.tables) {
    const request: LockRequest = { tag: { table }, mode: statement.mode };
    if (statement.nowait) {
      if (!locks.tryRequest(tx, request)) return done({ error: error('55P03', `could not obtain lock on relation "${table}"`) });
      continue;
    }
    const wait = takeTableLocks(locks, tx, [request]);
    if (wait) return { status: 'waiting', wait };
  }
  return done({ tag: 'LOCK TABLE' });
}

/**
 * What a lab step's statement is, read from PostgreSQL's own parse tree (analysis/pg-parser.ts),
 * and whether the lab can run it faithfully. The engine models transactions (BEGIN, SET
 * TRANSACTION, COMMIT, ROLLBACK, savepoints), reads (SELECT, with one FOR UPDATE / NO KEY UPDATE / SHARE /
 * KEY SHARE clause, NOWAIT, SKIP LOCKED on one table), and single-table INSERT, UPDATE and
 * DELETE. Any other shape is refused with a message naming it (refusals.ts): a silently wrong
 * result would teach a wrong fact.
 */
import type { IsolationLevel } from '../scenario.ts';
import { parseSql, type ParseNode } from '../analysis/pg-parser.ts';
import { REFUSALS } from './refusals.ts';
import { TABLE_LOCK_MODES, type TableLockMode } from './lock-manager.ts';
import { advisoryCalls, type AdvisoryCall } from './advisory-locks.ts';
import type { LabText } from '../lab-text.ts';
import type { RowLockMode } from './lock-modes.ts';


/** What every data statement touches, from its parse tree. */
export interface Touches {
  /** Every table it names (schema-qualified unless in public), its CTEs' names left out. */
  tables: string[];
  /** Every function it calls, by its last name part. */
  functions: string[];
}

export type Classified =
  | { kind: 'begin'; level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean }
  | { kind: 'set-transaction'; level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean }
  | { kind: 'set-session'; name: string; value: string; local?: boolean }
  | { kind: 'show' }
  | { kind: 'commit'; chain?: boolean }
  | { kind: 'rollback'; chain?: boolean }
  /** SAVEPOINT, RELEASE [SAVEPOINT], ROLLBACK TO [SAVEPOINT], with the name as the grammar folds it. */
  | { kind: 'savepoint'; name: string }
  | { kind: 'release'; name: string }
  | { kind: 'rollback-to'; name: string }
  /** `advisory`: a SELECT of transaction-level advisory-lock calls only (advisory-locks.ts). */
  | ({ kind: 'select'; lock?: { mode: RowLockMode; wait: 'wait' | 'nowait' | 'skip locked'; table: string }; advisory?: AdvisoryCall[] } & Touches)
  /**
   * `onConflict`: ON CONFLICT, with the columns of its conflict target (none: every unique
   * index), and for DO UPDATE the columns its SET assigns.
   */
  | ({ kind: 'insert'; table: string; onConflict?: { columns?: string[]; update?: { assigned: string[] } } } & Touches)
  | ({ kind: 'update'; table: string; assigned: string[] } & Touches)
  | ({ kind: 'delete'; table: string } & Touches)
  /** LOCK TABLE: its tables in order, the mode, NOWAIT. */
  | { kind: 'lock-table'; tables: string[]; mode: TableLockMode; nowait: boolean }
  /** PostgreSQL rejects it before anything runs: no snapshot, no lock, the transaction fails. */
  | { kind: 'syntax-error'; message: string }
  | { kind: 'refused'; reason: LabText };

/** The statements that read or write rows (attempt.ts runs them). */
export type DataStatement = Extract<Classified, { kind: 'select' | 'insert' | 'update' | 'delete' }>;

const LEVELS: Record<string, IsolationLevel> = {
  'read uncommitted': 'read committed',
  'read committed': 'read committed',
  'repeatable read': 'repeatable read',
  serializable: 'serializable',
};

/** Session settings a step may change: they only steer the planner or name the default level. */
export const SETTINGS = ['default_transaction_isolation', 'enable_seqscan', 'enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan', 'deadlock_timeout', 'lock_timeout', 'search_path', 'datestyle', 'client_min_messages'];

/** Functions whose results depend on the single backend the lab really runs on (advisory locks: advisory-locks.ts). */
const BACKEND_FUNCTIONS = /^(currval|lastval|txid_\w+|pg_current_xact_id\w*|pg_current_snapshot|pg_snapshot_\w+|pg_export_snapshot|pg_backend_pid|pg_sleep\w*|pg_blocking_pids)$/;
const BACKEND_TABLES = new Set(['pg_locks', 'pg_stat_activity']);
const SYSTEM_COLUMNS = new Set(['xmin', 'xmax', 'cmin', 'cmax', 'ctid']);

const LOCK_MODES: Record<string, RowLockMode> = {
  LCS_FORKEYSHARE: 'key share',
  LCS_FORSHARE: 'share',
  LCS_FORNOKEYUPDATE: 'no key update',
  LCS_FORUPDATE: 'update',
};
const WAIT_POLICIES: Record<string, 'wait' | 'nowait' | 'skip locked'> = { LockWaitBlock: 'wait', LockWaitError: 'nowait', LockWaitSkip: 'skip locked' };

type Fields = Record<string, unknown>;

const fieldsOf = (node: unknown, type: string): Fields | undefined => (node && typeof node === 'object' ? ((node as ParseNode)[type] as Fields | undefined) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const stringOf = (node: unknown): string | undefined => fieldsOf(node, 'String')?.sval as string | undefined;

/** A RangeVar's table as the catalog spells it, without `public.`. */
function relationName(range: Fields): string {
  const schema = range.schemaname as string | undefined;
  return schema && schema !== 'public' ? `${schema}.${range.relname as string}` : (range.relname as string);
}

/** Everything below `node` the analysis needs: tables, functions, columns, CTE names, locking clauses, nested writes. */
interface Found {
  tables: Set<string>;
  functions: Set<string>;
  columns: Set<string>;
  ctes: Set<string>;
  lockingClauses: number;
  writes: boolean;
}

function walk(node: unknown, found: Found, top = true): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, found, false);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [type, value] of Object.entries(node as Fields)) {
    const fields = value as Fields;
    if (type === 'RangeVar') found.tables.add(relationName(fields));
    else if (type === 'FuncCall') found.functions.add(stringOf(list(fields.funcname).at(-1)) ?? '');
    else if (type === 'ColumnRef') found.columns.add(stringOf(list(fields.fields).at(-1)) ?? '');
    else if (type === 'CommonTableExpr') found.ctes.add(fields.ctename as string);
    else if (type === 'LockingClause') {
      // Its OF list names tables (or aliases) the FROM clause already has.
      found.lockingClauses++;
      continue;
    }
    else if (!top && (type === 'InsertStmt' || type === 'UpdateStmt' || type === 'DeleteStmt')) found.writes = true;
    walk(value, found, false);
  }
}

function findAll(stmt: ParseNode): Found {
  const found: Found = { tables: new Set(), functions: new Set(), columns: new Set(), ctes: new Set(), lockingClauses: 0, writes: false };
  walk(stmt, found);
  // A field typed RangeVar in the grammar (an INSERT's, UPDATE's or DELETE's target) is printed bare, not as a node.
  const target = (Object.values(stmt)[0] as Fields | undefined)?.relation as Fields | undefined;
  if (target) found.tables.add(relationName(target));
  return found;
}

const refuse = (reason: LabText): Classified => ({ kind: 'refused', reason });

/** BEGIN's and SET TRANSACTION's options: the level (READ UNCOMMITTED runs as READ COMMITTED, shown as named) and access mode. */
function characteristics(options: unknown): { level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean } {
  const result: { level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean } = {};
  for (const option of list(options)) {
    const def = fieldsOf(option, 'DefElem');
    const constant = fieldsOf(def?.arg, 'A_Const');
    if (def?.defname === 'transaction_isolation') {
      const named = (constant?.sval as Fields | undefined)?.sval as string | undefined;
      if (named && LEVELS[named]) {
        result.level = LEVELS[named];
        if (named === 'read uncommitted') result.uncommitted = true;
      }
    } else if (def?.defname === 'transaction_read_only') {
      // libpg_query leaves a zero out of its JSON: READ WRITE is an empty ival.
      result.readOnly = Boolean((constant?.ival as Fields | undefined)?.ival);
    }
  }
  return result;
}

/** The code location inside a parse node (`{ Type: { location } }`). */
const locationOf = (node: unknown): number | undefined => {
  const inner = node && typeof node === 'object' ? Object.values(node as Fields)[0] : undefined;
  return (inner as Fields | undefined)?.location as number | undefined;
};

function setting(set: Fields, sql: string, end: number): Classified {
  const kind = set.kind as string;
  // Setting names are folded to lower case by the grammar; its own keywords (TRANSACTION, …) are not.
  const name = ((set.name as string | undefined) ?? '').toLowerCase();
  if (name === 'transaction') return { kind: 'set-transaction', ...characteristics(set.args) };
  if (name === 'session characteristics') return refuse(REFUSALS.sessionCharacteristics);
  // SET LOCAL is modelled for lock_timeout alone (transaction.ts): migrations set it so.
  const local = set.is_local === true;
  if (local && name !== 'lock_timeout') return refuse(REFUSALS.setLocal);
  if (kind === 'VAR_RESET_ALL' || !SETTINGS.includes(name)) return refuse(REFUSALS.setting(kind === 'VAR_RESET_ALL' ? 'all' : name, SETTINGS));
  if (kind === 'VAR_SET_DEFAULT' || kind === 'VAR_RESET') return { kind: 'set-session', name, value: 'DEFAULT', ...(local && { local }) };
  const start = locationOf(list(set.args)[0]);
  if (kind !== 'VAR_SET_VALUE' || start === undefined) return refuse(REFUSALS.setting(name, SETTINGS));
  // The value as written (quotes, units, a list): SET LOCAL replays it on PGlite.
  return { kind: 'set-session', name, value: sql.slice(start, end).trim(), ...(local && { local }) };
}

/** The one table a locking SELECT reads, with its alias; undefined when it reads several, or a subquery. */
function lockedTable(select: Fields): { table: string; alias?: string } | undefined {
  const from = list(select.fromClause);
  const range = from.length === 1 ? fieldsOf(from[0], 'RangeVar') : undefined;
  return range && { table: relationName(range), alias: (fieldsOf(range.alias, 'Alias')?.aliasname ?? (range.alias as Fields | undefined)?.aliasname) as string | undefined };
}

function lockingSelect(select: Fields, touches: Touches): Classified {
  const clause = fieldsOf(list(select.lockingClause)[0], 'LockingClause')!;
  const target = lockedTable(select);
  if (!target || select.op && select.op !== 'SETOP_NONE') return refuse(REFUSALS.lockSeveralTables);
  const named = list(clause.lockedRels).map((r) => fieldsOf(r, 'RangeVar')!).map((r) => relationName(r));
  if (named.some((n) => n !== target.table && n !== target.alias)) return refuse(REFUSALS.lockSeveralTables);
  return {
    kind: 'select',
    lock: { mode: LOCK_MODES[clause.strength as string], wait: WAIT_POLICIES[(clause.waitPolicy as string) ?? 'LockWaitBlock'] ?? 'wait', table: target.table },
    ...touches,
  };
}

/** The columns an UPDATE assigns, `SET (a, b) = …` included. */
const assignedColumns = (update: Fields) => list(update.targetList).map((t) => fieldsOf(t, 'ResTarget')?.name as string);

/** One statement's parse tree, as the engine sees it. */
function classifyStatement(stmt: ParseNode, sql: string, end: number): Classified {
  const [type, value] = Object.entries(stmt)[0] ?? ['', {}];
  const fields = value as Fields;
  if (type === 'TransactionStmt') {
    switch (fields.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        return { kind: 'begin', ...characteristics(fields.options) };
      case 'TRANS_STMT_COMMIT':
        return { kind: 'commit', chain: Boolean(fields.chain) };
      case 'TRANS_STMT_ROLLBACK':
        return { kind: 'rollback', chain: Boolean(fields.chain) };
      case 'TRANS_STMT_SAVEPOINT':
        return { kind: 'savepoint', name: fields.savepoint_name as string };
      case 'TRANS_STMT_RELEASE':
        return { kind: 'release', name: fields.savepoint_name as string };
      case 'TRANS_STMT_ROLLBACK_TO':
        return { kind: 'rollback-to', name: fields.savepoint_name as string };
      default:
        return refuse(REFUSALS.twoPhaseCommit);
    }
  }
  if (type === 'VariableSetStmt') return setting(fields, sql, end);
  if (type === 'VariableShowStmt') return { kind: 'show' };
  if (type === 'LockStmt') {
    const tables = list(fields.relations).map((r) => relationName(fieldsOf(r, 'RangeVar')!));
    // The grammar's lock mode is lockdefs.h's number: AccessShareLock (1) … AccessExclusiveLock (8).
    return { kind: 'lock-table', tables, mode: TABLE_LOCK_MODES[(fields.mode as number) - 1], nowait: Boolean(fields.nowait) };
  }
  if (type !== 'SelectStmt' && type !== 'InsertStmt' && type !== 'UpdateStmt' && type !== 'DeleteStmt') return refuse(REFUSALS.command(type));

  const found = findAll(stmt);
  const tables = [...found.tables].filter((t) => !found.ctes.has(t));
  const touches: Touches = { tables, functions: [...found.functions] };
  const backendFunction = touches.functions.find((f) => BACKEND_FUNCTIONS.test(f));
  const backendThing = backendFunction ?? tables.find((t) => BACKEND_TABLES.has(t)) ?? [...found.columns].find((c) => SYSTEM_COLUMNS.has(c));
  if (backendThing) return refuse(REFUSALS.backendBound(backendThing));
  if (found.writes) return refuse(REFUSALS.writingCte);

  if (type === 'SelectStmt') {
    const advisory = advisoryCalls(fields, touches.functions);
    if (advisory && !Array.isArray(advisory)) return refuse(advisory);
    if (advisory) return { kind: 'select', advisory, ...touches };
    const top = list(fields.lockingClause).length;
    if (found.lockingClauses > top || top > 1) return refuse(REFUSALS.nestedLocking);
    return top === 1 ? lockingSelect(fields, touches) : { kind: 'select', ...touches };
  }
  const table = relationName(fields.relation as Fields);
  if (type === 'InsertStmt') {
    const conflict = fields.onConflictClause as Fields | undefined;
    if (!conflict) return { kind: 'insert', table, ...touches };
    const infer = conflict.infer as Fields | undefined;
    const elements = list(infer?.indexElems).map((e) => fieldsOf(e, 'IndexElem'));
    if (infer && (infer.conname || infer.whereClause || elements.some((e) => !e?.name))) return refuse(REFUSALS.onConflictTarget);
    if (!list(fieldsOf(fields.selectStmt, 'SelectStmt')?.valuesLists).length) return refuse(REFUSALS.onConflictTarget);
    const update = conflict.action === 'ONCONFLICT_UPDATE' ? { update: { assigned: assignedColumns(conflict) } } : {};
    return { kind: 'insert', table, onConflict: { ...(infer && { columns: elements.map((e) => e!.name as string) }), ...update }, ...touches };
  }
  if (type === 'UpdateStmt') {
    if (list(fields.fromClause).length > 0) return refuse(REFUSALS.updateFrom);
    return { kind: 'update', table, assigned: assignedColumns(fields), ...touches };
  }
  if (list(fields.usingClause).length > 0) return refuse(REFUSALS.deleteUsing);
  return { kind: 'delete', table, ...touches };
}

/** Classifies one statement of a step (the step's SQL is split into statements before). */
export function classify(sql: string): Classified {
  const parsed = parseSql(sql);
  if ('error' in parsed) return { kind: 'syntax-error', message: parsed.error };
  if (parsed.statements.length !== 1) return refuse(REFUSALS.notOneStatement);
  const [{ stmt, stmt_location: start = 0, stmt_len: length }] = parsed.statements;
  return classifyStatement(stmt, sql, length ? start + length : sql.length);
}

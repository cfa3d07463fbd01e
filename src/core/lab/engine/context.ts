/**
 * The state of one scenario run shared by the engine's parts: the row store, the lock
 * table, PGlite's executor, and each session's transaction, settings and wait.
 */
import type { IsolationLevel, LabStep } from '../scenario.ts';
import type { SchemaTable } from '../../schema/introspect.ts';
import type { SqlError } from '../../sql/results.ts';
import type { Executor, SessionSettings, TableIndex } from './executor.ts';
import { LockTable, type RowLockRequest } from './locks.ts';
import { LockManager, type LockRequest } from './lock-manager.ts';
import type { Classified, DataStatement } from './classify.ts';
import type { Sequences, SequenceState } from './sequences.ts';
import { Ssi } from './ssi.ts';
import type { RowStore, RowVersion, Snapshot, Tx, Written } from './row-store.ts';
import type { UniqueKeys } from './unique-keys.ts';

/** A statement that had to wait for a lock, and what it needs to go on. */
export interface Wait {
  sql: string;
  statement: DataStatement | Extract<Classified, { kind: 'lock-table' }>;
  /** The statement's snapshot (READ COMMITTED keeps it across the wait). */
  snapshot: Snapshot;
  /** Rows it had reached when it blocked: re-read at their newest version after the wait (EvalPlanQual). */
  targets: Set<RowVersion>;
  /** The transactions it waits for: the lock's holders, or the waiter queued ahead of it on the row. */
  blockers: Tx[];
  /** Waiting behind another waiter's claim on the row (PostgreSQL's tuple lock), not for the holders. */
  queuedBehind?: Wait;
  /** The row lock it asked for (none when it waits for a unique key). */
  request?: RowLockRequest;
  /** The table or advisory lock it queued for in the lock manager. */
  tableLock?: LockRequest;
  /** That lock is the statement's own, asked for before it read a row (READ COMMITTED's snapshot comes after it). */
  beforeRows?: boolean;
  /** The row version whose inserter or deleter it waits for (a unique key): undone by a subtransaction's abort, it lets the waiter go. */
  on?: RowVersion;
  /**
   * The statement waits in its foreign keys' AFTER triggers, its own rows written: what the
   * transaction had written before them, which is where a retry starts from (attempt.ts).
   */
  writtenBefore?: Written;
  /** The sequences before the statement's first run: a rerun hands out the same values. */
  sequences?: SequenceState;
  /** Order in which sessions started waiting. */
  since: number;
  /** Virtual time of this wait's one deadlock check (PostgreSQL checks once, after deadlock_timeout). */
  checkAt: number;
  checked: boolean;
  /** Virtual time its lock_timeout ends it with 55P03; none while lock_timeout is 0 (off). */
  timeoutAt?: number;
}


export interface SessionState {
  name: string;
  /** The level the run gave it: what RESET default_transaction_isolation returns to. */
  initialLevel: IsolationLevel;
  defaultLevel: IsolationLevel;
  /** default_transaction_isolation is READ UNCOMMITTED (run as READ COMMITTED). */
  defaultUncommitted?: boolean;
  /** Its deadlock_timeout, ms: when its one deadlock check runs after it starts waiting. */
  deadlockMs: number;
  /** Its lock_timeout, ms (0: off): how long one lock wait may last before its statement fails. */
  lockTimeoutMs: number;
  /** SET … of the session, replayed on PGlite for each of its statements. */
  settings: Map<string, string>;
  tx?: Tx;
  wait?: Wait;
  /** Statements of the current step still to run. */
  pending: string[];
  step?: LabStep;
  /** The step runs several statements outside BEGIN: PostgreSQL runs them as one transaction. */
  implicitBlock: boolean;
}


/** What the end of a transaction asks of SERIALIZABLE's bookkeeping (serializable.ts implements it). */
export interface TransactionHooks {
  /** SSI's checks at COMMIT: an error means the commit fails. */
  beforeCommit(tx: Tx): SqlError | undefined;
  /** Its bookkeeping once the transaction has committed or rolled back. */
  ended(tx: Tx, committed: boolean): void;
}

export class LabContext {
  readonly store: RowStore;
  readonly locks = new LockTable();
  /** Table-level and advisory locks (LOCK TABLE, each statement's own, pg_advisory_xact_lock). */
  readonly tableLocks = new LockManager();
  readonly executor: Executor;
  /** Each table's indexes: SERIALIZABLE's page locks name them. */
  readonly indexes: Map<string, TableIndex[]>;
  readonly ssi = new Ssi();
  readonly sequences: Sequences;
  readonly uniqueKeys: UniqueKeys;
  readonly sessions = new Map<string, SessionState>();
  private txIds = 0;
  private waits = 0;

  readonly hooks: TransactionHooks;

  /** `hooks`: made for this context (they read its SSI state). */
  constructor(store: RowStore, executor: Executor, indexes: Map<string, TableIndex[]>, sequences: Sequences, uniqueKeys: UniqueKeys, hooks: (ctx: LabContext) => TransactionHooks) {
    this.hooks = hooks(this);
    this.store = store;
    this.uniqueKeys = uniqueKeys;
    this.sequences = sequences;
    this.executor = executor;
    this.indexes = indexes;
  }

  newTx(session: SessionState, explicit: boolean, level = session.defaultLevel): Tx {
    const uncommitted = level === session.defaultLevel && session.defaultUncommitted;
    return { id: ++this.txIds, session: session.name, level, ...(uncommitted && { uncommitted }), readOnly: false, explicit, status: 'active', failed: false, started: false, wrote: false };
  }

  nextWait(): number {
    return ++this.waits;
  }

  table(name: string): SchemaTable {
    return this.executor.table(name);
  }

  sessionOf(tx: Tx): SessionState | undefined {
    return this.sessions.get(tx.session);
  }

  /**
   * The session's state, replayed on PGlite before each of its statements, so that what
   * PostgreSQL would tell the session about itself (SHOW, current_setting()) comes out the same.
   */
  settingsOf(session: SessionState): SessionSettings {
    const tx = session.tx?.status === 'active' ? session.tx : undefined;
    const named = (level: IsolationLevel, uncommitted: boolean | undefined) => (uncommitted ? 'read uncommitted' : level);
    return {
      isolation: tx ? named(tx.level, tx.uncommitted) : named(session.defaultLevel, session.defaultUncommitted),
      statements: [
        `SET LOCAL default_transaction_isolation = '${named(session.defaultLevel, session.defaultUncommitted)}'`,
        `SET LOCAL deadlock_timeout = '${session.deadlockMs}ms'`,
        `SET LOCAL lock_timeout = '${session.lockTimeoutMs}ms'`,
        ...[...session.settings].map(([name, value]) => `SET LOCAL ${name} = ${value}`),
      ],
    };
  }
}

/**
 * The state of one scenario run shared by the engine's parts: the row store, the lock
 * table, PGlite's executor, and each session's transaction, settings and wait.
 */
import type { IsolationLevel, LabStep } from '../scenario.ts';
import type { SchemaTable } from '../../schema/introspect.ts';
import type { SqlError } from '../../sql/results.ts';
import type { DataStatement } from './attempt.ts';
import type { Executor, TableIndex } from './executor.ts';
import { LockTable, type RowLockRequest } from './locks.ts';
import type { Sequences, SequenceState } from './sequences.ts';
import { Ssi } from './ssi.ts';
import type { RowStore, RowVersion, Snapshot, Tx } from './store.ts';

/** A statement that had to wait for a lock, and what it needs to go on. */
export interface Wait {
  sql: string;
  statement: DataStatement;
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
  /** The sequences before the statement's first run: a rerun hands out the same values. */
  sequences?: SequenceState;
  /** Order in which sessions started waiting. */
  since: number;
  /** Virtual time of this wait's one deadlock check (PostgreSQL checks once, after deadlock_timeout). */
  checkAt: number;
  checked: boolean;
}

export interface SessionState {
  name: string;
  /** The level the run gave it: what RESET default_transaction_isolation returns to. */
  initialLevel: IsolationLevel;
  defaultLevel: IsolationLevel;
  /** Its deadlock_timeout, ms: when its one deadlock check runs after it starts waiting. */
  deadlockMs: number;
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

export class LabContext {
  readonly store: RowStore;
  readonly locks = new LockTable();
  readonly executor: Executor;
  /** Each table's indexes: SERIALIZABLE's page locks name them. */
  readonly indexes: Map<string, TableIndex[]>;
  readonly ssi = new Ssi();
  readonly sequences: Sequences;
  readonly sessions = new Map<string, SessionState>();
  private txIds = 0;
  private waits = 0;

  /** Set by the run: SSI's checks at COMMIT (an error means the commit fails) and its bookkeeping when a transaction ends. */
  beforeCommit: (tx: Tx) => SqlError | undefined = () => undefined;
  onEnd: (tx: Tx, committed: boolean) => void = () => {};

  constructor(store: RowStore, executor: Executor, indexes: Map<string, TableIndex[]>, sequences: Sequences) {
    this.store = store;
    this.sequences = sequences;
    this.executor = executor;
    this.indexes = indexes;
  }

  newTx(session: SessionState, explicit: boolean, level = session.defaultLevel): Tx {
    return { id: ++this.txIds, session: session.name, level, readOnly: false, explicit, status: 'active', failed: false, started: false, wrote: false };
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

  /** PostgreSQL settings to replay for a statement of `session`. */
  settingsOf(session: SessionState): string[] {
    return [...session.settings]
      .filter(([name]) => name !== 'default_transaction_isolation' && name !== 'deadlock_timeout')
      .map(([name, value]) => `SET LOCAL ${name} = ${value}`);
  }
}

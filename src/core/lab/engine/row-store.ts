/**
 * The lab's multi-version row store: what PostgreSQL keeps in its heap, for a handful of
 * rows. Every row version records the transaction that created it and the one that
 * deleted (or replaced) it, and points to the version that replaced it, so visibility to
 * a snapshot, a transaction's own changes, "the newest committed version" after a wait
 * (EvalPlanQual) and rollback are all plain lookups. Commit order is a sequence number: a
 * snapshot sees exactly the transactions committed before it was taken.
 */
import type { IsolationLevel } from '../scenario.ts';
import type { RowLockMode } from './lock-modes.ts';

/**
 * What SET changes in a session, as a transaction or a savepoint saves it: aborting either
 * brings it back (PostgreSQL's GUC stack). The session's fields of the same names (context.ts).
 */
export interface SavedSettings {
  defaultLevel: IsolationLevel;
  defaultUncommitted?: boolean;
  deadlockMs: number;
  lockTimeoutMs: number;
  settings: Map<string, string>;
}

export type Row = Record<string, unknown>;

export interface Tx {
  id: number;
  session: string;
  level: IsolationLevel;
  /** Started as READ UNCOMMITTED: it runs as READ COMMITTED, and says so when asked. */
  uncommitted?: boolean;
  readOnly: boolean;
  /** Started by BEGIN (else: one statement, autocommitted). */
  explicit: boolean;
  status: 'active' | 'committed' | 'aborted';
  /** Set at commit: the order in which transactions became visible. */
  commitSeq?: number;
  /** REPEATABLE READ / SERIALIZABLE: taken at the transaction's first statement. */
  snapshot?: Snapshot;
  /** An error happened: only ROLLBACK (or COMMIT, which then rolls back) is accepted. */
  failed: boolean;
  /** A statement ran (SET TRANSACTION must come before any). */
  started: boolean;
  /** It changed a row (a SERIALIZABLE one that did not counts as read only at commit). */
  wrote: boolean;
  /** Its savepoints, innermost last: each one's subtransaction is still open (savepoints.ts). */
  savepoints?: Savepoint[];
  /** The session's settings before its first SET in this transaction: a rollback restores them. */
  settingsBefore?: SavedSettings;
  /** After a SET LOCAL lock_timeout: the session's own lock_timeout, which COMMIT brings back. */
  lockTimeoutAtCommit?: number;
}

/**
 * A savepoint of a transaction (savepoints.ts): what was so when it was set, for ROLLBACK TO
 * to go back to — the versions the transaction had created and deleted, its row locks, its
 * access mode, the session's settings.
 */
export interface Savepoint extends Written {
  name: string;
  locks: Map<RowVersion, HeldLock>;
  /** The table and advisory lock modes held when it was set (lock-manager.ts): an abort gives back the ones taken since. */
  heavyLocks: Map<string, Set<string>>;
  readOnly: boolean;
  settings: SavedSettings;
  lockTimeoutAtCommit?: number;
}

/** The versions a transaction has created, and those it has deleted or replaced: a mark to undo its writes back to. */
export interface Written {
  created: Set<RowVersion>;
  deleted: Set<RowVersion>;
}

/** A row lock as its holder holds it: the strength, and the open subtransaction that took it (locks.ts). */
export interface HeldLock {
  mode: RowLockMode;
  in?: Savepoint;
}

/** Whether `tx` runs inside a savepoint (a subtransaction of it is open). */
export const inSubtransaction = (tx: Tx | undefined): boolean => (tx?.savepoints?.length ?? 0) > 0;

/** Sees every transaction committed at or before `seq`. */
export interface Snapshot {
  seq: number;
}

export interface RowVersion {
  table: string;
  values: Row;
  creator?: Tx;
  deleter?: Tx;
  /** The version an UPDATE replaced this one with. */
  next?: RowVersion;
  /** The first version of the row: its identity across updates. */
  root: RowVersion;
  /**
   * The open subtransaction that created it, or deleted it: a session waiting for its key
   * sleeps on that subtransaction (none: on the transaction itself), which its rollback ends.
   */
  createdIn?: Savepoint;
  deletedIn?: Savepoint;
  /** Physical order (PostgreSQL appends new versions): the order of a sequential scan. */
  pos: number;
}

const committedIn = (tx: Tx | undefined, snapshot: Snapshot) =>
  tx === undefined || (tx.status === 'committed' && tx.commitSeq! <= snapshot.seq);

export class RowStore {
  private readonly versions = new Map<string, RowVersion[]>();
  private position = 0;
  private commits = 0;

  constructor(tables: readonly string[]) {
    for (const t of tables) this.versions.set(t, []);
  }

  tables(): string[] {
    return [...this.versions.keys()];
  }

  takeSnapshot(): Snapshot {
    return { seq: this.commits };
  }

  /** Rows present before the sessions start (the scenario's setup), committed for everyone. */
  load(table: string, rows: readonly Row[]): void {
    for (const values of rows) this.add(table, values, undefined);
  }

  private add(table: string, values: Row, creator: Tx | undefined, previous?: RowVersion): RowVersion {
    const version = { table, values, creator, createdIn: creator?.savepoints?.at(-1), pos: this.position++ } as RowVersion;
    version.root = previous ? previous.root : version;
    this.versions.get(table)!.push(version);
    return version;
  }

  /** PostgreSQL's visibility rule for `tx` reading with `snapshot`: its own changes, and what was committed before. */
  visible(version: RowVersion, tx: Tx | undefined, snapshot: Snapshot): boolean {
    const created = version.creator === tx || committedIn(version.creator, snapshot);
    if (!created || version.creator?.status === 'aborted') return false;
    const deleter = version.deleter;
    if (!deleter || deleter.status === 'aborted') return true;
    return !(deleter === tx || committedIn(deleter, snapshot));
  }

  /** The table as `tx` sees it, in physical order. */
  view(table: string, tx: Tx | undefined, snapshot: Snapshot): RowVersion[] {
    return this.versions.get(table)!.filter((v) => this.visible(v, tx, snapshot));
  }

  /** The newest version of `version`'s row that is committed or `tx`'s own; undefined when that is a deletion. */
  newest(version: RowVersion, tx: Tx): RowVersion | undefined {
    let current = version;
    for (;;) {
      const deleter = current.deleter;
      const done = deleter && deleter.status !== 'aborted' && (deleter === tx || deleter.status === 'committed');
      if (!done) return current;
      if (!current.next || current.next.creator?.status === 'aborted') return undefined;
      current = current.next;
    }
  }

  /** Every version of the table's rows, old and new, committed or not (a rolled-back transaction's are gone). */
  versionsOf(table: string): readonly RowVersion[] {
    return this.versions.get(table)!;
  }

  /** Every live version of every row (committed or not): for unique keys, which PostgreSQL checks against all of them. */
  live(table: string): RowVersion[] {
    return this.versions.get(table)!.filter((v) => v.creator?.status !== 'aborted' && !(v.deleter && v.deleter.status === 'committed'));
  }

  insert(tx: Tx, table: string, values: Row): RowVersion {
    return this.add(table, values, tx);
  }

  update(tx: Tx, version: RowVersion, values: Row): RowVersion {
    version.deleter = tx;
    version.deletedIn = tx.savepoints?.at(-1);
    const next = this.add(version.table, values, tx, version);
    version.next = next;
    return next;
  }

  delete(tx: Tx, version: RowVersion): void {
    version.deleter = tx;
    version.deletedIn = tx.savepoints?.at(-1);
  }

  commit(tx: Tx): void {
    tx.status = 'committed';
    tx.commitSeq = ++this.commits;
  }

  /** What `tx` has written so far: the versions it created, and those it deleted or replaced. */
  writtenBy(tx: Tx): Written {
    const all = [...this.versions.values()].flat();
    return { created: new Set(all.filter((v) => v.creator === tx)), deleted: new Set(all.filter((v) => v.deleter === tx)) };
  }

  /** Undoes what `tx` wrote since `mark` (a subtransaction's abort): versions it created since are gone, those it deleted or replaced since live again. */
  rollbackTo(tx: Tx, mark: Written): void {
    for (const list of this.versions.values()) {
      for (const v of list) {
        if (v.deleter === tx && !mark.deleted.has(v)) {
          v.deleter = undefined;
          v.deletedIn = undefined;
          v.next = undefined;
        }
      }
      list.splice(0, list.length, ...list.filter((v) => v.creator !== tx || mark.created.has(v)));
    }
  }

  /** RELEASE: what `released` subtransactions wrote is their transaction's now (a waiter for it sleeps on the topmost transaction). */
  merge(released: ReadonlySet<Savepoint>): void {
    for (const v of [...this.versions.values()].flat()) {
      if (v.createdIn && released.has(v.createdIn)) v.createdIn = undefined;
      if (v.deletedIn && released.has(v.deletedIn)) v.deletedIn = undefined;
    }
  }

  /** Undoes a transaction: its versions are gone, the ones it deleted or replaced live again. */
  abort(tx: Tx): void {
    tx.status = 'aborted';
    for (const list of this.versions.values()) {
      for (const v of list) {
        if (v.deleter === tx) {
          v.deleter = undefined;
          v.next = undefined;
        }
      }
      const kept = list.filter((v) => v.creator !== tx);
      list.splice(0, list.length, ...kept);
    }
  }
}

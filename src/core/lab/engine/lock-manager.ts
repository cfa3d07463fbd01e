/**
 * PostgreSQL's lock manager (lock.c, proc.c) for the lab: the heavyweight locks that LOCK
 * TABLE takes explicitly, that every statement takes implicitly on the tables it touches, and
 * that the advisory-lock functions take on a number. Eight modes and their conflict table; a
 * transaction holds each mode it was granted until it ends; a request waits when it conflicts
 * with a mode another transaction holds or with a request already waiting (a waiter behind a
 * conflicting waiter queues, so a stream of weak locks cannot starve a strong one), except
 * that a transaction already holding a lock that a waiter needs goes ahead of that waiter, as
 * ProcSleep puts it. Granting follows ProcLockWakeup: the queue in order, each waiter granted
 * when it conflicts neither with the holders nor with a waiter still ahead of it.
 *
 * Not modelled: the deadlock detector's queue rearrangement of soft cycles (a cycle through
 * queue order alone is reported as a deadlock here, where PostgreSQL may reorder the queue).
 */
import type { Tx } from './row-store.ts';

/** The eight table lock modes, weakest first, as LOCK TABLE names them. */
export const TABLE_LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type TableLockMode = (typeof TABLE_LOCK_MODES)[number];

/** lock.c's LockConflicts, by mode: the modes each one conflicts with. */
const CONFLICTS: Record<TableLockMode, readonly TableLockMode[]> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': TABLE_LOCK_MODES,
};

export const tableLockConflicts = (a: TableLockMode, b: TableLockMode) => CONFLICTS[a].includes(b);

/** What a lock is on: a table by name, or an advisory key. */
export type LockTag = { table: string } | { advisory: string };

const keyOf = (tag: LockTag) => ('table' in tag ? `table:${tag.table}` : `advisory:${tag.advisory}`);

export interface LockRequest {
  tag: LockTag;
  mode: TableLockMode;
}

interface Waiter {
  tx: Tx;
  mode: TableLockMode;
}

interface LockState {
  /** Modes each transaction was granted. */
  held: Map<Tx, Set<TableLockMode>>;
  /** Requests waiting, in queue order. */
  queue: Waiter[];
}

export type LockOutcome = { granted: true } | { granted: false; blockers: Tx[] };

export class LockManager {
  private readonly locks = new Map<string, LockState>();

  private state(tag: LockTag): LockState {
    const key = keyOf(tag);
    let state = this.locks.get(key);
    if (!state) this.locks.set(key, (state = { held: new Map(), queue: [] }));
    return state;
  }

  /** Holders other than `tx` of a mode that conflicts with `mode`. */
  private conflictingHolders(state: LockState, tx: Tx, mode: TableLockMode): Tx[] {
    return [...state.held].filter(([other, modes]) => other !== tx && [...modes].some((m) => tableLockConflicts(mode, m))).map(([other]) => other);
  }

  /**
   * Asks for `mode` on `tag`: granted at once, or queued (a transaction asking again keeps its
   * place in the queue) with the transactions it waits for: conflicting holders, and the
   * conflicting waiters ahead of it.
   */
  request(tx: Tx, { tag, mode }: LockRequest): LockOutcome {
    const state = this.state(tag);
    const mine = state.held.get(tx);
    if (mine?.has(mode)) return { granted: true };
    let position = state.queue.findIndex((w) => w.tx === tx);
    if (position < 0) position = this.place(state, tx);
    const ahead = state.queue.slice(0, position).filter((w) => tableLockConflicts(mode, w.mode));
    const holders = this.conflictingHolders(state, tx, mode);
    if (holders.length === 0 && ahead.length === 0) {
      state.queue = state.queue.filter((w) => w.tx !== tx);
      state.held.set(tx, new Set([...(mine ?? []), mode]));
      return { granted: true };
    }
    if (!state.queue.some((w) => w.tx === tx)) state.queue.splice(position, 0, { tx, mode });
    return { granted: false, blockers: [...new Set([...holders, ...ahead.map((w) => w.tx)])] };
  }

  /**
   * Where a new request enters the queue (ProcSleep): a transaction holding a lock that a
   * waiter needs goes just before the first such waiter; any other goes last.
   */
  private place(state: LockState, tx: Tx): number {
    const held = state.held.get(tx);
    if (!held) return state.queue.length;
    const before = state.queue.findIndex((w) => [...held].some((m) => tableLockConflicts(w.mode, m)));
    return before < 0 ? state.queue.length : before;
  }

  /** Asks for `mode` on `tag` without waiting (LockAcquire's dontWait): granted, or not and nothing queued. */
  tryRequest(tx: Tx, { tag, mode }: LockRequest): boolean {
    const state = this.state(tag);
    const mine = state.held.get(tx);
    if (mine?.has(mode)) return true;
    if (state.queue.some((w) => tableLockConflicts(mode, w.mode)) || this.conflictingHolders(state, tx, mode).length > 0) return false;
    state.held.set(tx, new Set([...(mine ?? []), mode]));
    return true;
  }

  /** Whether `tx`'s queued request could be granted now (ProcLockWakeup's test). */
  grantable(tx: Tx, { tag, mode }: LockRequest): boolean {
    const state = this.state(tag);
    const position = state.queue.findIndex((w) => w.tx === tx);
    const ahead = (position < 0 ? state.queue : state.queue.slice(0, position)).filter((w) => tableLockConflicts(mode, w.mode));
    return ahead.length === 0 && this.conflictingHolders(state, tx, mode).length === 0;
  }

  /** Withdraws `tx`'s waiting request (its statement failed, or was cancelled). */
  dequeue(tx: Tx): void {
    for (const state of this.locks.values()) state.queue = state.queue.filter((w) => w.tx !== tx);
  }

  /** The transaction ended: every lock it held or waited for goes. */
  release(tx: Tx): void {
    for (const [key, state] of this.locks) {
      state.held.delete(tx);
      state.queue = state.queue.filter((w) => w.tx !== tx);
      if (state.held.size === 0 && state.queue.length === 0) this.locks.delete(key);
    }
  }

  /** What `tx` holds now, to give back what it takes after (a savepoint). */
  markOf(tx: Tx): Map<string, Set<TableLockMode>> {
    const mark = new Map<string, Set<TableLockMode>>();
    for (const [key, state] of this.locks) {
      const modes = state.held.get(tx);
      if (modes) mark.set(key, new Set(modes));
    }
    return mark;
  }

  /**
   * A subtransaction aborted: `tx` keeps only what it held at `mark`, as PostgreSQL releases
   * the locks a subtransaction's resource owner took (table and advisory locks alike).
   */
  restore(tx: Tx, mark: Map<string, Set<TableLockMode>>): void {
    for (const [key, state] of this.locks) {
      const kept = mark.get(key);
      if (kept) state.held.set(tx, new Set(kept));
      else state.held.delete(tx);
      if (state.held.size === 0 && state.queue.length === 0) this.locks.delete(key);
    }
  }

  /** Whether `tx` holds or awaits, on `tag`, a mode that conflicts with `mode`. */
  blocks(tx: Tx, { tag, mode }: LockRequest): boolean {
    const state = this.locks.get(keyOf(tag));
    if (!state) return false;
    const modes = [...(state.held.get(tx) ?? []), ...state.queue.filter((w) => w.tx === tx).map((w) => w.mode)];
    return modes.some((m) => tableLockConflicts(mode, m));
  }

  /** The modes `tx` holds on `tag`. */
  heldModes(tx: Tx, tag: LockTag): TableLockMode[] {
    return [...(this.locks.get(keyOf(tag))?.held.get(tx) ?? [])];
  }
}

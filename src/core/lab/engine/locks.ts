/**
 * Row locks and who waits for whom. PostgreSQL's four row-lock strengths and their
 * conflicts; an UPDATE holds FOR NO KEY UPDATE (FOR UPDATE when it changes a key), a
 * DELETE FOR UPDATE, a foreign-key check FOR KEY SHARE on the referenced row. Locks are
 * held by transactions until they end, or until the subtransaction that took them is
 * rolled back (savepoints.ts); a row is known by its first version (its identity across updates).
 */
import type { RowLockMode } from './lock-modes.ts';
import type { HeldLock, RowVersion, Savepoint, Tx } from './row-store.ts';

const CONFLICTS: Record<RowLockMode, readonly RowLockMode[]> = {
  'key share': ['update'],
  share: ['no key update', 'update'],
  'no key update': ['share', 'no key update', 'update'],
  update: ['key share', 'share', 'no key update', 'update'],
};

const STRENGTH: Record<RowLockMode, number> = { 'key share': 0, share: 1, 'no key update': 2, update: 3 };

export const lockConflicts = (held: RowLockMode, wanted: RowLockMode) => CONFLICTS[wanted].includes(held);

export interface RowLockRequest {
  row: RowVersion;
  mode: RowLockMode;
}

export class LockTable {
  private readonly held = new Map<RowVersion, Map<Tx, HeldLock>>();

  /** Transactions other than `tx` holding a lock on the row that conflicts with `mode`. */
  blockers(tx: Tx, request: RowLockRequest): Tx[] {
    const holders = this.held.get(request.row.root);
    if (!holders) return [];
    return [...holders].filter(([other, lock]) => other !== tx && other.status === 'active' && lockConflicts(lock.mode, request.mode)).map(([other]) => other);
  }

  /** Whether `tx` already holds some lock on the row. */
  holds(tx: Tx, row: RowVersion): boolean {
    return this.held.get(row.root)?.has(tx) ?? false;
  }

  /** Takes the lock, or strengthens the one held, in the transaction's innermost open subtransaction. */
  acquire(tx: Tx, request: RowLockRequest): void {
    const root = request.row.root;
    const holders = this.held.get(root) ?? new Map<Tx, HeldLock>();
    const current = holders.get(tx);
    if (!current || STRENGTH[request.mode] > STRENGTH[current.mode]) holders.set(tx, { mode: request.mode, in: tx.savepoints?.at(-1) });
    this.held.set(root, holders);
  }

  /** The lock `tx` holds on the row, if any. */
  heldOn(tx: Tx, row: RowVersion): HeldLock | undefined {
    return this.held.get(row.root)?.get(tx);
  }

  release(tx: Tx): void {
    for (const [root, holders] of this.held) {
      holders.delete(tx);
      if (holders.size === 0) this.held.delete(root);
    }
  }

  /** The locks `tx` holds now, by row: what a savepoint remembers. */
  markOf(tx: Tx): Map<RowVersion, HeldLock> {
    return new Map([...this.held].flatMap(([row, holders]) => (holders.has(tx) ? [[row, { ...holders.get(tx)! }] as const] : [])));
  }

  /** Back to `mark` (a subtransaction's abort): locks `tx` took since are gone, those it strengthened since are as they were. */
  restore(tx: Tx, mark: Map<RowVersion, HeldLock>): void {
    for (const [root, holders] of this.held) {
      const before = mark.get(root);
      if (before) holders.set(tx, { ...before });
      else holders.delete(tx);
      if (holders.size === 0) this.held.delete(root);
    }
  }

  /** RELEASE: locks `released` subtransactions took are their transaction's now (a waiter for one sleeps on the topmost transaction). */
  merge(tx: Tx, released: ReadonlySet<Savepoint>): void {
    for (const holders of this.held.values()) {
      const lock = holders.get(tx);
      if (lock?.in && released.has(lock.in)) lock.in = undefined;
    }
  }

  /** Locks a transaction holds, for the state panel and SSI. */
  heldBy(tx: Tx): RowLockRequest[] {
    return [...this.held].flatMap(([row, holders]) => (holders.has(tx) ? [{ row, mode: holders.get(tx)!.mode }] : []));
  }
}

/**
 * A cycle in the wait-for graph through `start`: the sessions' transactions, each waiting
 * for the next. Undefined when `start` is not deadlocked.
 */
export function findCycle(start: Tx, waitsFor: (tx: Tx) => readonly Tx[]): Tx[] | undefined {
  const path: Tx[] = [];
  const onPath = new Set<Tx>();
  const visit = (tx: Tx): Tx[] | undefined => {
    if (onPath.has(tx)) return tx === start ? [...path] : undefined;
    onPath.add(tx);
    path.push(tx);
    for (const next of waitsFor(tx)) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(tx);
    return undefined;
  };
  return visit(start);
}

/**
 * Row locks and who waits for whom. PostgreSQL's four row-lock strengths and their
 * conflicts; an UPDATE holds FOR NO KEY UPDATE (FOR UPDATE when it changes a key), a
 * DELETE FOR UPDATE, a foreign-key check FOR KEY SHARE on the referenced row. Locks are
 * held by transactions until they end; a row is known by its first version (its identity
 * across updates).
 */
import type { RowLockMode } from './classify.ts';
import type { RowVersion, Tx } from './store.ts';

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
  private readonly held = new Map<RowVersion, Map<Tx, RowLockMode>>();

  /** Transactions other than `tx` holding a lock on the row that conflicts with `mode`. */
  blockers(tx: Tx, request: RowLockRequest): Tx[] {
    const holders = this.held.get(request.row.root);
    if (!holders) return [];
    return [...holders].filter(([other, mode]) => other !== tx && other.status === 'active' && lockConflicts(mode, request.mode)).map(([other]) => other);
  }

  /** Whether `tx` already holds some lock on the row. */
  holds(tx: Tx, row: RowVersion): boolean {
    return this.held.get(row.root)?.has(tx) ?? false;
  }

  acquire(tx: Tx, request: RowLockRequest): void {
    const root = request.row.root;
    const holders = this.held.get(root) ?? new Map<Tx, RowLockMode>();
    const current = holders.get(tx);
    if (!current || STRENGTH[request.mode] > STRENGTH[current]) holders.set(tx, request.mode);
    this.held.set(root, holders);
  }

  release(tx: Tx): void {
    for (const [root, holders] of this.held) {
      holders.delete(tx);
      if (holders.size === 0) this.held.delete(root);
    }
  }

  /** Locks a transaction holds, for the state panel and SSI. */
  heldBy(tx: Tx): RowLockRequest[] {
    return [...this.held].flatMap(([row, holders]) => (holders.has(tx) ? [{ row, mode: holders.get(tx)! }] : []));
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

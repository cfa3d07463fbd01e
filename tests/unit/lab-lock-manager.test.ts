/**
 * The lab's model of PostgreSQL's lock manager (src/core/lab/engine/lock-manager.ts): the
 * conflict table, the queue (a request behind a conflicting waiter waits, unless its
 * transaction holds a lock that waiter needs), try without queueing, release at the end.
 */
import { describe, expect, it } from 'vitest';
import { LockManager, TABLE_LOCK_MODES, tableLockConflicts, type TableLockMode } from '../../src/core/lab/engine/lock-manager.ts';
import type { Tx } from '../../src/core/lab/engine/row-store.ts';

const tx = (id: number) => ({ id, session: String(id), status: 'active' }) as unknown as Tx;
const on = (mode: TableLockMode) => ({ tag: { table: 't' }, mode });

describe('LockManager', () => {
  it("has PostgreSQL's conflict table, symmetric, ACCESS SHARE conflicting with ACCESS EXCLUSIVE only", () => {
    for (const a of TABLE_LOCK_MODES) for (const b of TABLE_LOCK_MODES) expect(tableLockConflicts(a, b)).toBe(tableLockConflicts(b, a));
    expect(TABLE_LOCK_MODES.filter((m) => tableLockConflicts('ACCESS SHARE', m))).toEqual(['ACCESS EXCLUSIVE']);
    expect(tableLockConflicts('SHARE', 'SHARE')).toBe(false);
    expect(tableLockConflicts('SHARE', 'ROW EXCLUSIVE')).toBe(true);
    expect(tableLockConflicts('ROW EXCLUSIVE', 'ROW EXCLUSIVE')).toBe(false);
    expect(tableLockConflicts('SHARE UPDATE EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE')).toBe(true);
  });

  it('queues a compatible request behind a conflicting waiter, and grants the queue in order', () => {
    const locks = new LockManager();
    const [a, b, c] = [tx(1), tx(2), tx(3)];
    expect(locks.request(a, on('ACCESS SHARE'))).toEqual({ granted: true });
    expect(locks.request(b, on('ACCESS EXCLUSIVE'))).toEqual({ granted: false, blockers: [a] });
    expect(locks.request(c, on('ACCESS SHARE'))).toEqual({ granted: false, blockers: [b] });
    locks.release(a);
    expect(locks.grantable(c, on('ACCESS SHARE'))).toBe(false);
    expect(locks.request(b, on('ACCESS EXCLUSIVE'))).toEqual({ granted: true });
    locks.release(b);
    expect(locks.request(c, on('ACCESS SHARE'))).toEqual({ granted: true });
  });

  it('lets a holder of a lock the waiter needs go ahead of it', () => {
    const locks = new LockManager();
    const [a, b] = [tx(1), tx(2)];
    locks.request(a, on('ACCESS SHARE'));
    locks.request(b, on('ACCESS EXCLUSIVE'));
    expect(locks.request(a, on('SHARE'))).toEqual({ granted: true });
    expect(locks.heldModes(a, { table: 't' })).toEqual(['ACCESS SHARE', 'SHARE']);
  });

  it('answers a try at once, without queueing, refusing past a conflicting waiter', () => {
    const locks = new LockManager();
    const [a, b, c] = [tx(1), tx(2), tx(3)];
    const key = (mode: TableLockMode) => ({ tag: { advisory: '8:1' }, mode });
    expect(locks.tryRequest(a, key('SHARE'))).toBe(true);
    expect(locks.request(b, key('EXCLUSIVE'))).toEqual({ granted: false, blockers: [a] });
    expect(locks.tryRequest(c, key('SHARE'))).toBe(false);
    expect(locks.tryRequest(a, key('SHARE'))).toBe(true);
    locks.release(a);
    expect(locks.grantable(b, key('EXCLUSIVE'))).toBe(true);
  });
});

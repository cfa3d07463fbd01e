/**
 * The lab's model of PostgreSQL's SSI bookkeeping (src/core/lab/engine/ssi.ts), driven the way the
 * engine drives it: begin at the first statement's snapshot, lock for what a scan read, conflictOut
 * for a version the snapshot did not see, conflictIn for a write, preCommit + committed at COMMIT,
 * aborted at ROLLBACK or failure. A case taken from an isolation spec of postgres/postgres
 * (src/test/isolation/specs) names it and the permutation it mirrors, and expects the failures
 * of the matching expected/*.out; the other cases are built by hand, one rule each. Locks are
 * encoded by hand from the plans PostgreSQL uses: a sequential scan locks the relation, a
 * primary-key lookup the heap tuple (index page locks are left out where they change nothing).
 */
import { describe, expect, it } from 'vitest';
import { Ssi, type PredicateTarget, type SsiError, type TxKey } from '../../src/core/lab/engine/ssi.ts';

const DURING_WRITE = 'Reason code: Canceled on identification as a pivot, during write.';
const DURING_COMMIT = 'Reason code: Canceled on identification as a pivot, during commit attempt.';
const DURING_READ_CHECK = 'Reason code: Canceled on identification as a pivot, during conflict out checking.';
const DURING_WRITE_CHECK = 'Reason code: Canceled on identification as a pivot, during conflict in checking.';

const tx = (name: string): TxKey => ({ name });
const rel = (relation: string): PredicateTarget => ({ relation });
const tuple = (relation: string, id: string, page = 0): PredicateTarget => ({ relation, page, tuple: id });

/** COMMIT as the engine runs it: the pre-commit check, then (if it passed) the release. */
function commit(ssi: Ssi, t: TxKey, wrote: boolean): SsiError | undefined {
  const error = ssi.preCommit(t);
  if (error) ssi.aborted(t);
  else ssi.committed(t, wrote);
  return error;
}

const state = (ssi: Ssi, t: TxKey) => ssi.describe().transactions.find((s) => s.tx === t);

function expectFailure(error: SsiError | undefined, detail: string) {
  expect(error).toEqual({
    code: '40001',
    message: 'could not serialize access due to read/write dependencies among transactions',
    detail,
    hint: 'The transaction might succeed if retried.',
  });
}

describe('write skew (classroom-scheduling.spec: one row, so every scan locks the relation)', () => {
  const room = rel('room_reservation');
  const bob = tuple('room_reservation', 'bob');

  /** rx1 wy1 ry2: s1 read and inserted; s2 read and did not see s1's insert (a conflict out s2 → s1). */
  function start() {
    const ssi = new Ssi();
    const s1 = tx('s1');
    const s2 = tx('s2');
    ssi.begin(s1, { readOnly: false });
    ssi.lock(s1, room);
    expect(ssi.conflictIn(s1, room)).toBeUndefined(); // heap insert: relation only
    ssi.begin(s2, { readOnly: false });
    ssi.lock(s2, room);
    expect(ssi.conflictOut(s2, s1)).toBeUndefined();
    return { ssi, s1, s2 };
  }

  it('rx1 wy1 c1 ry2 wx2 c2: serial, nothing fails', () => {
    const ssi = new Ssi();
    const [s1, s2] = [tx('s1'), tx('s2')];
    ssi.begin(s1, { readOnly: false });
    ssi.lock(s1, room);
    expect(ssi.conflictIn(s1, room)).toBeUndefined();
    expect(commit(ssi, s1, true)).toBeUndefined();
    ssi.begin(s2, { readOnly: false });
    ssi.lock(s2, room);
    expect(ssi.conflictOut(s2, s1)).toBeUndefined(); // s1 committed before s2's snapshot
    expect(ssi.conflictIn(s2, bob)).toBeUndefined();
    expect(commit(ssi, s2, true)).toBeUndefined();
    expect(ssi.describe().transactions).toEqual([]); // nothing concurrent is left: all cleaned up
  });

  it('rx1 wy1 ry2 c1 wx2 c2: the first committer wins, the second fails at its write', () => {
    const { ssi, s1, s2 } = start();
    expect(commit(ssi, s1, true)).toBeUndefined();
    expect(ssi.conflictOut(s2, s1)).toBeUndefined(); // the UPDATE's scan meets the insert again: already recorded
    expectFailure(ssi.conflictIn(s2, bob), DURING_WRITE);
    ssi.aborted(s2);
    expect(ssi.describe().transactions).toEqual([]);
  });

  it('rx1 wy1 ry2 wx2 c1 c2: both wrote; the first commit dooms the pivot, which fails at commit', () => {
    const { ssi, s1, s2 } = start();
    expect(ssi.conflictIn(s2, bob)).toBeUndefined();
    expect(state(ssi, s2)?.conflictsIn).toEqual([s1]);
    expect(commit(ssi, s1, true)).toBeUndefined();
    expect(state(ssi, s2)?.doomed).toBe(true);
    expectFailure(commit(ssi, s2, true), DURING_COMMIT);
  });

  it('rx1 wy1 ry2 wx2 c2 c1: whichever commits first wins', () => {
    const { ssi, s1, s2 } = start();
    expect(ssi.conflictIn(s2, bob)).toBeUndefined();
    expect(commit(ssi, s2, true)).toBeUndefined();
    expectFailure(commit(ssi, s1, true), DURING_COMMIT);
  });

  it('rx1 ry2 wx2 c2 wy1 c1: a write after the other committed fails at once', () => {
    const ssi = new Ssi();
    const [s1, s2] = [tx('s1'), tx('s2')];
    ssi.begin(s1, { readOnly: false });
    ssi.lock(s1, room);
    ssi.begin(s2, { readOnly: false });
    ssi.lock(s2, room);
    expect(ssi.conflictIn(s2, bob)).toBeUndefined();
    expect(commit(ssi, s2, true)).toBeUndefined();
    // s2 committed after s1's snapshot: its SIREAD lock on the relation is still there, and concurrent.
    expect(state(ssi, s2)?.locks).toEqual([room]);
    expectFailure(ssi.conflictIn(s1, room), DURING_WRITE);
  });

  it('two rows, each transaction reads both and updates one (the doctors-on-call write skew)', () => {
    const ssi = new Ssi();
    const [t1, t2] = [tx('t1'), tx('t2')];
    for (const t of [t1, t2]) {
      ssi.begin(t, { readOnly: false });
      ssi.lock(t, rel('doctors'));
    }
    expect(ssi.conflictIn(t1, tuple('doctors', 'alice'))).toBeUndefined();
    expect(ssi.conflictIn(t2, tuple('doctors', 'bob'))).toBeUndefined();
    expect(commit(ssi, t1, true)).toBeUndefined();
    expectFailure(commit(ssi, t2, true), DURING_COMMIT);
  });
});

describe('read-only anomaly (read-only-anomaly-2.spec: bank_account X, Y looked up by primary key)', () => {
  const X = tuple('bank_account', 'X');
  const Y = tuple('bank_account', 'Y');

  /** s2rx s2ry s1ry s1wy s1c. */
  function start() {
    const ssi = new Ssi();
    const [s1, s2, s3] = [tx('s1'), tx('s2'), tx('s3')];
    ssi.begin(s2, { readOnly: false });
    ssi.lock(s2, X);
    ssi.lock(s2, Y);
    ssi.begin(s1, { readOnly: false });
    ssi.lock(s1, Y);
    expect(ssi.conflictIn(s1, Y)).toBeUndefined(); // s2 read Y: s2 → s1
    expect(state(ssi, s1)?.locks).toEqual([]); // its own SIREAD lock on Y gave way to the write
    expect(commit(ssi, s1, true)).toBeUndefined();
    return { ssi, s1, s2, s3 };
  }

  it('s2rx s2ry s1ry s1wy s1c s2wx s2c s3c: without s3, s1 and s2 commit', () => {
    const { ssi, s2 } = start();
    expect(ssi.conflictIn(s2, X)).toBeUndefined();
    expect(commit(ssi, s2, true)).toBeUndefined();
  });

  it('s2rx s2ry s1ry s1wy s1c s3r s3c s2wx: once s3 saw s1 but not s2, s2 fails at its write', () => {
    const { ssi, s2, s3 } = start();
    ssi.begin(s3, { readOnly: false }); // not declared READ ONLY: it becomes implicitly read only at commit
    ssi.lock(s3, X);
    ssi.lock(s3, Y); // s1's version, committed before s3's snapshot: no conflict out
    expect(commit(ssi, s3, false)).toBeUndefined();
    expect(state(ssi, s3)).toMatchObject({ committed: true, readOnly: true, locks: [X, Y] });
    expectFailure(ssi.conflictIn(s2, X), DURING_WRITE);
  });

  it('the same at SERIALIZABLE READ ONLY with s3 still open (read-only-anomaly.spec order: s3r s2wx)', () => {
    const { ssi, s2, s3 } = start();
    ssi.begin(s3, { readOnly: true });
    ssi.lock(s3, X);
    ssi.lock(s3, Y);
    expectFailure(ssi.conflictIn(s2, X), DURING_WRITE);
    ssi.aborted(s2);
    expect(commit(ssi, s3, false)).toBeUndefined();
  });

  it('s3 reads X after s2 wrote it: the read dooms s2, which fails at commit; s3 commits', () => {
    const { ssi, s2, s3 } = start();
    expect(ssi.conflictIn(s2, X)).toBeUndefined();
    ssi.begin(s3, { readOnly: true });
    ssi.lock(s3, X);
    expect(ssi.conflictOut(s3, s2)).toBeUndefined(); // s2's new X is not in s3's snapshot
    expect(state(ssi, s2)?.doomed).toBe(true);
    expect(commit(ssi, s3, false)).toBeUndefined();
    expectFailure(commit(ssi, s2, true), DURING_COMMIT);
  });

  it('read-only-anomaly-3.spec: s3 READ ONLY gets an unsafe snapshot (DEFERRABLE would retry it after s2c)', () => {
    const { ssi, s2, s3 } = start();
    ssi.begin(s3, { readOnly: true });
    expect(ssi.has(s3)).toBe(true); // s2 is running and writable: s3's snapshot is not known safe
    expect(ssi.conflictIn(s2, X)).toBeUndefined();
    expect(commit(ssi, s2, true)).toBeUndefined();
    // s2 committed with a conflict out to s1, which committed before s3's snapshot.
    expect(state(ssi, s2)?.conflictOut).toBe(true);
    expect(state(ssi, s3)).toMatchObject({ safe: false, unsafe: true });
  });
});

describe('read-only transactions on a safe snapshot', () => {
  it('READ ONLY with no writable serializable transaction running opts out of SSI: no locks, no checks', () => {
    const ssi = new Ssi();
    const [r, w] = [tx('r'), tx('w')];
    ssi.begin(r, { readOnly: true });
    expect(ssi.has(r)).toBe(false);
    ssi.lock(r, rel('accounts'));
    ssi.begin(w, { readOnly: false });
    ssi.lock(w, rel('accounts'));
    expect(ssi.conflictIn(w, tuple('accounts', '1'))).toBeUndefined();
    expect(ssi.conflictOut(r, w)).toBeUndefined();
    expect(state(ssi, r)).toMatchObject({ safe: true, locks: [], conflictsOut: [] });
    expect(state(ssi, w)?.conflictsIn).toEqual([]);
    expect(commit(ssi, r, false)).toBeUndefined();
    expect(state(ssi, r)).toBeUndefined();
  });

  it('becomes safe when the writers it overlapped commit without conflicts out, and drops its locks at its next read', () => {
    const ssi = new Ssi();
    const [w, r] = [tx('w'), tx('r')];
    ssi.begin(w, { readOnly: false });
    ssi.begin(r, { readOnly: true });
    ssi.lock(r, rel('accounts'));
    expect(state(ssi, r)).toMatchObject({ safe: false, locks: [rel('accounts')] });
    expect(ssi.conflictIn(w, tuple('ledger', '1'))).toBeUndefined();
    expect(commit(ssi, w, true)).toBeUndefined();
    expect(state(ssi, r)).toMatchObject({ safe: true, locks: [rel('accounts')] });
    ssi.lock(r, rel('ledger')); // SerializationNeededForRead notices RO_SAFE
    expect(ssi.has(r)).toBe(false);
    expect(state(ssi, r)).toMatchObject({ safe: true, locks: [] });
  });
});

describe('predicate lock granularity', () => {
  it('the third tuple lock on a page becomes a page lock (max_pred_locks_per_page = 2)', () => {
    const ssi = new Ssi();
    const [t, w] = [tx('t'), tx('w')];
    ssi.begin(t, { readOnly: false });
    ssi.lock(t, tuple('items', 'a'));
    ssi.lock(t, tuple('items', 'b'));
    expect(state(ssi, t)?.locks).toEqual([tuple('items', 'a'), tuple('items', 'b')]);
    ssi.lock(t, tuple('items', 'c'));
    expect(state(ssi, t)?.locks).toEqual([{ relation: 'items', page: 0 }]);
    ssi.lock(t, tuple('items', 'd')); // covered by the page lock
    ssi.lock(t, tuple('items', 'e', 1));
    expect(state(ssi, t)?.locks).toEqual([{ relation: 'items', page: 0 }, tuple('items', 'e', 1)]);
    // The page lock covers any tuple on the page for an UPDATE, but not an INSERT (relation only).
    ssi.begin(w, { readOnly: false });
    expect(ssi.conflictIn(w, { relation: 'items' })).toBeUndefined();
    expect(state(ssi, w)?.conflictsIn).toEqual([]);
    expect(ssi.conflictIn(w, tuple('items', 'z'))).toBeUndefined();
    expect(state(ssi, w)?.conflictsIn).toEqual([t]);
  });

  it('the 32nd page lock of a relation becomes a relation lock (64 / 2 - 1 = 31 allowed); a relation lock absorbs finer ones', () => {
    const ssi = new Ssi();
    const t = tx('t');
    ssi.begin(t, { readOnly: false });
    for (let page = 0; page < 31; page++) ssi.lock(t, { relation: 'big', page });
    expect(state(ssi, t)?.locks).toHaveLength(31);
    ssi.lock(t, { relation: 'big', page: 31 });
    expect(state(ssi, t)?.locks).toEqual([rel('big')]);
    ssi.lock(t, tuple('small', 'a'));
    ssi.lock(t, rel('small'));
    ssi.lock(t, tuple('small', 'b'));
    expect(state(ssi, t)?.locks).toEqual([rel('big'), rel('small')]);
  });
});

describe('concurrency and cleanup', () => {
  it('a writer that committed before the reader took its snapshot is no conflict', () => {
    const ssi = new Ssi();
    const [old, w, r] = [tx('old'), tx('w'), tx('r')];
    ssi.begin(old, { readOnly: false }); // keeps w's record alive: it is concurrent with w
    ssi.begin(w, { readOnly: false });
    ssi.lock(w, rel('t'));
    expect(ssi.conflictIn(w, tuple('t', '1'))).toBeUndefined();
    expect(commit(ssi, w, true)).toBeUndefined();
    ssi.begin(r, { readOnly: false });
    expect(state(ssi, w)?.locks).toEqual([rel('t')]);
    expect(ssi.conflictOut(r, w)).toBeUndefined(); // w's write is in r's snapshot (XidIsConcurrent)
    expect(ssi.conflictIn(r, tuple('t', '2'))).toBeUndefined(); // w's SIREAD lock: w finished before r began
    expect(state(ssi, r)).toMatchObject({ conflictsIn: [], conflictsOut: [] });
    expect(state(ssi, w)).toMatchObject({ conflictsIn: [], conflictsOut: [] });
  });

  it('a committed transaction keeps its SIREAD locks until no transaction concurrent with it remains', () => {
    const ssi = new Ssi();
    const [a, b] = [tx('a'), tx('b')];
    ssi.begin(a, { readOnly: false });
    ssi.begin(b, { readOnly: false });
    ssi.lock(a, rel('t'));
    expect(commit(ssi, a, false)).toBeUndefined();
    expect(state(ssi, a)).toMatchObject({ committed: true, readOnly: true, locks: [rel('t')], commitSeqNo: 2 });
    expect(commit(ssi, b, false)).toBeUndefined();
    expect(ssi.describe()).toEqual({ lastCommitSeqNo: 4, transactions: [] });
  });

  it('a rolled-back transaction releases its locks and conflicts at once', () => {
    const ssi = new Ssi();
    const [t1, t2] = [tx('t1'), tx('t2')];
    ssi.begin(t1, { readOnly: false });
    ssi.begin(t2, { readOnly: false });
    ssi.lock(t1, rel('doctors'));
    ssi.lock(t2, rel('doctors'));
    expect(ssi.conflictIn(t1, tuple('doctors', 'alice'))).toBeUndefined();
    expect(state(ssi, t1)?.conflictsIn).toEqual([t2]);
    ssi.aborted(t2);
    expect(ssi.has(t2)).toBe(false);
    expect(state(ssi, t1)?.conflictsIn).toEqual([]);
    // Without t2 there is no write skew: t1 commits, and a reader of t2's (rolled back) write finds nothing.
    expect(ssi.conflictOut(t1, t2)).toBeUndefined();
    expect(commit(ssi, t1, true)).toBeUndefined();
    expect(ssi.describe().transactions).toEqual([]);
  });

  it('a non-serializable writer takes no part', () => {
    const ssi = new Ssi();
    const [r, other] = [tx('r'), tx('repeatable read')];
    ssi.begin(r, { readOnly: false });
    expect(ssi.conflictOut(r, other)).toBeUndefined();
    expect(state(ssi, r)?.conflictsOut).toEqual([]);
  });
});

describe('doomed transactions', () => {
  /**
   * receipt-report.spec, permutation rxwy1 wx2 c2 rx3 ry3 c1 c3: s3 (READ ONLY) sees s2's new deposit date
   * but not s1's receipt, which s1 inserted after reading the old date. The read dooms s1, the pivot.
   */
  function start() {
    const ssi = new Ssi();
    const [s1, s2, s3] = [tx('s1'), tx('s2'), tx('s3')];
    const ctl = tuple('ctl', 'receipt');
    ssi.begin(s1, { readOnly: false });
    ssi.lock(s1, ctl);
    expect(ssi.conflictIn(s1, rel('receipt'))).toBeUndefined();
    ssi.begin(s2, { readOnly: false });
    expect(ssi.conflictIn(s2, ctl)).toBeUndefined(); // s1 read it: s1 → s2
    expect(commit(ssi, s2, true)).toBeUndefined();
    ssi.begin(s3, { readOnly: true });
    ssi.lock(s3, ctl);
    ssi.lock(s3, rel('receipt'));
    expect(ssi.conflictOut(s3, s1)).toBeUndefined(); // s3 is not the one to fail: s1 is doomed
    expect(state(ssi, s1)?.doomed).toBe(true);
    return { ssi, s1, s3 };
  }

  it('c1 fails at commit, c3 commits', () => {
    const { ssi, s1, s3 } = start();
    expectFailure(commit(ssi, s1, true), DURING_COMMIT);
    expect(commit(ssi, s3, false)).toBeUndefined();
  });

  it('the doomed pivot fails at its next read, write or commit, with the reason for that point', () => {
    const { ssi, s1 } = start();
    expectFailure(ssi.checkDoomed(s1, 'read'), DURING_READ_CHECK);
    expectFailure(ssi.conflictOut(s1, tx('anyone')), DURING_READ_CHECK);
    expectFailure(ssi.checkDoomed(s1, 'write'), DURING_WRITE_CHECK);
    expectFailure(ssi.conflictIn(s1, tuple('receipt', '9')), DURING_WRITE_CHECK);
    expectFailure(ssi.checkDoomed(s1, 'commit'), DURING_COMMIT);
    ssi.aborted(s1);
    expect(ssi.has(s1)).toBe(false);
  });

  it('a reader that becomes a pivot towards a committed writer fails at the read', () => {
    const ssi = new Ssi();
    const [t0, r, w] = [tx('t0'), tx('r'), tx('w')];
    ssi.begin(t0, { readOnly: false });
    ssi.begin(r, { readOnly: false });
    ssi.begin(w, { readOnly: false, xid: 742 });
    ssi.lock(t0, rel('a'));
    expect(ssi.conflictIn(r, tuple('a', '1'))).toBeUndefined(); // t0 → r
    expect(ssi.conflictIn(w, tuple('b', '1'))).toBeUndefined();
    expect(commit(ssi, w, true)).toBeUndefined();
    // r reads b and misses w's committed change: t0 → r → w with w committed first.
    expectFailure(ssi.conflictOut(r, w), 'Reason code: Canceled on conflict out to pivot 742, during read.');
  });
});

/**
 * Serializable Snapshot Isolation as PostgreSQL 15 keeps its books (src/backend/storage/lmgr/
 * predicate.c and README-SSI), for the handful of transactions of a lab scenario. PGlite runs a
 * single backend, so the lab engine emulates concurrent sessions itself; for SERIALIZABLE it
 * needs PostgreSQL's SIREAD locks, its rw-conflict graph, and the exact call (read, write,
 * commit) at which a transaction is cancelled and with which reason code. The engine calls
 * these methods where PostgreSQL calls the predicate.c entry points, in the same order.
 *
 * Sequence numbers: this class keeps its own LastSxactCommitSeqNo (the engine's commit counter
 * also counts non-serializable commits, which PostgreSQL's does not). As in PostgreSQL it moves
 * twice per serializable commit: prepareSeqNo at preCommit and commitSeqNo at committed;
 * a snapshot records it as lastCommitBeforeSnapshot. Where PostgreSQL compares transaction ids
 * (a holder's finishedBefore against the writer's snapshot xmin; XidIsConcurrent; the cleanup
 * horizon SxactGlobalXmin) we compare these numbers: "committed after my snapshot was taken"
 * is exactly `commitSeqNo > lastCommitBeforeSnapshot`. PostgreSQL's xid test is coarser: an
 * older transaction still running keeps a holder that finished before our snapshot "concurrent",
 * one that finished after it is not if no xid was assigned in between, and cleanup waits until
 * the oldest xmin moves. Such holders cannot complete a dangerous structure (its Tout would have
 * to commit before a transaction that ended before our snapshot, or to get no xid), so the exact
 * test and cleanup at every transaction end change which harmless edges exist, not who fails.
 *
 * Not modelled: two-phase commit, summarization to pg_serial (SLRU) and OldCommittedSxact
 * with its SUMMARY_CONFLICT flags, DEFERRABLE waiting (a READ ONLY DEFERRABLE transaction runs
 * as READ ONLY), parallel query, DDL lock transfers and index page splits, and running out of shared memory.
 */

/** A transaction as the lab engine knows it (src/core/lab/engine/row-store.ts has `Tx`; use only an opaque key here). */
export type TxKey = object;

/** What a SIREAD lock covers, as PostgreSQL's PREDICATELOCKTARGETTAG: a whole relation (heap or index), one page of it, or one tuple (heap only; a tuple without `page` lives on page 0). */
export interface PredicateTarget { relation: string; page?: number; tuple?: string }

export interface SsiError { code: '40001'; message: string; detail: string; hint: string }

export interface SsiTxState {
  tx: TxKey;
  /** The id reason codes name (the engine's, else the order of begin). */
  xid: number;
  /** SIREAD locks held, in the order taken; a committed transaction keeps them while a concurrent one runs. */
  locks: PredicateTarget[];
  /** rw-conflicts in: transactions that read what this one wrote without seeing it (they appear to run first). */
  conflictsIn: TxKey[];
  /** rw-conflicts out: transactions whose writes this one did not see. */
  conflictsOut: TxKey[];
  /** Declared READ ONLY, or committed without writing. */
  readOnly: boolean;
  doomed: boolean;
  committed: boolean;
  /** A READ ONLY transaction whose snapshot is known safe: it takes no locks and checks nothing. */
  safe: boolean;
  /** A READ ONLY transaction known unsafe: a writer it overlaps committed with a conflict out to a commit before its snapshot. */
  unsafe: boolean;
  /** Had a conflict out to a transaction that committed first (SXACT_FLAG_CONFLICT_OUT). */
  conflictOut: boolean;
  lastCommitBeforeSnapshot: number;
  prepareSeqNo?: number;
  commitSeqNo?: number;
}

export interface SsiState { lastCommitSeqNo: number; transactions: SsiTxState[] }

export interface SsiOptions {
  /** max_pred_locks_per_transaction (64). */
  maxPredLocksPerTransaction?: number;
  /** max_pred_locks_per_relation (-2: max_pred_locks_per_transaction / 2 - 1 descendants). */
  maxPredLocksPerRelation?: number;
  /** max_pred_locks_per_page (2: the third tuple lock on a page becomes a page lock). */
  maxPredLocksPerPage?: number;
}

/** SERIALIZABLEXACT: what PostgreSQL keeps per serializable transaction. */
interface Sxact {
  tx: TxKey;
  xid: number;
  /** SeqNo.lastCommitBeforeSnapshot, prepareSeqNo, commitSeqNo, SeqNo.earliestOutConflictCommit. */
  lastCommitBeforeSnapshot: number; prepareSeqNo: number; commitSeqNo: number; earliestOutConflictCommit: number;
  /** readOnly: SXACT_FLAG_READ_ONLY; didWrite: MyXactDidWrite; the others: the SXACT_FLAG_ of the same name. */
  readOnly: boolean; didWrite: boolean; prepared: boolean; committed: boolean; doomed: boolean;
  conflictOut: boolean; roSafe: boolean; roUnsafe: boolean;
  /** reader.outConflicts has writer iff writer.inConflicts has reader. */
  outConflicts: Set<Sxact>;
  inConflicts: Set<Sxact>;
  /** READ ONLY: the writable transactions that could still make its snapshot unsafe; writable: those READ ONLY ones. */
  possibleUnsafe: Set<Sxact>;
  locks: Map<string, PredicateTarget>;
  /** LocalPredicateLockHash: locks held and, for coarser targets, how many finer locks under them were taken. */
  local: Map<string, { held: boolean; childLocks: number }>;
}

const INVALID = Number.POSITIVE_INFINITY; // InvalidSerCommitSeqNo sorts after every real number, as in PostgreSQL
const MESSAGE = 'could not serialize access due to read/write dependencies among transactions';
const fail = (reason: string): SsiError => ({ code: '40001', message: MESSAGE, detail: `Reason code: ${reason}`, hint: 'The transaction might succeed if retried.' });

const normalize = (t: PredicateTarget): PredicateTarget =>
  t.tuple !== undefined ? { relation: t.relation, page: t.page ?? 0, tuple: t.tuple } : t.page !== undefined ? { relation: t.relation, page: t.page } : { relation: t.relation };
const keyOf = (t: PredicateTarget) => JSON.stringify([t.relation, t.page ?? null, t.tuple ?? null]);
/** GetParentPredicateLockTag: tuple → page → relation. */
const parentOf = (t: PredicateTarget): PredicateTarget | undefined =>
  t.tuple !== undefined ? { relation: t.relation, page: t.page } : t.page !== undefined ? { relation: t.relation } : undefined;
/** TargetTagIsCoveredBy, as the macro's code reads (its comment forgets that a relation lock covers tuples too). */
const coveredBy = (a: PredicateTarget, b: PredicateTarget) =>
  a.relation === b.relation && b.tuple === undefined && ((a.tuple !== undefined && a.page === b.page) || (b.page === undefined && a.page !== undefined));

export class Ssi {
  private readonly sxacts = new Map<TxKey, Sxact>();
  /** PREDICATELOCKTARGET → its holders in the order they locked it. */
  private readonly holders = new Map<string, Sxact[]>();
  /** FinishedSerializableTransactions, in commit order. */
  private readonly finished: Sxact[] = [];
  /** READ ONLY transactions that opted out of SSI (safe snapshot): for describe() only. */
  private readonly safe = new Map<TxKey, { xid: number; lastCommitBeforeSnapshot: number }>();
  private lastCommitSeqNo = 0;
  private writableCount = 0;
  private canPartialClearThrough = 0;
  private havePartialClearedThrough = 0;
  private nextXid = 1;
  private readonly perXact: number;
  private readonly perRelation: number;
  private readonly perPage: number;

  constructor(options: SsiOptions = {}) {
    this.perXact = options.maxPredLocksPerTransaction ?? 64;
    this.perRelation = options.maxPredLocksPerRelation ?? -2;
    this.perPage = options.maxPredLocksPerPage ?? 2;
  }

  /** A SERIALIZABLE transaction takes its snapshot (GetSerializableTransactionSnapshotInt); LastSxactCommitSeqNo is kept here. `xid` names it in reason codes. */
  begin(tx: TxKey, options: { readOnly: boolean; xid?: number }): void {
    if (this.sxacts.has(tx) || this.safe.has(tx)) return;
    const xid = options.xid ?? this.nextXid++;
    // A read-only transaction can only be in a dangerous structure if it overlaps a writable one that overlaps
    // another writable one committed before its snapshot; with no writable transaction running, none can appear.
    if (options.readOnly && this.writableCount === 0) return void this.safe.set(tx, { xid, lastCommitBeforeSnapshot: this.lastCommitSeqNo });
    const sx: Sxact = {
      tx, xid, lastCommitBeforeSnapshot: this.lastCommitSeqNo, prepareSeqNo: INVALID, commitSeqNo: INVALID, earliestOutConflictCommit: INVALID,
      readOnly: options.readOnly, didWrite: false, prepared: false, committed: false, doomed: false, conflictOut: false, roSafe: false, roUnsafe: false,
      outConflicts: new Set(), inConflicts: new Set(), possibleUnsafe: new Set(), locks: new Map(), local: new Map(),
    };
    if (options.readOnly) {
      // The snapshot becomes safe once every writable transaction running now ends without a conflict out to an earlier commit.
      for (const other of this.sxacts.values()) if (!other.committed && !other.doomed && !other.readOnly) this.linkUnsafe(sx, other);
      if (sx.possibleUnsafe.size === 0) return void this.safe.set(tx, { xid, lastCommitBeforeSnapshot: sx.lastCommitBeforeSnapshot }); // all writers doomed
    } else this.writableCount++;
    this.sxacts.set(tx, sx);
  }

  has(tx: TxKey): boolean {
    return this.sxacts.has(tx);
  }

  /** PredicateLockRelation / PredicateLockPage / PredicateLockTID → PredicateLockAcquire. */
  lock(tx: TxKey, target: PredicateTarget): void {
    const sx = this.reading(tx);
    if (sx) this.acquire(sx, normalize(target));
  }

  /** CheckForSerializableConflictOut: the reader did not see `writer`'s change, so it must appear to run before it. */
  conflictOut(tx: TxKey, writer: TxKey): SsiError | undefined {
    const me = this.reading(tx);
    if (!me) return undefined;
    if (me.doomed) return fail('Canceled on identification as a pivot, during conflict out checking.');
    const w = this.sxacts.get(writer);
    // Not serializable (or long cleaned up), ourselves, or about to roll back: it cannot take part in a cycle.
    if (!w || w === me || w.doomed) return undefined;
    // A read-only reader of a committed writer appears to run first, unless the writer already had a conflict
    // out to a transaction committed before the reader's snapshot (the read-only anomaly).
    if (me.readOnly && w.committed && (!w.conflictOut || me.lastCommitBeforeSnapshot < w.earliestOutConflictCommit)) return undefined;
    if (w.committed && w.commitSeqNo <= me.lastCommitBeforeSnapshot) return undefined; // XidIsConcurrent: it was in our snapshot
    if (this.exists(me, w)) return undefined;
    return this.flag(me, w, me);
  }

  /**
   * CheckForSerializableConflictIn: tuple, then page, then relation, so that a promotion racing with us cannot hide a lock.
   * `inSubtransaction`: the write happens inside a savepoint, which may roll back: our own SIREAD lock on the tuple stays.
   */
  conflictIn(tx: TxKey, target: PredicateTarget, inSubtransaction = false): SsiError | undefined {
    const me = this.sxacts.get(tx);
    if (!me || me.committed) return undefined;
    if (me.doomed) return fail('Canceled on identification as a pivot, during conflict in checking.');
    me.didWrite = true; // MyXactDidWrite: a transaction that wrote is no longer implicitly read only
    for (let t: PredicateTarget | undefined = normalize(target); t; t = parentOf(t)) {
      const error = this.checkTarget(me, t, inSubtransaction);
      if (error) return error;
    }
    return undefined;
  }

  /** A doomed transaction fails at its next read (CheckForSerializableConflictOutNeeded), write or commit with PostgreSQL's reason code for that point. */
  checkDoomed(tx: TxKey, when: 'read' | 'write' | 'commit'): SsiError | undefined {
    const sx = when === 'read' ? this.reading(tx) : this.sxacts.get(tx);
    if (!sx?.doomed || sx.committed) return undefined;
    const during = { read: 'conflict out checking', write: 'conflict in checking', commit: 'commit attempt' }[when];
    return fail(`Canceled on identification as a pivot, during ${during}.`);
  }

  /**
   * PreCommit_CheckForSerializationFailure. Conflicts are checked as they are recorded; what is left for the
   * commit is the case where we are Tout of a pivot whose Tin has not committed. The pivot is doomed rather
   * than us, because we commit writes (progress) and a retried pivot will not meet the same conflict.
   */
  preCommit(tx: TxKey): SsiError | undefined {
    const me = this.sxacts.get(tx);
    if (!me || me.committed) return undefined;
    if (me.doomed) return fail('Canceled on identification as a pivot, during commit attempt.');
    for (const near of me.inConflicts) {
      if (near.committed || near.doomed) continue;
      for (const far of near.inConflicts) {
        if (far === me || (!far.committed && !far.readOnly && !far.doomed)) {
          if (near.prepared) return fail('Canceled on commit attempt with conflict in from prepared pivot.');
          near.doomed = true;
          break;
        }
      }
    }
    me.prepareSeqNo = ++this.lastCommitSeqNo;
    me.prepared = true; // from here on it can no longer be cancelled: others must fail instead
    return undefined;
  }

  /** ReleasePredicateLocks(isCommit = true). `wrote`: the transaction changed anything (else it is implicitly READ ONLY). */
  committed(tx: TxKey, wrote: boolean): void {
    const sx = this.sxacts.get(tx);
    if (!sx) return void this.safe.delete(tx);
    if (sx.committed) return;
    if (wrote) sx.didWrite = true;
    if (!sx.prepared) {
      sx.prepareSeqNo = ++this.lastCommitSeqNo;
      sx.prepared = true;
    }
    this.release(sx, true);
  }

  /** ReleasePredicateLocks(isCommit = false): a rolled-back transaction cannot be in a cycle, so everything goes at once. */
  aborted(tx: TxKey): void {
    const sx = this.sxacts.get(tx);
    if (!sx) return void this.safe.delete(tx);
    if (!sx.committed) this.release(sx, false);
  }

  describe(): SsiState {
    const keys = (set: Set<Sxact>) => [...set].map((s) => s.tx);
    const transactions: SsiTxState[] = [...this.sxacts.values()].map((s) => ({
      tx: s.tx, xid: s.xid, locks: [...s.locks.values()], conflictsIn: keys(s.inConflicts), conflictsOut: keys(s.outConflicts),
      readOnly: s.readOnly, doomed: s.doomed, committed: s.committed, safe: s.roSafe, unsafe: s.roUnsafe, conflictOut: s.conflictOut,
      lastCommitBeforeSnapshot: s.lastCommitBeforeSnapshot,
      ...(s.prepared ? { prepareSeqNo: s.prepareSeqNo } : {}),
      ...(s.committed ? { commitSeqNo: s.commitSeqNo } : {}),
    }));
    for (const [tx, { xid, lastCommitBeforeSnapshot }] of this.safe) {
      transactions.push({ tx, xid, locks: [], conflictsIn: [], conflictsOut: [], readOnly: true, doomed: false, committed: false, safe: true, unsafe: false, conflictOut: false, lastCommitBeforeSnapshot });
    }
    return { lastCommitSeqNo: this.lastCommitSeqNo, transactions };
  }

  /** SerializationNeededForRead: a READ ONLY transaction found safe drops out of SSI at its next read (ReleasePredicateLocks(false, true)). */
  private reading(tx: TxKey): Sxact | undefined {
    const sx = this.sxacts.get(tx);
    if (!sx || sx.committed) return undefined;
    if (!sx.roSafe) return sx;
    this.release(sx, false);
    this.safe.set(tx, { xid: sx.xid, lastCommitBeforeSnapshot: sx.lastCommitBeforeSnapshot });
    return undefined;
  }

  /** PredicateLockAcquire: a coarser lock already covers finer reads; a new coarse lock makes the finer ones redundant. */
  private acquire(sx: Sxact, target: PredicateTarget): void {
    const key = keyOf(target);
    if (sx.local.get(key)?.held || this.coarserCovers(sx, target)) return;
    const local = sx.local.get(key);
    if (local) local.held = true;
    else sx.local.set(key, { held: true, childLocks: 0 });
    if (!sx.locks.has(key)) {
      sx.locks.set(key, target);
      this.holders.set(key, [...(this.holders.get(key) ?? []), sx]);
    }
    if (this.promote(sx, target)) return; // the coarser lock took this one's place, and its children's
    if (target.tuple === undefined) this.deleteChildLocks(sx, target);
  }

  /** CoarserLockCovers (uses the local table, which may say "no" wrongly but never "yes" wrongly). */
  private coarserCovers(sx: Sxact, target: PredicateTarget): boolean {
    for (let p = parentOf(target); p; p = parentOf(p)) if (sx.local.get(keyOf(p))?.held) return true;
    return false;
  }

  /**
   * CheckAndPromotePredicateLockRequest: shared memory for SIREAD locks is fixed, so many fine locks are traded
   * for one coarse lock (more false positives, bounded memory). Every ancestor counts its descendants; the
   * coarsest one over its limit (max_pred_locks_per_page, or per_transaction / -per_relation - 1) is taken.
   */
  private promote(sx: Sxact, target: PredicateTarget): boolean {
    let promotion: PredicateTarget | undefined;
    for (let p = parentOf(target); p; p = parentOf(p)) {
      const key = keyOf(p);
      const entry = sx.local.get(key) ?? { held: false, childLocks: 0 };
      entry.childLocks++;
      sx.local.set(key, entry);
      const limit = p.page !== undefined ? this.perPage : this.perRelation < 0 ? Math.floor(this.perXact / -this.perRelation) - 1 : this.perRelation;
      if (entry.childLocks > limit) promotion = p;
    }
    if (promotion) this.acquire(sx, promotion);
    return promotion !== undefined;
  }

  /** DeleteChildTargetLocks (+ DecrementParentLocks). The finer locks' own local entries stay, as in PostgreSQL: they are covered anyway. */
  private deleteChildLocks(sx: Sxact, target: PredicateTarget): void {
    for (const [key, held] of [...sx.locks]) {
      if (!coveredBy(held, target)) continue;
      this.dropLock(sx, key);
      this.decrementParents(sx, held);
    }
  }

  private decrementParents(sx: Sxact, target: PredicateTarget): void {
    for (let p = parentOf(target); p; p = parentOf(p)) {
      const key = keyOf(p);
      const entry = sx.local.get(key);
      if (!entry) continue;
      entry.childLocks = Math.max(0, entry.childLocks - 1);
      if (entry.childLocks === 0 && !entry.held) sx.local.delete(key);
    }
  }

  private dropLock(sx: Sxact, key: string): void {
    sx.locks.delete(key);
    const rest = (this.holders.get(key) ?? []).filter((h) => h !== sx);
    if (rest.length) this.holders.set(key, rest);
    else this.holders.delete(key);
  }

  /**
   * CheckTargetForConflictsIn: every other holder that is not doomed and overlaps us (still running, or committed
   * after our snapshot — PostgreSQL: finishedBefore > our xmin) read what we now change without seeing it.
   */
  private checkTarget(me: Sxact, target: PredicateTarget, inSubtransaction: boolean): SsiError | undefined {
    const key = keyOf(target);
    let mine = false;
    for (const holder of this.holders.get(key) ?? []) {
      if (holder === me) {
        // Our write lock on the tuple makes our own SIREAD lock on it redundant, unless a subtransaction's abort can take the write back.
        mine = target.tuple !== undefined && !inSubtransaction;
        continue;
      }
      if (holder.doomed || (holder.committed && holder.commitSeqNo <= me.lastCommitBeforeSnapshot) || this.exists(holder, me)) continue;
      const error = this.flag(holder, me, me);
      if (error) return error;
    }
    if (mine) {
      this.dropLock(me, key);
      me.local.delete(key);
      this.decrementParents(me, target);
    }
    return undefined;
  }

  /** RWConflictExists: doomed ends never count, as the doomed transaction will roll back. */
  private exists(reader: Sxact, writer: Sxact): boolean {
    return !reader.doomed && !writer.doomed && reader.outConflicts.has(writer);
  }

  /** FlagRWConflict: check the new edge reader → writer for a dangerous structure first, then record it. `me` is the caller. */
  private flag(reader: Sxact, writer: Sxact, me: Sxact): SsiError | undefined {
    const error = this.onConflict(reader, writer, me);
    if (error) return error;
    reader.outConflicts.add(writer);
    writer.inConflicts.add(reader);
    return undefined;
  }

  /**
   * OnConflict_CheckForSerializationFailure. Tin → Tpivot → Tout is only an anomaly if Tout commits first, and,
   * when Tin is read only, only if Tout committed before Tin's snapshot. We fail ourselves when we are the
   * writer; otherwise the writer is doomed (it fails at its next statement or commit) so that no transaction
   * is cancelled before one of the others has committed — unless it is already past preCommit.
   */
  private onConflict(reader: Sxact, writer: Sxact, me: Sxact): SsiError | undefined {
    // Writer already committed with a conflict out to an earlier commit: reader → writer → T2 is complete.
    let failure = writer.committed && writer.conflictOut;
    // Writer becomes a pivot whose Tout (t2) committed (prepared) before the reader and the writer committed.
    failure ||= [...writer.outConflicts].some((t2) => t2.prepared
      && (!reader.committed || t2.prepareSeqNo <= reader.commitSeqNo)
      && (!writer.committed || t2.prepareSeqNo <= writer.commitSeqNo)
      && (!reader.readOnly || t2.prepareSeqNo <= reader.lastCommitBeforeSnapshot));
    // Reader becomes a pivot with a committed writer as Tout, and some T0 → reader that did not commit before it.
    if (!failure && writer.prepared && !reader.readOnly) {
      failure = [...reader.inConflicts].some((t0) => !t0.doomed
        && (!t0.committed || t0.commitSeqNo >= writer.prepareSeqNo)
        && (!t0.readOnly || t0.lastCommitBeforeSnapshot >= writer.prepareSeqNo));
    }
    if (!failure) return undefined;
    if (me === writer) return fail('Canceled on identification as a pivot, during write.');
    if (writer.prepared) return fail(`Canceled on conflict out to pivot ${writer.xid}, during read.`);
    writer.doomed = true;
    return undefined;
  }

  /** ReleasePredicateLocks: at commit the transaction stays (with its locks) while a concurrent one runs; at rollback it goes. */
  private release(sx: Sxact, isCommit: boolean): void {
    const declaredReadOnly = sx.readOnly;
    if (isCommit) {
      sx.committed = true;
      sx.commitSeqNo = ++this.lastCommitSeqNo;
      if (!sx.didWrite) sx.readOnly = true; // implicit READ ONLY: gets the read-only optimizations from now on
    } else {
      sx.doomed = true; // so that it causes no failure for others any more
      sx.prepared = false;
    }
    if (!declaredReadOnly) {
      // With no writable transaction left, committed ones' locks and conflicts in can no longer matter.
      if (--this.writableCount === 0) this.canPartialClearThrough = this.lastCommitSeqNo;
    } else this.unlinkUnsafe(sx);
    for (const w of [...sx.outConflicts]) {
      // SXACT_FLAG_CONFLICT_OUT: we read past a write of a transaction that committed before us, the Tout half of a pivot.
      if (isCommit && !sx.readOnly && w.committed) {
        if (!sx.conflictOut || w.prepareSeqNo < sx.earliestOutConflictCommit) sx.earliestOutConflictCommit = w.prepareSeqNo;
        sx.conflictOut = true;
      }
      if (!isCommit || w.committed || w.lastCommitBeforeSnapshot >= this.lastCommitSeqNo) this.unlink(sx, w);
    }
    for (const r of [...sx.inConflicts]) if (!isCommit || r.committed || r.readOnly) this.unlink(r, sx);
    if (!declaredReadOnly) {
      for (const ro of [...sx.possibleUnsafe]) {
        if (isCommit && sx.didWrite && sx.conflictOut && sx.earliestOutConflictCommit <= ro.lastCommitBeforeSnapshot) {
          ro.roUnsafe = true; // FlagSxactUnsafe: no need to watch the others any more
          this.unlinkUnsafe(ro);
        } else {
          ro.possibleUnsafe.delete(sx);
          sx.possibleUnsafe.delete(ro);
          if (ro.possibleUnsafe.size === 0) ro.roSafe = true;
        }
      }
    }
    if (isCommit) this.finished.push(sx);
    else this.releaseOne(sx, false);
    this.clearOld();
  }

  /**
   * ClearOldPredicateLocks: a committed transaction matters only while some running transaction took its snapshot
   * before that commit (SxactGlobalXmin); once no writable transaction is left, read-write ones keep only their
   * conflicts out and read-only ones go (CanPartialClearThrough).
   */
  private clearOld(): void {
    const running = [...this.sxacts.values()].filter((s) => !s.committed);
    const horizon = Math.min(...running.map((s) => s.lastCommitBeforeSnapshot));
    for (const f of [...this.finished]) {
      if (f.commitSeqNo <= horizon) this.releaseOne(f, false);
      else if (f.commitSeqNo > this.havePartialClearedThrough && f.commitSeqNo <= this.canPartialClearThrough) {
        this.releaseOne(f, !f.readOnly);
        this.havePartialClearedThrough = f.commitSeqNo;
      } else break;
    }
  }

  /** ReleaseOneSerializableXact: `partial` keeps the transaction and its conflicts out (all that can still matter). */
  private releaseOne(sx: Sxact, partial: boolean): void {
    for (const key of [...sx.locks.keys()]) this.dropLock(sx, key);
    for (const r of [...sx.inConflicts]) this.unlink(r, sx);
    if (partial) return;
    for (const w of [...sx.outConflicts]) this.unlink(sx, w);
    this.sxacts.delete(sx.tx);
    const i = this.finished.indexOf(sx);
    if (i >= 0) this.finished.splice(i, 1);
  }

  private unlink(reader: Sxact, writer: Sxact): void {
    reader.outConflicts.delete(writer);
    writer.inConflicts.delete(reader);
  }

  /** SetPossibleUnsafeConflict. */
  private linkUnsafe(ro: Sxact, writable: Sxact): void {
    ro.possibleUnsafe.add(writable);
    writable.possibleUnsafe.add(ro);
  }

  private unlinkUnsafe(sx: Sxact): void {
    for (const other of sx.possibleUnsafe) other.possibleUnsafe.delete(sx);
    sx.possibleUnsafe.clear();
  }
}

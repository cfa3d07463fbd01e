/**
 * SERIALIZABLE in the lab: the engine calls the SSI bookkeeping (ssi.ts) where PostgreSQL's
 * executor calls predicate.c — SIREAD locks and rw-conflicts out for every row version a
 * scan examines, conflicts in for every heap tuple and index page a write touches (and for
 * the index page of a unique key, before a duplicate-key error, so that a serialization
 * failure is reported rather than masked), and the checks at COMMIT. A heap here is one
 * page (0) and an index one leaf page (1): the scenarios' tables are that small.
 */
import type { LoggedChange } from '../../schema/capture.ts';
import type { SqlError } from '../../sql/results.ts';
import type { LabContext, TransactionHooks } from './context.ts';
import type { SessionSettings } from './executor.ts';
import { examinedByIndex, planScans, type PlanScan } from './predicates.ts';
import type { SsiError, PredicateTarget } from './ssi.ts';
import { inSubtransaction, type Row, type RowVersion, type Snapshot, type Tx } from './row-store.ts';
import { referentialQueries, type ReferentialQuery } from './referential.ts';
import { quoteIdentifier, quoteLiteral, quoteTable } from '../../sql/quote.ts';

const HEAP_PAGE = 0;
const LEAF_PAGE = 1;

const asSqlError = (error: SsiError | undefined): SqlError | undefined => error && { severity: 'ERROR', ...error };

const tupleOf = (v: RowVersion): PredicateTarget => ({ relation: v.table, page: HEAP_PAGE, tuple: String(v.pos) });

const serializable = (ctx: LabContext, tx: Tx) => tx.level === 'serializable' && tx.status === 'active' && ctx.ssi !== undefined;

/** The serializable transaction takes its snapshot. */
export function beginSerializable(ctx: LabContext, tx: Tx): void {
  if (serializable(ctx, tx)) ctx.ssi.begin(tx, { readOnly: tx.readOnly, xid: tx.id });
}

/** The checks at COMMIT, and the bookkeeping when any transaction ends. */
export function serializableHooks(ctx: LabContext): TransactionHooks {
  return {
    beforeCommit: (tx) => asSqlError(ctx.ssi.checkDoomed(tx, 'commit') ?? ctx.ssi.preCommit(tx)),
    ended: (tx, committed) => (committed ? ctx.ssi.committed(tx, tx.wrote) : ctx.ssi.aborted(tx)),
  };
}

/**
 * The transaction that wrote `version` without the reader seeing it: the creator of a
 * version its snapshot does not see, or the deleter of one it does see (HeapCheckForSerializableConflictOut).
 * `transaction`: the snapshot that decides whether that writer is concurrent (XidIsConcurrent
 * takes the transaction's), when the scan has a newer one (a referential trigger's).
 */
function unseenWriter(ctx: LabContext, tx: Tx, snapshot: Snapshot, version: RowVersion, transaction = snapshot): Tx | undefined {
  const inSnapshot = (writer: Tx) => writer.status === 'committed' && writer.commitSeq! <= transaction.seq;
  const writer = ctx.store.visible(version, tx, snapshot) ? version.deleter : version.creator;
  return writer && writer !== tx && writer.status !== 'aborted' && !inSnapshot(writer) ? writer : undefined;
}

/**
 * One scan: its SIREAD locks and the rw-conflicts out of the versions it examines. `passedOver`:
 * rows (their first versions) left out of the statement's view (SKIP LOCKED); `transaction`:
 * the transaction's snapshot, when the scan runs on a newer one.
 */
async function readScan(ctx: LabContext, tx: Tx, snapshot: Snapshot, scan: PlanScan, passedOver?: ReadonlySet<RowVersion>, transaction = snapshot): Promise<SqlError | undefined> {
  if (!ctx.store.tables().includes(scan.table)) return undefined;
  const all = ctx.store.versionsOf(scan.table).filter((v) => !passedOver?.has(v.root));
  const visible = (v: RowVersion) => ctx.store.visible(v, tx, snapshot);
  let examined: readonly RowVersion[] = all;
  if (scan.index) {
    const cond = scan.index.cond;
    const matching = (cond ? await ctx.executor.satisfying(scan.table, scan.alias, cond, all) : undefined) ?? all;
    const ordered = scan.fetched === undefined ? undefined : await ctx.executor.indexOrder(scan.table, scan.alias, scan.index, matching);
    examined = ordered ? examinedByIndex(ordered, visible, scan.fetched) : examinedByIndex(matching, visible);
    ctx.ssi.lock(tx, { relation: scan.index.name, page: LEAF_PAGE });
  } else ctx.ssi.lock(tx, { relation: scan.table });
  if (examined.length > 0) {
    const doomed = asSqlError(ctx.ssi.checkDoomed(tx, 'read'));
    if (doomed) return doomed;
  }
  for (const version of examined) {
    const writer = unseenWriter(ctx, tx, snapshot, version, transaction);
    const error = writer && asSqlError(ctx.ssi.conflictOut(tx, writer));
    if (error) return error;
    if (scan.index && visible(version)) ctx.ssi.lock(tx, tupleOf(version));
  }
  return undefined;
}

/**
 * What the statement reads, per the plan PostgreSQL makes for it on the session's view. A
 * read-only statement (`analyzable`: no function of its own may write or take a sequence
 * value) whose index scan a LIMIT may stop is run once more under EXPLAIN ANALYZE, to know
 * how far the scan went. `passedOver`: rows left out of `views` that the scan does not meet.
 */
export async function readPredicates(
  ctx: LabContext,
  tx: Tx,
  snapshot: Snapshot,
  sql: string,
  views: Map<string, RowVersion[]>,
  settings: SessionSettings,
  options: { analyzable?: boolean; passedOver?: ReadonlySet<RowVersion> } = {},
): Promise<SqlError | undefined> {
  if (!serializable(ctx, tx)) return undefined;
  const plan = await ctx.executor.explain(sql, views, settings);
  let scans = plan ? planScans(plan) : [];
  if (options.analyzable && scans.some((s) => s.limited)) {
    const analyzed = await ctx.executor.explain(sql, views, settings, { analyze: true });
    if (analyzed) scans = planScans(analyzed);
  }
  for (const scan of scans) {
    const error = await readScan(ctx, tx, snapshot, scan, options.passedOver);
    if (error) return error;
  }
  return undefined;
}

/** A foreign-key check or action reading `version` through the index `index` (ri_triggers.c's query). */
export function readByKey(ctx: LabContext, tx: Tx, snapshot: Snapshot, index: string | undefined, version: RowVersion): SqlError | undefined {
  if (!serializable(ctx, tx)) return undefined;
  ctx.ssi.lock(tx, index ? { relation: index, page: LEAF_PAGE } : { relation: version.table });
  const writer = unseenWriter(ctx, tx, snapshot, version);
  const error = writer && asSqlError(ctx.ssi.conflictOut(tx, writer));
  if (error) return error;
  if (index && ctx.store.visible(version, tx, snapshot)) ctx.ssi.lock(tx, tupleOf(version));
  return undefined;
}

/**
 * The scans of the statement's referential triggers (referential.ts), after its own writes:
 * each on the newest committed state plus the transaction's own rows (ri_PerformCheck gives
 * the triggers of REPEATABLE READ and SERIALIZABLE a fresh snapshot), planned as PostgreSQL
 * plans the lookup with the key's values (a custom plan). `changes` and `olds`: everything the
 * statement changes, which NO ACTION's look for another referenced row holding the key counts.
 */
export async function referentialReads(
  ctx: LabContext,
  tx: Tx,
  snapshot: Snapshot,
  changes: readonly LoggedChange[],
  olds: Map<LoggedChange, RowVersion | undefined>,
  settings: SessionSettings,
): Promise<SqlError | undefined> {
  if (!serializable(ctx, tx)) return undefined;
  const queries = referentialQueries(ctx.executor.schema.foreignKeys, changes);
  if (queries.length === 0) return undefined;
  const latest = ctx.store.takeSnapshot();
  const views = new Map(ctx.store.tables().map((t) => [t, ctx.store.view(t, tx, latest)]));
  const replaced = new Set(olds.values());
  const keyIn = (row: Row, query: ReferentialQuery) => JSON.stringify(query.columns.map((c) => row[c] ?? null)) === JSON.stringify(query.key);
  let keyHeld = false;
  for (const query of queries) {
    // NO ACTION ends when another referenced row holds the key now: its referencing lookup is not run.
    if (query.scan === 'referencing' && keyHeld) {
      keyHeld = false;
      continue;
    }
    const conditions = query.columns.map((c, i) => `x.${quoteIdentifier(c)} = ${quoteLiteral(literal(query.key[i]))}`);
    const plan = await ctx.executor.explain(`SELECT 1 FROM ONLY ${quoteTable(query.table)} x WHERE ${conditions.join(' AND ')}`, views, settings);
    if (!plan) throw new Error(`lab engine: no plan for the referential lookup of ${query.foreignKey.name}`);
    for (const scan of planScans(plan)) {
      const error = await readScan(ctx, tx, latest, scan, undefined, snapshot);
      if (error) return error;
    }
    if (query.scan === 'referenced') {
      const rows = [...(views.get(query.table) ?? []).filter((v) => !replaced.has(v)).map((v) => v.values), ...changes.filter((c) => c.table === query.table && c.new).map((c) => c.new!)];
      keyHeld = rows.some((row) => keyIn(row, query));
    }
  }
  return undefined;
}

/** A key value as SQL text (to_jsonb's JSON): strings as they are, numbers, booleans and documents as JSON. */
const literal = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The index whose key is exactly `columns`, which a lookup by them would use. */
export function indexOn(ctx: LabContext, table: string, columns: readonly string[]): string | undefined {
  return ctx.indexes.get(table)?.find((i) => i.columns.length === columns.length && i.columns.every((c, n) => c === columns[n]))?.name;
}

/** A new row enters the table's heap: only a SIREAD lock on the whole table conflicts. */
export function heapInsertConflict(ctx: LabContext, tx: Tx, table: string): SqlError | undefined {
  return serializable(ctx, tx) ? asSqlError(ctx.ssi.conflictIn(tx, { relation: table })) : undefined;
}

/**
 * A unique key in `index` is about to make the write fail (a duplicate) or wait (a transaction
 * still changing the row that holds it): what PostgreSQL wrote before it reached that key is
 * checked first, in its order — the heap (an INSERT's table, or the old tuples an UPDATE
 * replaced, `replaced`), the entries made in the table's indexes that come before `index` (by
 * OID, ExecInsertIndexTuples' order), then, before a duplicate is reported, the page of `index`
 * itself (_bt_check_unique); _bt_doinsert waits before it checks that page.
 */
export function duplicateKeyConflicts(ctx: LabContext, tx: Tx, table: string, replaced: readonly RowVersion[], index: string, outcome: 'fails' | 'waits' = 'fails'): SqlError | undefined {
  if (!serializable(ctx, tx)) return undefined;
  const indexes = ctx.indexes.get(table) ?? [];
  const before = indexes.slice(0, Math.max(0, indexes.findIndex((i) => i.name === index)));
  const heap: PredicateTarget[] = replaced.length > 0 ? replaced.map(tupleOf) : [{ relation: table }];
  const own = outcome === 'fails' ? [{ relation: index, page: LEAF_PAGE }] : [];
  for (const target of [...heap, ...before.map((i) => ({ relation: i.name, page: LEAF_PAGE })), ...own]) {
    const error = asSqlError(ctx.ssi.conflictIn(tx, target, inSubtransaction(tx)));
    if (error) return error;
  }
  return undefined;
}

const differs = (a: Row | undefined, b: Row | undefined, column: string) => JSON.stringify(a?.[column] ?? null) !== JSON.stringify(b?.[column] ?? null);

/**
 * The statement's writes, row by row, once no lock stops them: the old heap tuple of an
 * UPDATE or DELETE, and every index a new tuple enters (an INSERT, or an UPDATE that
 * changes an indexed column and so cannot be HOT).
 */
export function writeConflicts(ctx: LabContext, tx: Tx, changes: readonly LoggedChange[], olds: Map<LoggedChange, RowVersion | undefined>): SqlError | undefined {
  if (!serializable(ctx, tx)) return undefined;
  for (const change of changes) {
    const indexes = ctx.indexes.get(change.table) ?? [];
    const old = olds.get(change);
    // An INSERT's heap check came first (heapInsertConflict), before its unique keys.
    const targets: PredicateTarget[] = old ? [tupleOf(old)] : [];
    const newEntries =
      change.op === 'INSERT' || (change.op === 'UPDATE' && indexes.some((i) => i.reads.some((c) => differs(change.old, change.new, c))));
    if (newEntries) targets.push(...indexes.map((i) => ({ relation: i.name, page: LEAF_PAGE })));
    for (const target of targets) {
      const error = asSqlError(ctx.ssi.conflictIn(tx, target, inSubtransaction(tx)));
      if (error) return error;
    }
  }
  return undefined;
}

/**
 * What a statement reads, in the terms SERIALIZABLE's SIREAD locks use (PostgreSQL's
 * predicate.c): the plan PostgreSQL picks for it decides. A sequential scan locks the whole
 * table and examines every row version in it; an index scan locks the index leaf page it
 * visits (a tiny btree's only leaf is block 1, after the metapage) and each heap tuple it
 * returns, and examines only the versions its index condition reaches. The plan comes from
 * EXPLAIN on the session's view of the tables, as the statement itself runs. An index scan
 * under a LIMIT (through LockRows only) stops once the LIMIT has its rows: it fetched only the
 * first rows in index order, as many as EXPLAIN ANALYZE counts it returned or filtered out,
 * and the rows after them are neither locked nor examined (a job queue's SKIP LOCKED reader
 * must not conflict with writes to rows it never reached).
 */
import type { RowVersion } from './row-store.ts';

/** One scan in a plan: the table it reads and, for index scans, the index and its condition. */
export interface PlanScan {
  table: string;
  /** The name the statement gives the table (its alias), which the condition uses. */
  alias: string;
  index?: { name: string; cond?: string; backward?: boolean };
  /** An index scan a LIMIT stopped: the visible rows it fetched (EXPLAIN ANALYZE), undefined when it ran to its end or the plan was not analyzed. */
  fetched?: number;
  /** An index scan right under a LIMIT (LockRows between them at most): it may stop early. */
  limited?: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Scan Direction'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const tableName = (node: PlanNode) => (node.Schema && node.Schema !== 'public' ? `${node.Schema}.${node['Relation Name']}` : node['Relation Name']!);

/** The bitmap index scans under a Bitmap Heap Scan (through BitmapAnd / BitmapOr). */
function bitmapIndexes(node: PlanNode): { name: string; cond?: string }[] {
  if (node['Node Type'] === 'Bitmap Index Scan') return [{ name: node['Index Name']!, cond: node['Index Cond'] }];
  return (node.Plans ?? []).flatMap(bitmapIndexes);
}

/** Nodes that pass rows up one by one without reading ahead: an index scan below them stops when a LIMIT above does. */
const STREAMING = new Set(['Limit', 'LockRows', 'Result']);

/** The heap scans of an `EXPLAIN (VERBOSE, FORMAT JSON)` plan (ANALYZE: with the rows fetched), in plan order. */
export function planScans(explained: unknown): PlanScan[] {
  const scans: PlanScan[] = [];
  const visit = (node: PlanNode, limited: boolean) => {
    const type = node['Node Type'];
    if (node['Relation Name'] && type !== 'ModifyTable') {
      const table = tableName(node);
      const alias = node.Alias ?? node['Relation Name']!;
      if (type === 'Index Scan' || type === 'Index Only Scan') {
        const index = { name: node['Index Name']!, cond: node['Index Cond'], ...(node['Scan Direction'] === 'Backward' && { backward: true }) };
        const analyzed = limited && node['Actual Loops'] === 1 && node['Actual Rows'] !== undefined;
        scans.push({ table, alias, index, ...(limited && { limited }), ...(analyzed && { fetched: node['Actual Rows']! + (node['Rows Removed by Filter'] ?? 0) }) });
      } else if (type === 'Bitmap Heap Scan') for (const index of bitmapIndexes(node)) scans.push({ table, alias, index });
      else scans.push({ table, alias });
      if (type === 'Bitmap Heap Scan') return;
    }
    const below = type === 'Limit' || (limited && STREAMING.has(type));
    for (const child of node.Plans ?? []) visit(child, below);
  };
  const root = (explained as { Plan: PlanNode }[])[0]?.Plan;
  if (root) visit(root, false);
  return scans;
}

/**
 * The versions an index scan examines, among those its condition matches, in index order
 * (every version of a row has its own index entry, except in a HOT chain): it follows each
 * row's chain until the first version its snapshot sees, and stops there; `fetched`: it
 * stopped after that many visible versions (a LIMIT had its rows).
 */
export function examinedByIndex(matching: readonly RowVersion[], visible: (v: RowVersion) => boolean, fetched = Infinity): RowVersion[] {
  const done = new Set<RowVersion>();
  const examined: RowVersion[] = [];
  for (const version of matching) {
    if (done.size >= fetched) break;
    if (done.has(version.root)) continue;
    examined.push(version);
    if (visible(version)) done.add(version.root);
  }
  return examined;
}

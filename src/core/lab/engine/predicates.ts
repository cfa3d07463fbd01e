/**
 * What a statement reads, in the terms SERIALIZABLE's SIREAD locks use (PostgreSQL's
 * predicate.c): the plan PostgreSQL picks for it decides. A sequential scan locks the whole
 * table and examines every row version in it; an index scan locks the index leaf page it
 * visits (a tiny btree's only leaf is block 1, after the metapage) and each heap tuple it
 * returns, and examines only the versions its index condition reaches. The plan comes from
 * EXPLAIN on the session's view of the tables, as the statement itself runs.
 */
import type { RowVersion } from './store.ts';

/** One scan in a plan: the table it reads and, for index scans, the index and its condition. */
export interface PlanScan {
  table: string;
  /** The name the statement gives the table (its alias), which the condition uses. */
  alias: string;
  index?: { name: string; cond?: string };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const tableName = (node: PlanNode) => (node.Schema && node.Schema !== 'public' ? `${node.Schema}.${node['Relation Name']}` : node['Relation Name']!);

/** The bitmap index scans under a Bitmap Heap Scan (through BitmapAnd / BitmapOr). */
function bitmapIndexes(node: PlanNode): { name: string; cond?: string }[] {
  if (node['Node Type'] === 'Bitmap Index Scan') return [{ name: node['Index Name']!, cond: node['Index Cond'] }];
  return (node.Plans ?? []).flatMap(bitmapIndexes);
}

/** The heap scans of an `EXPLAIN (VERBOSE, FORMAT JSON)` plan, in plan order. */
export function planScans(explained: unknown): PlanScan[] {
  const scans: PlanScan[] = [];
  const visit = (node: PlanNode) => {
    const type = node['Node Type'];
    if (node['Relation Name'] && type !== 'ModifyTable') {
      const table = tableName(node);
      const alias = node.Alias ?? node['Relation Name']!;
      if (type === 'Index Scan' || type === 'Index Only Scan') scans.push({ table, alias, index: { name: node['Index Name']!, cond: node['Index Cond'] } });
      else if (type === 'Bitmap Heap Scan') for (const index of bitmapIndexes(node)) scans.push({ table, alias, index });
      else scans.push({ table, alias });
      if (type === 'Bitmap Heap Scan') return;
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  const root = (explained as { Plan: PlanNode }[])[0]?.Plan;
  if (root) visit(root);
  return scans;
}

/**
 * The versions an index scan examines, among those its condition matches (every version of
 * a row has its own index entry, except in a HOT chain): it follows each row's chain until
 * the first version its snapshot sees, and stops there.
 */
export function examinedByIndex(matching: readonly RowVersion[], visible: (v: RowVersion) => boolean): RowVersion[] {
  const done = new Set<RowVersion>();
  const examined: RowVersion[] = [];
  for (const version of matching) {
    if (done.has(version.root)) continue;
    examined.push(version);
    if (visible(version)) done.add(version.root);
  }
  return examined;
}

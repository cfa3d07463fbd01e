/**
 * The log of a statement's changes as a tree: the rows the statement changed itself at the
 * root, under each the rows its referential actions changed (ON DELETE CASCADE, SET NULL,
 * SET DEFAULT, ON UPDATE CASCADE…), named by constraint, and their own cascades below.
 * A change is tied to its cause by the key values: a deleted `profiles` row whose
 * `user_id` equals a deleted `users` row's `id`, under a cascading foreign key between them.
 * The statement's own rows are those of the tables it writes to, less the rows the capture
 * saw changed below it (a self-reference's cascade is not the statement's doing); rows that
 * no foreign key explains were written by a trigger.
 */
import { fill, plural } from '../i18n/format.ts';
import type { Strings } from '../i18n/types.ts';
import type { ChangeCause, ChangeNode, ForeignKey, LoggedChange, SchemaModel } from './types.ts';

type Row = Record<string, unknown>;

// Kept here too for the importers on other branches (src/scripts/sql); new code imports ./types.ts.
export type { ChangeCause, ChangeNode } from './types.ts';

const keyOf = (row: Row | undefined, columns: readonly string[]) => JSON.stringify(columns.map((c) => row?.[c] ?? null));

function fkChanged(change: LoggedChange, fk: ForeignKey): boolean {
  return keyOf(change.old, fk.columns) !== keyOf(change.new, fk.columns);
}

/** The change (and how) that a referential action on `fk` made `change` from. */
function causeOf(change: LoggedChange, fk: ForeignKey, parents: Map<string, LoggedChange>): { parent: LoggedChange; action: string } | undefined {
  const parent = parents.get(`${fk.name}|${keyOf(change.old, fk.columns)}`);
  if (!parent || change.op === 'INSERT' || change.op === 'TRUNCATE') return undefined;
  if (parent.op === 'DELETE') {
    if (change.op === 'DELETE' && fk.onDelete === 'CASCADE') return { parent, action: 'ON DELETE CASCADE' };
    if (change.op === 'UPDATE' && fkChanged(change, fk) && (fk.onDelete === 'SET NULL' || fk.onDelete === 'SET DEFAULT'))
      return { parent, action: `ON DELETE ${fk.onDelete}` };
  }
  if (parent.op === 'UPDATE' && change.op === 'UPDATE' && fkChanged(change, fk) && fk.onUpdate !== 'NO ACTION' && fk.onUpdate !== 'RESTRICT') {
    return { parent, action: `ON UPDATE ${fk.onUpdate}` };
  }
  return undefined;
}

/** `targets`: the tables the statement writes to itself; undefined when its code decides (DO, CALL). */
export function changeTree(log: readonly LoggedChange[], model: SchemaModel, targets: Set<string> | undefined): ChangeNode[] {
  // Referenced rows that went away or changed key, by foreign key and key values.
  const parents = new Map<string, LoggedChange>();
  for (const change of log) {
    if (change.op !== 'DELETE' && change.op !== 'UPDATE') continue;
    for (const fk of model.foreignKeys) {
      if (fk.refTable === change.table) parents.set(`${fk.name}|${keyOf(change.old, fk.refColumns)}`, change);
    }
  }
  const triggerTables = model.tables.filter((t) => t.hasTriggers).map((t) => t.name);
  const causes = new Map<LoggedChange, { parent?: LoggedChange; cause: ChangeCause }>();
  for (const change of log) {
    // The statement's own, unless noted as changed below it; unknown when code ran it.
    const direct = change.nested ? false : targets?.has(change.table);
    if (direct) {
      causes.set(change, { cause: { kind: 'direct' } });
      continue;
    }
    let found: { parent?: LoggedChange; cause: ChangeCause } | undefined;
    for (const fk of model.foreignKeys) {
      if (fk.table !== change.table) continue;
      const cause = causeOf(change, fk, parents);
      if (cause) {
        found = { parent: cause.parent, cause: { kind: 'referential', constraint: fk.name, action: cause.action } };
        break;
      }
    }
    const trigger = triggerTables.find((t) => t !== change.table && log.some((c) => c.table === t)) ?? triggerTables[0];
    causes.set(change, found ?? { cause: direct === undefined ? { kind: 'direct' } : { kind: 'trigger', ...(trigger ? { table: trigger } : {}) } });
  }

  // One node per (parent node, table, operation, cause); rows join the node of their kind.
  const roots: ChangeNode[] = [];
  const nodes = new Map<string, ChangeNode>();
  const nodeIds = new Map<ChangeNode, number>();
  const nodeOf = (change: LoggedChange, seen = new Set<LoggedChange>()): ChangeNode => {
    const { parent, cause } = causes.get(change)!;
    const parentNode = parent && !seen.has(parent) ? nodeOf(parent, new Set(seen).add(change)) : undefined;
    const label = cause.kind === 'referential' ? `${cause.constraint}:${cause.action}` : cause.kind;
    const id = `${parentNode ? nodeIds.get(parentNode) : 'root'}|${change.table}|${change.op}|${label}`;
    let node = nodes.get(id);
    if (!node) {
      node = { table: change.table, op: change.op, cause, rows: [], children: [] };
      nodes.set(id, node);
      nodeIds.set(node, nodeIds.size);
      (parentNode ? parentNode.children : roots).push(node);
    }
    return node;
  };
  for (const change of log) {
    nodeOf(change).rows.push({ ...(change.old ? { old: change.old } : {}), ...(change.new ? { new: change.new } : {}) });
  }
  return roots;
}

/** The string table's words for changes and relationships (its `sql` part): the page's language. */
export type SchemaWords = Pick<
  Strings['sql'],
  'rowsInserted' | 'rowsUpdated' | 'rowsDeleted' | 'changeTruncated' | 'byAction' | 'byTrigger' | 'byTriggerOn' | 'oneToOne' | 'manyToOne' | 'selfReference' | 'sharedPrimaryKey' | 'optional' | 'manyToMany'
>;

const ROWS = { INSERT: 'rowsInserted', UPDATE: 'rowsUpdated', DELETE: 'rowsDeleted' } as const;

/** "profiles: 1 row deleted by ON DELETE CASCADE of profiles_user_id_fkey", in `lang` (words from `t`). */
export function describeChange(node: ChangeNode, t: SchemaWords, lang: string): string {
  const what = node.op === 'TRUNCATE' ? t.changeTruncated : plural(t[ROWS[node.op]], node.rows.length, lang);
  const cause = node.cause;
  const line =
    cause.kind === 'referential'
      ? fill(t.byAction, { what, action: cause.action, constraint: cause.constraint })
      : cause.kind === 'trigger'
        ? fill(cause.table ? t.byTriggerOn : t.byTrigger, { what, table: cause.table ?? '' })
        : what;
  return `${node.table}: ${line}`;
}

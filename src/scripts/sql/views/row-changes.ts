/**
 * What a run did to one table's rows, as a table view marks them: which current rows it
 * inserted or updated, and the rows it deleted. A row is known by its primary key, or by
 * all its values when the table has none. Several statements (or a cascade that inserts
 * and deletes) add up to their net effect: a row inserted and then deleted was never there.
 */
import type { ChangeNode } from '../../../core/schema/changes.ts';
import type { SchemaTable } from '../../../core/schema/introspect.ts';
import type { BlockRun } from '../../../core/sql/results.ts';

export type Row = Record<string, unknown>;

export interface TableChanges {
  /** Keys of rows the run inserted. */
  inserted: Set<string>;
  /** Keys (after the update) of rows it updated, with the row before. */
  updated: Map<string, { old: Row; new: Row }>;
  /** Rows it deleted, by key. */
  deleted: Map<string, Row>;
  /** A TRUNCATE emptied it: which rows went is not logged. */
  truncated: boolean;
}

/** The columns that tell rows apart: the primary key, else all of them. */
export function keyColumns(table: SchemaTable): string[] {
  return table.primaryKey?.columns ?? table.columns.map((c) => c.name);
}

export function rowKey(row: Row, columns: readonly string[]): string {
  return JSON.stringify(columns.map((c) => row[c] ?? null));
}

/** Every node of change trees, parents before their children. */
export function* changeNodes(nodes: readonly ChangeNode[] | undefined): Generator<ChangeNode> {
  for (const node of nodes ?? []) {
    yield node;
    yield* changeNodes(node.children);
  }
}

/** Tables whose rows the run changed, in the order its change trees name them. */
export function touchedTables(run: BlockRun): string[] {
  const tables = new Set<string>();
  for (const statement of run.statements) for (const node of changeNodes(statement.changes)) tables.add(node.table);
  return [...tables];
}

export function tableChanges(run: BlockRun, table: string, columns: readonly string[]): TableChanges {
  const changes: TableChanges = { inserted: new Set(), updated: new Map(), deleted: new Map(), truncated: false };
  const { inserted, updated, deleted } = changes;
  for (const statement of run.statements) {
    for (const node of changeNodes(statement.changes)) {
      if (node.table !== table) continue;
      if (node.op === 'TRUNCATE') {
        inserted.clear();
        updated.clear();
        changes.truncated = true;
        continue;
      }
      for (const { old: before, new: after } of node.rows) {
        const from = before && rowKey(before, columns);
        const to = after && rowKey(after, columns);
        if (node.op === 'INSERT' && after && to) {
          const gone = deleted.get(to);
          deleted.delete(to);
          // Deleted and inserted again under the same key: the row was replaced.
          if (gone) updated.set(to, { old: gone, new: after });
          else inserted.add(to);
        } else if (node.op === 'UPDATE' && before && after && from && to) {
          if (inserted.delete(from)) inserted.add(to);
          else {
            const earlier = updated.get(from);
            updated.delete(from);
            updated.set(to, { old: earlier?.old ?? before, new: after });
          }
        } else if (node.op === 'DELETE' && before && from) {
          if (inserted.delete(from)) continue;
          const earlier = updated.get(from);
          updated.delete(from);
          deleted.set(from, earlier?.old ?? before);
        }
      }
    }
  }
  return changes;
}

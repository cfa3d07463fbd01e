/**
 * The state panel's tables: the committed rows, and what one session sees, with the rows
 * where the two differ marked. A session's row that is not among the committed ones is its
 * own uncommitted change or an older version its snapshot still sees (`differs`); a
 * committed row the session does not see is listed too (`unseen`). Rows are compared by
 * their values, as a multiset. Browser-safe.
 */
import type { TableRows } from '../stepper.ts';

export type RowMark = 'same' | 'differs' | 'unseen';

export interface TableView {
  table: string;
  columns: string[];
  rows: { values: string[]; nulls: boolean[]; mark: RowMark }[];
}

/**
 * A value as psql would print it, as the steps' results do: text as is, booleans `t`/`f`,
 * numbers and JSON as their text; null is told apart by `nulls`.
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function columnsOf(rows: Record<string, unknown>[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** The committed tables (`view` undefined), or a session's `view` compared with `committed`. */
export function tableViews(committed: TableRows, view?: TableRows): TableView[] {
  const tables = Object.keys({ ...committed, ...view });
  return tables.map((table) => {
    const base = committed[table] ?? [];
    const seen = view ? (view[table] ?? []) : base;
    const columns = columnsOf([...base, ...seen]);
    const render = (row: Record<string, unknown>) => ({ values: columns.map((c) => valueText(row[c])), nulls: columns.map((c) => row[c] === null || row[c] === undefined) });
    const key = (row: Record<string, unknown>) => JSON.stringify(columns.map((c) => row[c] ?? null));
    const left = new Map<string, number>();
    for (const row of base) left.set(key(row), (left.get(key(row)) ?? 0) + 1);
    const rows: TableView['rows'] = seen.map((row) => {
      const k = key(row);
      const count = left.get(k) ?? 0;
      if (count > 0) left.set(k, count - 1);
      return { ...render(row), mark: count > 0 ? 'same' : 'differs' };
    });
    if (view) {
      for (const row of base) {
        const k = key(row);
        const count = left.get(k) ?? 0;
        if (count === 0) continue;
        left.set(k, count - 1);
        rows.push({ ...render(row), mark: 'unseen' });
      }
    }
    return { table, columns, rows };
  });
}

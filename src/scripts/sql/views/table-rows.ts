/**
 * The rows a table view shows, read by a hidden query after a run (worker.ts runs it): each
 * row twice, as the table's columns in PostgreSQL's text format, to display, and as jsonb,
 * to match it with the rows the change capture logged, which are jsonb too (the same
 * values in the same spelling: a timestamp's text and its JSON differ).
 */
import type { BlockRun, Column } from '../../../core/sql/results.ts';
import type { Row } from './row-changes.ts';
import { quoteIdentifier, quoteTable } from '../../../core/sql/quote.ts';

export const TABLE_VIEW_ROWS = 200;

/** The alias of the row: `to_jsonb(alias)` must mean the whole row, and a column named like it would win. */
const ROW = 'vault_kb_row';


/** In key order, so the view is stable from run to run; one row more than shown, to tell there are more. */
export function tableRowsSql(table: string, key: readonly string[]): string {
  const order = key.length > 0 ? ` ORDER BY ${key.map((c) => `${ROW}.${quoteIdentifier(c)}`).join(', ')}` : '';
  return `SELECT to_jsonb(${ROW})::text, ${ROW}.* FROM ${quoteTable(table)} AS ${ROW}${order} LIMIT ${TABLE_VIEW_ROWS + 1}`;
}

export interface TableRows {
  columns: Column[];
  rows: { values: (string | null)[]; json: Row }[];
  /** The table has more rows than the view shows. */
  more: boolean;
}

/** The query's result as a view's rows; undefined when it failed. */
export function tableRowsOf(run: BlockRun): TableRows | undefined {
  const result = run.statements[0];
  if (!result || result.error || !result.columns) return undefined;
  return {
    columns: result.columns.slice(1),
    rows: (result.rows ?? []).map(([json, ...values]) => ({ values, json: JSON.parse(json ?? '{}') as Row })),
    more: (result.rowCount ?? 0) > TABLE_VIEW_ROWS,
  };
}

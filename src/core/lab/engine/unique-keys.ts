/**
 * The unique indexes of the setup's tables as PostgreSQL enforces them, and the key a row
 * version has in each: plain column lists, NULLS NOT DISTINCT, and partial and expression
 * indexes. The predicate and the expressions are PostgreSQL's to evaluate, not the lab's: they
 * run on PGlite on the row versions (Executor.evaluateKeys), once per version.
 */
import type { Row } from './row-store.ts';

export interface UniqueIndex {
  table: string;
  name: string;
  /** Each key column as pg_get_indexdef prints it: a column name, or an expression. */
  keys: string[];
  /** The key columns by name; undefined when a key is an expression. */
  columns?: string[];
  /** The WHERE of a partial index. */
  predicate?: string;
  nullsNotDistinct: boolean;
}

/** A row version's entry in an index: its key values, or none (outside a partial index's predicate). */
export type IndexEntry = unknown[] | undefined;

/** Evaluates indexes' predicates and expressions on rows: one entry per row, in order. */
export type KeyEvaluator = (index: UniqueIndex, rows: Row[]) => Promise<IndexEntry[]>;

export class UniqueKeys {
  readonly byTable: Map<string, UniqueIndex[]>;
  private readonly evaluate: KeyEvaluator;
  /** Entries of evaluated indexes, per row values object (row versions never change their values). */
  private readonly entries = new WeakMap<Row, Map<UniqueIndex, IndexEntry>>();

  constructor(indexes: UniqueIndex[], evaluate: KeyEvaluator) {
    this.evaluate = evaluate;
    this.byTable = new Map();
    for (const index of indexes) this.byTable.set(index.table, [...(this.byTable.get(index.table) ?? []), index]);
  }

  /** Evaluates what the indexes of `table` that PostgreSQL must compute need for `rows` (before entryOf). */
  async prepare(table: string, rows: Row[]): Promise<void> {
    for (const index of this.byTable.get(table) ?? []) {
      if (index.columns && !index.predicate) continue;
      const missing = [...new Set(rows)].filter((row) => !this.entries.get(row)?.has(index));
      if (missing.length === 0) continue;
      const entries = await this.evaluate(index, missing);
      missing.forEach((row, i) => {
        const known = this.entries.get(row) ?? new Map<UniqueIndex, IndexEntry>();
        this.entries.set(row, known.set(index, entries[i]));
      });
    }
  }

  /**
   * The key under which `row` would be checked for uniqueness in `index`, as text; undefined
   * when it is checked against nothing (outside the predicate, or a NULL in an index whose
   * NULLs are distinct).
   */
  keyOf(index: UniqueIndex, row: Row): string | undefined {
    const entry = index.columns && !index.predicate ? index.columns.map((c) => row[c] ?? null) : this.entries.get(row)?.get(index);
    if (!entry) {
      if (!index.columns || index.predicate) {
        if (!this.entries.get(row)?.has(index)) throw new Error(`lab engine: the key of a row in ${index.name} was not evaluated`);
      }
      return undefined;
    }
    if (!index.nullsNotDistinct && entry.some((v) => v === null || v === undefined)) return undefined;
    return JSON.stringify(entry);
  }

  /** The entry's values, for the 23505 detail. */
  valuesOf(index: UniqueIndex, row: Row): unknown[] {
    return index.columns && !index.predicate ? index.columns.map((c) => row[c] ?? null) : (this.entries.get(row)?.get(index) ?? []);
  }
}

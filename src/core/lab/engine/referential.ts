/**
 * The queries PostgreSQL's referential-integrity triggers (ri_triggers.c) run for a
 * statement's changes to a referenced table, in the order they run: for each deleted row, and
 * each updated row whose key changed (RI_FKey_pk_upd_check_required), every foreign key that
 * references it looks up the referencing rows holding the old key — the action's UPDATE or
 * DELETE (CASCADE, SET NULL, SET DEFAULT) or RESTRICT's SELECT. NO ACTION first looks for
 * another referenced row that holds the key now (ri_Check_Pk_Match) and reads the referencing
 * table only if there is none; SET DEFAULT runs NO ACTION's check after its UPDATE. They are
 * ordinary scans run through SPI, so under SERIALIZABLE they take SIREAD locks as any read
 * does (serializable.ts). A NULL in the old key makes the lookup's condition false before
 * any scan (the planner folds `NULL = col`), so it reads nothing.
 */
import type { ForeignKey, LoggedChange } from '../../schema/types.ts';

export interface ReferentialQuery {
  foreignKey: ForeignKey;
  /**
   * `referencing`: the referencing table's rows whose foreign-key columns hold the key;
   * `referenced`: NO ACTION's look for a referenced row holding it now, which, when it finds
   * one, ends that trigger (the `referencing` query after it is not run).
   */
  scan: 'referencing' | 'referenced';
  table: string;
  columns: string[];
  /** The old row's key, in `columns`' order. */
  key: unknown[];
  /** A RESTRICT or NO ACTION check (`SELECT … FOR KEY SHARE`, one row at most): a row it locks is the foreign key's 23503. */
  check?: true;
}

const same = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);

/** The lookups the foreign keys' triggers make for `changes`, in firing order (each change's triggers, then the next change's). */
export function referentialQueries(foreignKeys: readonly ForeignKey[], changes: readonly LoggedChange[]): ReferentialQuery[] {
  const queries: ReferentialQuery[] = [];
  for (const change of changes) {
    if (change.op === 'INSERT' || !change.old) continue;
    for (const fk of foreignKeys) {
      if (fk.refTable !== change.table) continue;
      const key = fk.refColumns.map((c) => change.old![c] ?? null);
      if (key.some((v) => v === null)) continue;
      if (change.op === 'UPDATE' && same(key, fk.refColumns.map((c) => change.new?.[c] ?? null))) continue;
      const referencing: ReferentialQuery = { foreignKey: fk, scan: 'referencing', table: fk.table, columns: fk.columns, key };
      const check: ReferentialQuery = { ...referencing, check: true };
      const noAction: ReferentialQuery[] = [{ foreignKey: fk, scan: 'referenced', table: fk.refTable, columns: fk.refColumns, key }, check];
      const action = change.op === 'DELETE' ? fk.onDelete : fk.onUpdate;
      if (action === 'NO ACTION') queries.push(...noAction);
      else if (action === 'SET DEFAULT') queries.push(referencing, ...noAction);
      else queries.push(action === 'RESTRICT' ? check : referencing);
    }
  }
  return queries;
}

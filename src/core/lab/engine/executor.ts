/**
 * Runs one statement of one session for real, on PGlite, against the database as that
 * session sees it: inside a PGlite transaction, the tables are filled with exactly the row
 * versions visible to the session (in their physical order), the statement runs, what it
 * did is read back (the rows it targets, the rows it locks, the rows it and its referential
 * actions and triggers changed), and the transaction is rolled back. PostgreSQL itself
 * evaluates the SQL; the lab only decides which rows exist for whom.
 */
import { installStandingCapture, readStandingCapture, type LoggedChange } from '../../schema/capture.ts';
import type { SchemaModel, SchemaTable } from '../../schema/introspect.ts';
import { machineryQuery } from '../../sql/machinery-query.ts';
import { runBlock, TypeNames, type ProtocolDatabase } from '../../sql/session.ts';
import type { StatementResult } from '../../sql/results.ts';
import { LabRunError } from '../run-error.ts';
import type { Touches } from './classify.ts';
import { REFUSALS } from './refusals.ts';
import type { IndexEntry, UniqueIndex } from './unique-keys.ts';
import type { Row, RowVersion } from './row-store.ts';
import { quoteIdentifier, quoteLiteral, quoteTable } from '../../sql/quote.ts';

/** A session's isolation level (as named) and its settings, as PGlite statements: what the executor replays them with. */
export interface SessionSettings {
  isolation: string;
  statements: string[];
}

/** An index of a table: what SERIALIZABLE's page locks and conflict checks name. */
export interface TableIndex {
  name: string;
  /** Key columns; undefined for an expression column. */
  columns: (string | undefined)[];
  /**
   * Every column the index reads: its key and included columns, and those its expressions and
   * predicate mention. An UPDATE that changes none of them is HOT (heap_update's
   * RelationGetIndexAttrBitmap) and puts no entry in the index.
   */
  reads: string[];
}

export interface Execution {
  result: StatementResult;
  /** UPDATE/DELETE: the rows it would change, in the order it reaches them (no change made). */
  targets?: RowVersion[];
  /** SELECT … FOR: the rows it locked, in order. */
  locked?: RowVersion[];
  /** INSERT/UPDATE/DELETE: every row change, its referential actions' and triggers' included. */
  changes?: LoggedChange[];
}


/** What tells a row apart from the others in its table: its primary key, or all its values in a table without one. */
export function keyOf(table: SchemaTable, row: Row): string {
  const columns = table.primaryKey?.columns ?? table.columns.map((c) => c.name);
  return JSON.stringify(columns.map((c) => row[c] ?? null));
}

/**
 * Maps rows PostgreSQL reported back to the versions they were materialised from. Equal rows
 * of a table without a key are interchangeable: each is matched to the next unused version.
 */
export function matchVersions(table: SchemaTable, rows: readonly (Row | undefined)[], view: readonly RowVersion[]): (RowVersion | undefined)[] {
  const byKey = new Map<string, RowVersion[]>();
  for (const v of view) {
    const key = keyOf(table, v.values);
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }
  return rows.map((row) => (row ? byKey.get(keyOf(table, row))?.shift() : undefined));
}

export class Executor {
  private readonly db: ProtocolDatabase;
  readonly schema: SchemaModel;
  private readonly types = new TypeNames();
  private readonly tables: Map<string, SchemaTable>;
  /** The setup's VOLATILE functions (they may write): a statement calling one runs code the lab cannot see into. */
  private volatileFunctions = new Set<string>();
  /** `ALTER TABLE … DISABLE TRIGGER` for each foreign key's internal triggers (checks and actions), read once. */
  private foreignKeyTriggers?: string[];

  constructor(db: ProtocolDatabase, schema: SchemaModel) {
    this.db = db;
    this.schema = schema;
    this.tables = new Map(schema.tables.map((t) => [t.name, t]));
  }

  table(name: string): SchemaTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`unknown table ${name}`);
    return table;
  }

  /** Rows of the engine's own query; its failure is the engine's bug, so it is thrown. */
  private async rows(sql: string): Promise<string[][]> {
    const { rows, error } = await machineryQuery(this.db, sql);
    if (error) throw new Error(`lab engine: ${String(error.message)} (in: ${sql.slice(0, 120)})`);
    return rows as string[][];
  }

  /** Sets up the change capture for the whole run, after the catalog has been read. */
  installCapture(): Promise<void> {
    return installStandingCapture(this.db, this.schema);
  }

  /** Finds the setup's VOLATILE functions and procedures. */
  async readFunctions(): Promise<void> {
    const names = (await this.rows(`
SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.provolatile = 'v' AND p.prokind IN ('f', 'p')`)).map(([name]) => name);
    this.volatileFunctions = new Set(names);
  }

  /** The statement calls one of the setup's VOLATILE functions, which may change rows anywhere. */
  callsFunction(statement: Touches): boolean {
    return statement.functions.some((f) => this.volatileFunctions.has(f));
  }

  /** The unique indexes of the setup's tables (a unique or primary-key constraint's included), the catalog's order. */
  async readUniqueIndexes(): Promise<UniqueIndex[]> {
    const rows = await this.rows(`
SELECT json_build_object('table', CASE WHEN n.nspname = 'public' THEN t.relname ELSE n.nspname || '.' || t.relname END,
  'name', ic.relname,
  'keys', (SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(1, i.indnkeyatts) k),
  'columns', CASE WHEN i.indexprs IS NULL THEN (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) WITH ORDINALITY k(num, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num) END,
  'predicate', pg_get_expr(i.indpred, i.indrelid, true),
  'nullsNotDistinct', i.indnullsnotdistinct)::text
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE i.indisunique AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
ORDER BY ic.oid`);
    return rows.map(([json]) => {
      const index = JSON.parse(json) as UniqueIndex & { columns: string[] | null; predicate: string | null };
      return { ...index, columns: index.columns ?? undefined, predicate: index.predicate ?? undefined };
    });
  }

  /** PostgreSQL evaluates a unique index's predicate and key expressions on row versions (in order): the key, or none outside the predicate. */
  async evaluateKeys(index: UniqueIndex, rows: Row[]): Promise<IndexEntry[]> {
    const result = await this.rows(`
SELECT CASE WHEN ${index.predicate ?? 'true'} THEN json_build_array(${index.keys.join(', ')}) END::text
FROM jsonb_populate_recordset(NULL::${quoteTable(index.table)}, ${quoteLiteral(JSON.stringify(rows))}::jsonb) WITH ORDINALITY AS vault_kb_row
ORDER BY ordinality`);
    return result.map(([json]) => (json === null ? undefined : (JSON.parse(json) as unknown[])));
  }

  /** Every index of every table (the catalog's order), keyed by table name. */
  async readIndexes(): Promise<Map<string, TableIndex[]>> {
    const rows = await this.rows(`
SELECT json_build_object('table', CASE WHEN n.nspname = 'public' THEN t.relname ELSE n.nspname || '.' || t.relname END,
  'name', ic.relname,
  'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
              LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num > 0),
  -- The columns of expressions and predicates: index_create records a dependency on each.
  'expressionColumns', (SELECT coalesce(json_agg(a.attname), '[]') FROM pg_depend d
              JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                AND d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indrelid AND d.refobjsubid > 0))::text
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
ORDER BY ic.oid`);
    const indexes = new Map<string, TableIndex[]>();
    for (const [json] of rows) {
      const { table, name, columns, expressionColumns } = JSON.parse(json) as { table: string; name: string; columns: (string | null)[]; expressionColumns: string[] };
      const reads = [...new Set([...columns.filter((c): c is string => c !== null), ...expressionColumns])];
      indexes.set(table, [...(indexes.get(table) ?? []), { name, columns: columns.map((c) => c ?? undefined), reads }]);
    }
    return indexes;
  }

  /** PostgreSQL's plan for `sql` on `views` (`EXPLAIN (VERBOSE, FORMAT JSON)`, parsed); undefined when the statement is in error. */
  async explain(sql: string, views: Map<string, RowVersion[]>, settings: SessionSettings, options: { analyze?: boolean } = {}): Promise<unknown> {
    await this.materialise(views, settings);
    try {
      const [row] = await this.tryRows(`EXPLAIN (${options.analyze ? 'ANALYZE, TIMING OFF, ' : ''}VERBOSE, FORMAT JSON) ${sql}`) ?? [];
      return row && JSON.parse(row[0]);
    } finally {
      await this.rows('ROLLBACK');
    }
  }

  /**
   * Which of `versions` satisfy an index condition as EXPLAIN prints it (columns qualified by
   * `alias`); undefined when the condition cannot be evaluated on its own (it refers to
   * another table of a join, or to a subquery's result).
   */
  async satisfying(table: string, alias: string, cond: string, versions: readonly RowVersion[]): Promise<RowVersion[] | undefined> {
    if (versions.length === 0) return [];
    const json = quoteLiteral(JSON.stringify(versions.map((v) => v.values)));
    const sql = `SELECT vault_kb_e.ord FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS vault_kb_e(j, ord), LATERAL jsonb_populate_record(NULL::${quoteTable(table)}, vault_kb_e.j) AS ${quoteIdentifier(alias)} WHERE ${cond}`;
    return (await this.tryRows(sql))?.map(([ord]) => versions[Number(ord) - 1]);
  }

  /**
   * `versions` in the order a scan of the index meets them: by its keys as the index sorts
   * them (ASC / DESC, NULLS FIRST / LAST, expressions evaluated by PostgreSQL), equal keys in
   * physical order; reversed for a backward scan. Undefined when the keys cannot be evaluated
   * on their own.
   */
  async indexOrder(table: string, alias: string, index: { name: string; backward?: boolean }, versions: readonly RowVersion[]): Promise<RowVersion[] | undefined> {
    const keys = await this.tryRows(`
SELECT pg_get_indexdef(i.indexrelid, k, true), i.indoption[k - 1] FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid, generate_series(1, i.indnkeyatts) k
WHERE ic.relname = ${quoteLiteral(index.name)} AND i.indrelid = ${quoteLiteral(quoteTable(table))}::regclass ORDER BY k`);
    if (!keys || keys.length === 0) return undefined;
    if (versions.length === 0) return [];
    // indoption: bit 0 DESC, bit 1 NULLS FIRST.
    const order = keys.map(([key, option]) => `${key} ${Number(option) & 1 ? 'DESC' : 'ASC'} NULLS ${Number(option) & 2 ? 'FIRST' : 'LAST'}`);
    const byPosition = [...versions].sort((a, b) => a.pos - b.pos);
    const sql = `SELECT vault_kb_e.ord FROM jsonb_array_elements(${quoteLiteral(JSON.stringify(byPosition.map((v) => v.values)))}::jsonb) WITH ORDINALITY AS vault_kb_e(j, ord), LATERAL jsonb_populate_record(NULL::${quoteTable(table)}, vault_kb_e.j) AS ${quoteIdentifier(alias)} ORDER BY ${order.join(', ')}, vault_kb_e.ord`;
    const ordered = (await this.tryRows(sql))?.map(([ord]) => byPosition[Number(ord) - 1]);
    return ordered && index.backward ? ordered.reverse() : ordered;
  }

  /** Rows of `sql`, or undefined when it fails. */
  private async tryRows(sql: string): Promise<string[][] | undefined> {
    const { rows, error } = await machineryQuery(this.db, sql);
    return error ? undefined : (rows as string[][]);
  }

  /** Every row of every table, in physical order: the state the setup left. */
  async readAll(): Promise<Map<string, Row[]>> {
    const all = new Map<string, Row[]>();
    for (const table of this.schema.tables) {
      const rows = await this.rows(`SELECT to_jsonb(vault_kb_row)::text FROM ${quoteTable(table.name)} vault_kb_row ORDER BY ctid`);
      all.set(table.name, rows.map(([json]) => JSON.parse(json) as Row));
    }
    return all;
  }

  /** Fills every table with `views` (triggers and foreign-key checks off while it does). */
  private async materialise(views: Map<string, RowVersion[]>, settings: SessionSettings): Promise<void> {
    const names = this.schema.tables.map((t) => quoteTable(t.name));
    const fill = this.schema.tables.map((table) => {
      const rows = views.get(table.name) ?? [];
      if (rows.length === 0) return '';
      const columns = table.columns.filter((c) => !c.generated).map((c) => quoteIdentifier(c.name)).join(', ');
      const json = quoteLiteral(JSON.stringify(rows.map((v) => v.values)));
      return `INSERT INTO ${quoteTable(table.name)} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM jsonb_populate_recordset(NULL::${quoteTable(table.name)}, ${json}::jsonb)`;
    });
    const sql = [
      // The session's level first: SET TRANSACTION must come before the transaction's first query.
      `BEGIN ISOLATION LEVEL ${settings.isolation}`,
      'SET LOCAL session_replication_role = replica',
      ...(names.length > 0 ? [`TRUNCATE ${names.join(', ')}`] : []),
      ...fill.filter(Boolean),
      'SET LOCAL session_replication_role = origin',
      ...settings.statements,
    ].join(';\n');
    const { error } = await machineryQuery(this.db, sql);
    if (!error) return;
    await this.rows('ROLLBACK');
    // Under REPEATABLE READ a session can see a row deleted after its snapshot next to the row
    // that took its key since; a real table with that unique key cannot hold both.
    if (error.code === '23505') {
      throw new LabRunError(REFUSALS.twoVersionsSeen);
    }
    throw new Error(`lab engine: ${String(error.message)} (filling the session's view)`);
  }

  private versionsOf(table: SchemaTable, rows: Row[], view: RowVersion[]): RowVersion[] {
    return matchVersions(table, rows, view).filter((v): v is RowVersion => v !== undefined);
  }

  /** Statements that turn off the foreign keys' triggers inside the run's transaction (ROLLBACK turns them on again). */
  private async foreignKeysOff(): Promise<string[]> {
    this.foreignKeyTriggers ??= (await this.rows(`
SELECT format('ALTER TABLE %s DISABLE TRIGGER %I', tg.tgrelid::regclass, tg.tgname) FROM pg_trigger tg
JOIN pg_constraint con ON con.oid = tg.tgconstraint WHERE tg.tgisinternal AND con.contype = 'f' ORDER BY tg.oid`)).map(([sql]) => sql);
    return this.foreignKeyTriggers;
  }

  /**
   * Runs `sql` on `views`. `kind` says what to read back: the target rows of an UPDATE or
   * DELETE (without changing them), the rows a SELECT … FOR locks, or the changes of DML;
   * `withoutForeignKeys`: the statement's own writes only, as they stand before its foreign
   * keys' AFTER triggers check or act.
   */
  async run(
    sql: string,
    views: Map<string, RowVersion[]>,
    settings: SessionSettings,
    kind: { probe?: string; lockTable?: string; capture?: boolean; withoutForeignKeys?: boolean },
  ): Promise<Execution> {
    const off = kind.withoutForeignKeys ? await this.foreignKeysOff() : [];
    await this.materialise(views, settings);
    try {
      if (off.length > 0) await this.rows(off.join(';\n'));
      if (kind.probe) return { result: emptyResult(sql), targets: await this.probe(sql, kind.probe, views.get(kind.probe) ?? []) };
      if (kind.capture) {
        const run = await runBlock(this.db, sql, { types: this.types });
        const result = run.statements[0] ?? emptyResult(sql);
        return { result, changes: result.error ? [] : await readStandingCapture(this.db, this.schema) };
      }
      const run = await runBlock(this.db, sql, { types: this.types });
      const result = run.statements[0] ?? emptyResult(sql);
      if (!kind.lockTable || result.error) return { result };
      const table = this.table(kind.lockTable);
      const locked = await this.rows(`SELECT to_jsonb(vault_kb_row)::text FROM ${quoteTable(table.name)} vault_kb_row WHERE xmax = pg_current_xact_id()::xid ORDER BY ctid`);
      return { result, locked: this.versionsOf(table, locked.map(([j]) => JSON.parse(j) as Row), views.get(table.name) ?? []) };
    } finally {
      await this.rows('ROLLBACK');
    }
  }

  /**
   * The rows an UPDATE or DELETE reaches, in order, without changing them: a BEFORE ROW
   * trigger notes each row and cancels the change (returns NULL).
   */
  private async probe(sql: string, tableName: string, view: RowVersion[]): Promise<RowVersion[]> {
    const table = this.table(tableName);
    await this.rows(`
CREATE TEMP TABLE IF NOT EXISTS vault_kb_probe (seq serial, row_json text);
CREATE OR REPLACE FUNCTION pg_temp.vault_kb_probe() RETURNS trigger LANGUAGE plpgsql AS $p$
BEGIN INSERT INTO pg_temp.vault_kb_probe (row_json) VALUES (to_jsonb(OLD)::text); RETURN NULL; END $p$;
CREATE TRIGGER vault_kb_probe BEFORE UPDATE OR DELETE ON ${quoteTable(table.name)} FOR EACH ROW EXECUTE FUNCTION pg_temp.vault_kb_probe()`);
    const run = await runBlock(this.db, sql, { types: this.types });
    if (run.error) return [];
    const reached = await this.rows('SELECT row_json FROM pg_temp.vault_kb_probe ORDER BY seq');
    return this.versionsOf(table, reached.map(([j]) => JSON.parse(j) as Row), view);
  }
}

function emptyResult(sql: string): StatementResult {
  return { sql, offset: 0, notices: [], elapsedMs: 0 };
}

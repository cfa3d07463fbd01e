/**
 * Which rows a statement touched, directly and through referential actions. Around a
 * data-modifying statement, statement-level triggers on the tables it may change write
 * the old and new rows (as jsonb) to a temporary log; right after, the log is read and all
 * of it is dropped. Everything lives in the session's temporary
 * schema and exists only for that statement, so the reader's catalog queries, results and
 * the schema diagram never see it.
 */
import { machineryQuery } from '../sql/machinery-query.ts';
import { quoteTable } from '../sql/quote.ts';
import type { ProtocolDatabase } from '../sql/protocol.ts';
import type { ForeignKey, LoggedChange, RowOp, SchemaModel } from './types.ts';

// Kept here too for the importers on other branches (src/core/lab); new code imports ./types.ts.
export type { LoggedChange, RowOp } from './types.ts';

const LOG = 'pg_temp.vault_kb_changes';
const NESTED = 'pg_temp.vault_kb_nested';
const PREFIX = 'vault_kb_capture';

/** Statements that can change rows (a data-modifying CTE starts with WITH; DO and CALL run code). */
const MODIFYING = /^(insert|update|delete|merge|truncate|with|do|call|execute|copy)\b/i;
const CODE = /^(do|call|execute)\b/i;
const TARGET = /\b(?:insert\s+into|update(?:\s+only)?|delete\s+from(?:\s+only)?|merge\s+into|truncate(?:\s+table)?(?:\s+only)?)\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)/gi;

function stripLeading(statement: string): string {
  return statement.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()+/, '');
}

export function canModifyRows(statement: string): boolean {
  return MODIFYING.test(stripLeading(statement));
}

/**
 * Tables the statement itself writes to (INSERT INTO, UPDATE, DELETE FROM, MERGE INTO,
 * TRUNCATE, also in CTEs), or undefined when its code decides (DO, CALL, EXECUTE).
 */
export function statementTargets(statement: string): Set<string> | undefined {
  if (CODE.test(stripLeading(statement))) return undefined;
  const targets = new Set<string>();
  for (const match of statement.matchAll(TARGET)) {
    const name = match[1].replace(/"/g, '');
    targets.add(name.startsWith('public.') ? name.slice('public.'.length) : name);
  }
  return targets;
}

const acts = (fk: ForeignKey) =>
  (fk.onDelete !== 'NO ACTION' && fk.onDelete !== 'RESTRICT') || (fk.onUpdate !== 'NO ACTION' && fk.onUpdate !== 'RESTRICT');

/**
 * Tables whose rows the statement may change: its targets, and every table a referential
 * action (CASCADE, SET NULL, SET DEFAULT) reaches from them. All tables when the statement
 * runs code, or when a table it reaches has triggers of the reader's (they may write anywhere).
 */
export function affectedTables(model: SchemaModel, targets: Set<string> | undefined): string[] {
  const all = model.tables.map((t) => t.name);
  if (!targets || targets.size === 0) return all;
  const reached = new Set([...targets].filter((t) => all.includes(t)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const fk of model.foreignKeys) {
      if (acts(fk) && reached.has(fk.refTable) && !reached.has(fk.table)) {
        reached.add(fk.table);
        grew = true;
      }
    }
  }
  if (model.tables.some((t) => reached.has(t.name) && t.hasTriggers)) return all;
  return [...reached];
}

/**
 * Targets of the statement that a referential action or a trigger may change too (a
 * self-reference, a cycle, a CTE deleting from both ends of a cascade), among the `affected`
 * tables: their rows land in the same transition tables as the statement's own, so the
 * capture notes each row changed below the statement apart.
 */
export function watchedTables(model: SchemaModel, targets: Set<string> | undefined, affected: readonly string[]): string[] {
  const known = [...(targets ?? [])].filter((t) => affected.includes(t));
  if (model.tables.some((t) => affected.includes(t.name) && t.hasTriggers)) return known;
  return known.filter((t) => model.foreignKeys.some((fk) => fk.table === t && acts(fk) && affected.includes(fk.refTable)));
}

/**
 * Statement-level triggers with transition tables: one INSERT … SELECT per statement and
 * table, not a trigger call per row (a row trigger logging 1,000 rows took ~100 ms).
 * They also see the rows changed by referential actions. An UPDATE's old and new rows
 * are paired by their order in the two transition tables, which PostgreSQL fills together.
 * Names are the machinery's own (`vault_kb_new`, `n.*`) so a reader's columns called `n`
 * or `o` cannot shadow them. No sequence anywhere (no serial column either): a
 * `nextval` would become the reader's `lastval()`, and dropping its sequence would leave
 * `lastval()` undefined.
 */
type Row = Record<string, unknown>;

/** `kinds`: the row changes to capture, lower case (`insert`, `update`…). */
function installSql(tables: string[], watched: string[], kinds: string[]): string {
  const fn = (op: string, insert: string) => `CREATE OR REPLACE FUNCTION pg_temp.${PREFIX}_${op}() RETURNS trigger LANGUAGE plpgsql AS $vault_kb$
BEGIN
  ${insert};
  RETURN NULL;
END $vault_kb$`;
  const functions: Record<string, string> = {
    insert: `INSERT INTO ${LOG} (rel, op, new) SELECT TG_RELID, TG_OP, to_jsonb(n.*) FROM vault_kb_new n`,
    delete: `INSERT INTO ${LOG} (rel, op, old) SELECT TG_RELID, TG_OP, to_jsonb(o.*) FROM vault_kb_old o`,
    update: `INSERT INTO ${LOG} (rel, op, old, new) SELECT TG_RELID, TG_OP, o.j, n.j
         FROM (SELECT row_number() OVER () AS i, to_jsonb(o.*) AS j FROM vault_kb_old o) o
         JOIN (SELECT row_number() OVER () AS i, to_jsonb(n.*) AS j FROM vault_kb_new n) n USING (i)`,
    truncate: `INSERT INTO ${LOG} (rel, op) VALUES (TG_RELID, TG_OP)`,
  };
  const triggers: Record<string, string> = {
    insert: 'AFTER INSERT ON {} REFERENCING NEW TABLE AS vault_kb_new',
    delete: 'AFTER DELETE ON {} REFERENCING OLD TABLE AS vault_kb_old',
    update: 'AFTER UPDATE ON {} REFERENCING OLD TABLE AS vault_kb_old NEW TABLE AS vault_kb_new',
    truncate: 'AFTER TRUNCATE ON {}',
  };
  return [
    `CREATE TEMP TABLE IF NOT EXISTS vault_kb_changes (rel oid, op text, old jsonb, new jsonb)`,
    ...kinds.map((op) => fn(op, functions[op])),
    ...(watched.length > 0 ? nestedSql(watched) : []),
    ...tables.flatMap((t) =>
      kinds.map(
        (op) => `CREATE TRIGGER ${PREFIX}_${op} ${triggers[op].replace('{}', () => quoteTable(t))} FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.${PREFIX}_${op}()`,
      ),
    ),
  ].join(';\n');
}

/**
 * On a watched table, a row trigger notes each row changed below the statement: inside a
 * referential action or a trigger, where `pg_trigger_depth()` is above 0. The WHEN clause
 * keeps the statement's own rows from calling it at all, so it costs only nested rows.
 * (Referential actions' statements fire their AFTER triggers with the statement's own, at
 * the same depth and into the same transition tables: only a row trigger can tell them apart.)
 */
function nestedSql(watched: string[]): string[] {
  return [
    `CREATE TEMP TABLE IF NOT EXISTS vault_kb_nested (rel oid, op text, row jsonb)`,
    `CREATE OR REPLACE FUNCTION pg_temp.${PREFIX}_nested() RETURNS trigger LANGUAGE plpgsql AS $vault_kb$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ${NESTED} VALUES (TG_RELID, TG_OP, to_jsonb(NEW));
    RETURN NEW;
  END IF;
  INSERT INTO ${NESTED} VALUES (TG_RELID, TG_OP, to_jsonb(OLD));
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $vault_kb$`,
    ...watched.map(
      (t) => `CREATE TRIGGER ${PREFIX}_nested BEFORE INSERT OR UPDATE OR DELETE ON ${quoteTable(t)} FOR EACH ROW WHEN (pg_trigger_depth() > 0) EXECUTE FUNCTION pg_temp.${PREFIX}_nested()`,
    ),
  ];
}

function removeSql(tables: string[], watched: string[], kinds: string[]): string {
  return [
    ...tables.flatMap((t) => kinds.map((op) => `DROP TRIGGER IF EXISTS ${PREFIX}_${op} ON ${quoteTable(t)}`)),
    ...watched.map((t) => `DROP TRIGGER IF EXISTS ${PREFIX}_nested ON ${quoteTable(t)}`),
    ...[...kinds, 'nested'].map((op) => `DROP FUNCTION IF EXISTS pg_temp.${PREFIX}_${op}()`),
    `DROP TABLE IF EXISTS ${LOG}`,
    `DROP TABLE IF EXISTS ${NESTED}`,
  ].join(';\n');
}

/** The log, in the order it was written (`ctid`: the table is only appended to), each row with whether it was changed below the statement. */
function readLogSql(watched: string[]): string {
  const nested = watched.length > 0 ? `EXISTS (SELECT 1 FROM ${NESTED} x WHERE x.rel = l.rel AND x.op = l.op AND x.row = coalesce(l.old, l.new))` : 'false';
  // One JSON document, not a row per change: a thousand rows cost far more to pass and parse.
  return `SELECT coalesce(json_agg(json_build_object('rel', l.rel, 'op', l.op, 'old', l.old, 'new', l.new, 'nested', ${nested}) ORDER BY l.ctid), '[]')::text FROM ${LOG} l`;
}

/**
 * The kinds of row change a statement can make, to put only their triggers up: UPDATE and
 * DELETE always (referential actions make both), INSERT and TRUNCATE when the statement
 * says so. All of them when it runs code or the reader's triggers may run.
 */
export function rowOps(statement: string, anyTriggers: boolean): RowOp[] {
  if (anyTriggers || CODE.test(stripLeading(statement))) return ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
  return [...(/\b(insert|merge|copy)\b/i.test(statement) ? ['INSERT' as const] : []), 'UPDATE', 'DELETE', ...(/\btruncate\b/i.test(statement) ? ['TRUNCATE' as const] : [])];
}

/**
 * Runs `run` (the reader's statement) with the capture around it, on the tables it may
 * change (`watched`: those of them where rows changed below it are to be told apart). Returns what `run` returned and the log; no log when the capture could not be set
 * up (the reader's transaction has failed) or the statement failed (its changes, and their
 * log, are rolled back).
 */
export async function withCapture<T>(
  db: ProtocolDatabase,
  model: SchemaModel,
  tables: string[],
  run: () => Promise<T>,
  { watched = [], ops = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'] }: { watched?: string[]; ops?: RowOp[] } = {},
): Promise<{ result: T; log?: LoggedChange[] }> {
  if (tables.length === 0) return { result: await run() };
  const kinds = ops.map((op) => op.toLowerCase());
  const installed = !(await machineryQuery(db, installSql(tables, watched, kinds))).error;
  const result = await run();
  // Read and removed in one go. In a transaction the statement made fail, both fail: the
  // transaction's end (ROLLBACK, or COMMIT, which then rolls back) takes the machinery with it.
  const remove = removeSql(tables, watched, kinds);
  const { rows } = await machineryQuery(db, installed ? `${readLogSql(watched)};\n${remove}` : remove);
  const json = installed ? rows[0]?.[0] : undefined;
  return json ? { result, log: parseLog(json, model) } : { result };
}

/** The log as readLogSql's one JSON document gives it. */
function parseLog(json: string, model: SchemaModel): LoggedChange[] {
  const names = new Map(model.tables.map((t) => [t.oid, t.name]));
  const raw = JSON.parse(json) as { rel: number; op: RowOp; old: Row | null; new: Row | null; nested: boolean }[];
  return raw.map((c): LoggedChange => ({
    ...(c.nested ? { nested: true } : {}),
    table: names.get(c.rel) ?? `oid ${c.rel}`,
    op: c.op,
    ...(c.old ? { old: c.old } : {}),
    ...(c.new ? { new: c.new } : {}),
  }));
}

/**
 * The capture set up for good, on every table, for a database where each statement runs in a
 * transaction that is rolled back after it (the isolation lab's executor): setting it up and
 * removing it around each statement would cost more than the statement. What a statement
 * changed is read with {@link readStandingCapture} before that rollback, which empties the log.
 */
export async function installStandingCapture(db: ProtocolDatabase, model: SchemaModel): Promise<void> {
  if (model.tables.length === 0) return;
  const { error } = await machineryQuery(db, installSql(model.tables.map((t) => t.name), [], ['insert', 'update', 'delete', 'truncate']));
  if (error) throw new Error(`the change capture cannot be set up: ${String(error.message)}`);
}

/** What the statements since the transaction began changed, per {@link installStandingCapture}. */
export async function readStandingCapture(db: ProtocolDatabase, model: SchemaModel): Promise<LoggedChange[]> {
  if (model.tables.length === 0) return [];
  const json = (await machineryQuery(db, readLogSql([]))).rows[0]?.[0];
  return json ? parseLog(json, model) : [];
}

/**
 * Which rows a statement touched, directly and through referential actions. Around a
 * data-modifying statement, statement-level triggers on the tables it may change write
 * the old and new rows (as jsonb) to a temporary log; right after, the log is read and all
 * of it is dropped. Everything lives in the session's temporary
 * schema and exists only for that statement, so the reader's catalog queries, results and
 * the schema diagram never see it.
 */
import { queryMessage, type BackendMessage } from '../sql/protocol.ts';
import type { ProtocolDatabase } from '../sql/session.ts';
import type { SchemaModel } from './introspect.ts';

export type RowOp = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

export interface LoggedChange {
  table: string;
  op: RowOp;
  old?: Record<string, unknown>;
  new?: Record<string, unknown>;
}

const LOG = 'pg_temp.vault_kb_changes';
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
      const acts = fk.onDelete !== 'NO ACTION' && fk.onDelete !== 'RESTRICT' || fk.onUpdate !== 'NO ACTION' && fk.onUpdate !== 'RESTRICT';
      if (acts && reached.has(fk.refTable) && !reached.has(fk.table)) {
        reached.add(fk.table);
        grew = true;
      }
    }
  }
  if (model.tables.some((t) => reached.has(t.name) && t.hasTriggers)) return all;
  return [...reached];
}

const quoteName = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

/**
 * Statement-level triggers with transition tables: one INSERT … SELECT per statement and
 * table, not a trigger call per row (a row trigger logging 1,000 rows took ~100 ms).
 * They also see the rows changed by referential actions. An UPDATE's old and new rows
 * are paired by their order in the two transition tables, which PostgreSQL fills together.
 * Names are the machinery's own (`vault_kb_new`, `n.*`) so a reader's columns called `n`
 * or `o` cannot shadow them. No sequence anywhere (no serial column either): a
 * `nextval` would become the reader's `lastval()`, and dropping its sequence would leave
 * `lastval()` undefined. The log is read back in the order it was written (`ctid`: the
 * table is only ever appended to).
 */
function installSql(tables: string[]): string {
  const fn = (op: string, insert: string) => `CREATE OR REPLACE FUNCTION pg_temp.${PREFIX}_${op}() RETURNS trigger LANGUAGE plpgsql AS $vault_kb$
BEGIN
  ${insert};
  RETURN NULL;
END $vault_kb$`;
  return [
    `CREATE TEMP TABLE IF NOT EXISTS vault_kb_changes (rel oid, op text, old jsonb, new jsonb)`,
    fn('insert', `INSERT INTO ${LOG} (rel, op, new) SELECT TG_RELID, TG_OP, to_jsonb(n.*) FROM vault_kb_new n`),
    fn('delete', `INSERT INTO ${LOG} (rel, op, old) SELECT TG_RELID, TG_OP, to_jsonb(o.*) FROM vault_kb_old o`),
    fn(
      'update',
      `INSERT INTO ${LOG} (rel, op, old, new) SELECT TG_RELID, TG_OP, o.j, n.j
         FROM (SELECT row_number() OVER () AS i, to_jsonb(o.*) AS j FROM vault_kb_old o) o
         JOIN (SELECT row_number() OVER () AS i, to_jsonb(n.*) AS j FROM vault_kb_new n) n USING (i)`,
    ),
    fn('truncate', `INSERT INTO ${LOG} (rel, op) VALUES (TG_RELID, TG_OP)`),
    ...tables.flatMap((t) => {
      const on = quoteName(t);
      return [
        `CREATE TRIGGER ${PREFIX}_insert AFTER INSERT ON ${on} REFERENCING NEW TABLE AS vault_kb_new FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.${PREFIX}_insert()`,
        `CREATE TRIGGER ${PREFIX}_delete AFTER DELETE ON ${on} REFERENCING OLD TABLE AS vault_kb_old FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.${PREFIX}_delete()`,
        `CREATE TRIGGER ${PREFIX}_update AFTER UPDATE ON ${on} REFERENCING OLD TABLE AS vault_kb_old NEW TABLE AS vault_kb_new FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.${PREFIX}_update()`,
        `CREATE TRIGGER ${PREFIX}_truncate AFTER TRUNCATE ON ${on} FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.${PREFIX}_truncate()`,
      ];
    }),
  ].join(';\n');
}

function removeSql(tables: string[]): string {
  return [
    ...tables.flatMap((t) => ['insert', 'delete', 'update', 'truncate'].map((op) => `DROP TRIGGER IF EXISTS ${PREFIX}_${op} ON ${quoteName(t)}`)),
    ...['insert', 'delete', 'update', 'truncate'].map((op) => `DROP FUNCTION IF EXISTS pg_temp.${PREFIX}_${op}()`),
    `DROP TABLE IF EXISTS ${LOG}`,
  ].join(';\n');
}

async function exec(db: ProtocolDatabase, sql: string): Promise<BackendMessage[]> {
  return (await db.execProtocol(queryMessage(sql), { throwOnError: false })).messages as BackendMessage[];
}

/**
 * Runs `run` (the reader's statement) with the capture around it, on the tables it may
 * change. Returns what `run` returned and the log; no log when the capture could not be set
 * up (the reader's transaction has failed) or the statement failed (its changes, and their
 * log, are rolled back).
 */
export async function withCapture<T>(
  db: ProtocolDatabase,
  model: SchemaModel,
  tables: string[],
  run: () => Promise<T>,
): Promise<{ result: T; log?: LoggedChange[] }> {
  if (tables.length === 0) return { result: await run() };
  const installed = (await exec(db, installSql(tables))).every((m) => m.name !== 'error');
  const result = await run();
  let log: LoggedChange[] | undefined;
  if (installed) {
    const names = new Map(model.tables.map((t) => [String(t.oid), t.name]));
    const rows = await exec(db, `SELECT rel, op, old::text, new::text FROM ${LOG} ORDER BY ctid`);
    if (rows.every((m) => m.name !== 'error')) {
      log = rows
        .filter((m) => m.name === 'dataRow')
        .map((m) => {
          const [rel, op, old, next] = m.fields as (string | null)[];
          return {
            table: names.get(String(rel)) ?? `oid ${rel}`,
            op: op as RowOp,
            ...(old ? { old: JSON.parse(old) as Record<string, unknown> } : {}),
            ...(next ? { new: JSON.parse(next) as Record<string, unknown> } : {}),
          };
        });
    }
  }
  // In a transaction the statement made fail, this fails too; the transaction's end
  // (ROLLBACK, or COMMIT, which then rolls back) takes the machinery with it.
  await exec(db, removeSql(tables));
  return { result, log };
}

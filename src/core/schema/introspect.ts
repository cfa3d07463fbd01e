/**
 * The live schema of a database, read from PostgreSQL's catalogs in one query: tables of
 * the reader's schemas (never pg_catalog, information_schema, TOAST or temporary ones,
 * where the change capture keeps its machinery), their columns, primary keys, unique
 * constraints and unique indexes, foreign keys with their actions, and which tables have
 * triggers of their own.
 */
import { queryMessage, type BackendMessage } from '../sql/protocol.ts';
import type { ForeignKey, ReferentialAction, SchemaColumn, SchemaModel, SchemaTable } from './types.ts';

// Kept here too for the importers on other branches (src/scripts/sql, src/core/lab); new code imports ./types.ts.
export type { ForeignKey, ReferentialAction, SchemaColumn, SchemaKey, SchemaModel, SchemaTable } from './types.ts';

export const SCHEMA_QUERY = `
WITH rels AS (
  SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
)
SELECT json_build_object(
  'tables', (SELECT coalesce(json_agg(json_build_object(
      'oid', r.oid, 'schema', r.nspname, 'name', r.relname,
      'columns', (SELECT coalesce(json_agg(json_build_object(
          'num', a.attnum, 'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
          'notNull', a.attnotnull, 'hasDefault', a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',
          'generated', a.attgenerated <> '') ORDER BY a.attnum), '[]')
        FROM pg_catalog.pg_attribute a WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped),
      'hasTriggers', EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = r.oid AND NOT t.tgisinternal)
    ) ORDER BY r.nspname, r.relname), '[]') FROM rels r),
  'constraints', (SELECT coalesce(json_agg(json_build_object(
      'name', co.conname, 'type', co.contype, 'table', co.conrelid, 'columns', co.conkey,
      'refTable', co.confrelid, 'refColumns', co.confkey, 'onDelete', co.confdeltype, 'onUpdate', co.confupdtype) ORDER BY co.conname), '[]')
    FROM pg_catalog.pg_constraint co WHERE co.conrelid IN (SELECT oid FROM rels) AND co.contype IN ('p', 'u', 'f')),
  'uniqueIndexes', (SELECT coalesce(json_agg(json_build_object('name', ic.relname, 'table', i.indrelid, 'columns', i.indkey::int2[]) ORDER BY ic.relname), '[]')
    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    WHERE i.indrelid IN (SELECT oid FROM rels) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co WHERE co.conindid = i.indexrelid))
)::text`;

const ACTIONS: Record<string, ReferentialAction> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

interface RawTable {
  oid: number;
  schema: string;
  name: string;
  columns: (SchemaColumn & { num: number })[];
  hasTriggers: boolean;
}
interface RawConstraint {
  name: string;
  type: 'p' | 'u' | 'f';
  table: number;
  columns: number[];
  refTable: number;
  refColumns: number[] | null;
  onDelete: string;
  onUpdate: string;
}

export function parseSchema(json: string): SchemaModel {
  const raw = JSON.parse(json) as { tables: RawTable[]; constraints: RawConstraint[]; uniqueIndexes: { name: string; table: number; columns: number[] }[] };
  const byOid = new Map(raw.tables.map((t) => [t.oid, t]));
  const nameOf = (t: RawTable) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`);
  const columnsOf = (oid: number, nums: number[]) => nums.map((n) => byOid.get(oid)?.columns.find((c) => c.num === n)?.name ?? `#${n}`);
  const tables = new Map<number, SchemaTable>(
    raw.tables.map((t) => [
      t.oid,
      {
        oid: t.oid,
        name: nameOf(t),
        columns: t.columns.map(({ num: _num, generated, ...column }) => (generated ? { ...column, generated } : column)),
        uniques: [],
        hasTriggers: t.hasTriggers,
      },
    ]),
  );
  const foreignKeys: ForeignKey[] = [];
  for (const c of raw.constraints) {
    const table = tables.get(c.table)!;
    const key = { name: c.name, columns: columnsOf(c.table, c.columns) };
    if (c.type === 'p') table.primaryKey = key;
    else if (c.type === 'u') table.uniques.push(key);
    else {
      const ref = byOid.get(c.refTable);
      if (!ref) continue;
      foreignKeys.push({
        name: c.name,
        table: table.name,
        columns: key.columns,
        refTable: nameOf(ref),
        refColumns: columnsOf(c.refTable, c.refColumns ?? []),
        onDelete: ACTIONS[c.onDelete] ?? 'NO ACTION',
        onUpdate: ACTIONS[c.onUpdate] ?? 'NO ACTION',
      });
    }
  }
  for (const index of raw.uniqueIndexes) tables.get(index.table)?.uniques.push({ name: index.name, columns: columnsOf(index.table, index.columns) });
  return { tables: [...tables.values()], foreignKeys };
}

/** The schema, or undefined when it cannot be read now (the reader's transaction has failed). */
export async function readSchema(db: { execProtocol(m: Uint8Array, o: { throwOnError: false }): Promise<{ messages: readonly unknown[] }> }): Promise<SchemaModel | undefined> {
  const { messages } = await db.execProtocol(queryMessage(SCHEMA_QUERY), { throwOnError: false });
  const row = (messages as BackendMessage[]).find((m) => m.name === 'dataRow');
  return row ? parseSchema((row.fields as string[])[0]) : undefined;
}

/**
 * What a run did to the schema's parts, for the diagram to light up: the tables whose rows
 * it changed, the foreign keys whose referential actions changed rows, and the constraint
 * that stopped it: a foreign key (23503 foreign_key_violation, 23001 restrict_violation) or
 * a primary key or unique constraint (23505 unique_violation).
 */
import type { ForeignKey, SchemaModel } from '../../../core/schema/introspect.ts';
import type { BlockRun, SqlError } from '../../../core/sql/results.ts';
import { changeNodes } from '../views/row-changes.ts';

export interface Highlight {
  tables: Set<string>;
  /** Foreign keys, by {@link edgeKey}, whose actions changed rows. */
  fired: Set<string>;
  /** The foreign key, by {@link edgeKey}, that stopped the run. */
  blocker?: string;
  /** The primary key or unique constraint that stopped it. */
  blockedKey?: { table: string; columns: string[] };
}

export const NO_HIGHLIGHT: Highlight = { tables: new Set(), fired: new Set() };

/** Constraint names are unique per table only: a foreign key is its table and its name. */
export const edgeKey = (table: string, constraint: string) => `${table}|${constraint}`;

const FOREIGN_KEY_ERRORS = new Set(['23503', '23001']);

/**
 * The schema model's name of the table an error names: PostgreSQL reports a foreign key's
 * violation on the referencing table, whichever side the statement changed.
 */
function tableOf(error: SqlError): string | undefined {
  if (!error.table) return undefined;
  return !error.schema || error.schema === 'public' ? error.table : `${error.schema}.${error.table}`;
}

export function blockingForeignKey(error: SqlError | undefined, schema: SchemaModel | undefined): ForeignKey | undefined {
  if (!error?.constraint || !FOREIGN_KEY_ERRORS.has(error.code)) return undefined;
  const table = tableOf(error);
  return schema?.foreignKeys.find((fk) => fk.name === error.constraint && (!table || fk.table === table));
}

function blockingKey(error: SqlError | undefined, schema: SchemaModel | undefined): Highlight['blockedKey'] {
  if (error?.code !== '23505' || !error.constraint) return undefined;
  const table = schema?.tables.find((t) => t.name === tableOf(error));
  const key = [...(table?.primaryKey ? [table.primaryKey] : []), ...(table?.uniques ?? [])].find((k) => k.name === error.constraint);
  return table && key ? { table: table.name, columns: key.columns } : undefined;
}

export function highlightOf(run: BlockRun, schema: SchemaModel | undefined): Highlight {
  const highlight: Highlight = { tables: new Set(), fired: new Set() };
  for (const statement of run.statements) {
    for (const node of changeNodes(statement.changes)) {
      highlight.tables.add(node.table);
      if (node.cause.kind === 'referential') highlight.fired.add(edgeKey(node.table, node.cause.constraint));
    }
  }
  const blocker = blockingForeignKey(run.error, schema);
  if (blocker) highlight.blocker = edgeKey(blocker.table, blocker.name);
  const blockedKey = blockingKey(run.error, schema);
  if (blockedKey) highlight.blockedKey = blockedKey;
  return highlight;
}

/**
 * What each foreign key means, inferred from the constraints alone, whatever the schema:
 *
 * - one-to-one: the referencing columns are covered by the table's primary key or a
 *   unique constraint (at most one row per referenced row), the shared-primary-key form
 *   (the primary key is the foreign key) included;
 * - many-to-one (one-to-many seen from the other side): otherwise;
 * - many-to-many: a table whose primary key or a unique constraint is exactly the columns
 *   of two of its foreign keys associates the two tables they reference (with or without a
 *   surrogate key of its own).
 *
 * Self-references and multi-column keys are the same rules applied to the column sets.
 */
import { fill } from '../i18n/format.ts';
import type { SchemaWords } from './changes.ts';
import type { ForeignKey, SchemaModel, SchemaTable } from './introspect.ts';

export interface Relationship {
  foreignKey: ForeignKey;
  kind: 'one-to-one' | 'many-to-one';
  /** The referencing columns may be NULL: the reference is optional. */
  optional: boolean;
  selfReference: boolean;
  /** The foreign key is the table's primary key. */
  sharedPrimaryKey: boolean;
}

export interface ManyToMany {
  /** The association table and its two foreign keys. */
  via: string;
  left: ForeignKey;
  right: ForeignKey;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));
const subset = (a: readonly string[], b: readonly string[]) => a.every((c) => b.includes(c));

function keysOf(table: SchemaTable): string[][] {
  return [...(table.primaryKey ? [table.primaryKey.columns] : []), ...table.uniques.map((u) => u.columns)];
}

export function relationshipsOf(model: SchemaModel): Relationship[] {
  const tables = new Map(model.tables.map((t) => [t.name, t]));
  return model.foreignKeys.map((fk) => {
    const table = tables.get(fk.table);
    const keys = table ? keysOf(table) : [];
    const oneToOne = keys.some((key) => key.length > 0 && subset(key, fk.columns));
    const columns = table?.columns ?? [];
    return {
      foreignKey: fk,
      kind: oneToOne ? 'one-to-one' : 'many-to-one',
      optional: fk.columns.some((name) => !columns.find((c) => c.name === name)?.notNull),
      selfReference: fk.table === fk.refTable,
      sharedPrimaryKey: !!table?.primaryKey && sameSet(table.primaryKey.columns, fk.columns),
    };
  });
}

export function manyToManyOf(model: SchemaModel): ManyToMany[] {
  const found: ManyToMany[] = [];
  for (const table of model.tables) {
    const fks = model.foreignKeys.filter((fk) => fk.table === table.name);
    const keys = keysOf(table);
    for (let i = 0; i < fks.length; i++) {
      for (let j = i + 1; j < fks.length; j++) {
        const [left, right] = [fks[i], fks[j]];
        if (left.columns.some((c) => right.columns.includes(c))) continue;
        const both = [...left.columns, ...right.columns];
        const key = keys.find((k) => sameSet(k, both));
        if (!key) continue;
        // In the order the key names them: PRIMARY KEY (user_id, city_id) is users ↔ cities.
        const [first, second] = key.indexOf(left.columns[0]) < key.indexOf(right.columns[0]) ? [left, right] : [right, left];
        found.push({ via: table.name, left: first, right: second });
      }
    }
  }
  return found;
}

function columnsText(table: string, columns: readonly string[]): string {
  return columns.length === 1 ? `${table}.${columns[0]}` : `${table}.(${columns.join(', ')})`;
}

function actionsText(fk: ForeignKey): string {
  return [
    ...(fk.onDelete !== 'NO ACTION' ? [`ON DELETE ${fk.onDelete}`] : []),
    ...(fk.onUpdate !== 'NO ACTION' ? [`ON UPDATE ${fk.onUpdate}`] : []),
  ].join(', ');
}

/** "profiles.user_id → users.id: one-to-one, ON DELETE CASCADE", in the words of `t`. */
export function describeRelationship(r: Relationship, t: SchemaWords): string {
  const fk = r.foreignKey;
  const details = [
    r.kind === 'one-to-one' ? t.oneToOne : t.manyToOne,
    ...(r.selfReference ? [t.selfReference] : []),
    ...(r.sharedPrimaryKey ? [t.sharedPrimaryKey] : []),
    ...(r.optional ? [t.optional] : []),
    ...(actionsText(fk) ? [actionsText(fk)] : []),
  ];
  return `${columnsText(fk.table, fk.columns)} → ${columnsText(fk.refTable, fk.refColumns)}: ${details.join(', ')}`;
}

/** "users ↔ cities: many-to-many through user_cities", in the words of `t`. */
export function describeManyToMany(m: ManyToMany, t: SchemaWords): string {
  return `${m.left.refTable} ↔ ${m.right.refTable}: ${fill(t.manyToMany, { via: m.via })}`;
}

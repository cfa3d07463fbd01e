/**
 * The diagram in words, for readers who do not see it and for anyone who prefers a list:
 * each relationship as core/schema/relationships.ts words it in the page's language
 * ("profiles.user_id → users.id: one-to-one, ON DELETE CASCADE"), each many-to-many, and each table with its columns and
 * keys in SQL's own terms.
 */
import type { SchemaModel, SchemaTable } from '../../../core/schema/introspect.ts';
import type { SchemaWords } from '../../../core/schema/changes.ts';
import { describeManyToMany, describeRelationship, manyToManyOf, relationshipsOf } from '../../../core/schema/relationships.ts';

export function relationshipLines(model: SchemaModel, t: SchemaWords): string[] {
  return [...relationshipsOf(model).map((r) => describeRelationship(r, t)), ...manyToManyOf(model).map((m) => describeManyToMany(m, t))];
}

/** "profiles: id integer PRIMARY KEY, user_id integer NOT NULL UNIQUE"; keys of several columns after a semicolon. */
export function tableLine(table: SchemaTable): string {
  const single = (columns: string[] | undefined, name: string) => columns?.length === 1 && columns[0] === name;
  const columns = table.columns.map((c) => {
    const primary = single(table.primaryKey?.columns, c.name);
    return [
      c.name,
      c.type,
      ...(primary ? ['PRIMARY KEY'] : c.notNull ? ['NOT NULL'] : []),
      ...(table.uniques.some((u) => single(u.columns, c.name)) ? ['UNIQUE'] : []),
    ].join(' ');
  });
  const keys = [
    ...(table.primaryKey && table.primaryKey.columns.length > 1 ? [`PRIMARY KEY (${table.primaryKey.columns.join(', ')})`] : []),
    ...table.uniques.filter((u) => u.columns.length > 1).map((u) => `UNIQUE (${u.columns.join(', ')})`),
  ];
  return `${table.name}: ${[columns.join(', '), ...keys].join('; ')}`;
}

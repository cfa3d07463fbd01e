/**
 * Names and values written into SQL the machinery generates (change capture, reset, table
 * views, the lab), quoted the one way PostgreSQL reads them: identifiers in double quotes
 * with `"` doubled, literals in single quotes with `'` doubled (standard_conforming_strings
 * is on, so a backslash is an ordinary character). Checked on PGlite in
 * tests/unit/sql-quote.test.ts.
 */

/** `order "items"` → `"order ""items"""`: any name, case and dots kept. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `it's` → `'it''s'`. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A table as the schema model names it (schema/introspect.ts): `users` in the public
 * schema, `sales.orders` elsewhere. The part before the first dot is the schema, so a table
 * name may hold dots (a schema name with one cannot be told apart, and is not supported).
 */
export function quoteTable(modelName: string): string {
  const dot = modelName.indexOf('.');
  return dot === -1 ? quoteIdentifier(modelName) : `${quoteIdentifier(modelName.slice(0, dot))}.${quoteIdentifier(modelName.slice(dot + 1))}`;
}

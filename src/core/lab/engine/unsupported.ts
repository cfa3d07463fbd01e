/**
 * The schema features the lab models, as an allow-list over the catalog, read after the setup
 * ran: relations that are plain tables, views, materialized views, sequences, indexes or
 * composite types; constraints that are primary keys, unique keys (partial, expression and
 * NULLS NOT DISTINCT unique indexes included), foreign keys, CHECKs, NOT NULL (a catalog row
 * since PostgreSQL 18), none of them deferrable;
 * ordinary triggers. Anything else would make some step come out differently from PostgreSQL
 * without a word (a partition's rows live in two tables, an exclusion constraint makes inserts
 * wait on ranges, a deferred check runs at COMMIT, a policy hides rows): the scenario is
 * refused at once, naming what is in the way.
 */
import { machineryQuery } from '../../sql/machinery-query.ts';
import type { ProtocolDatabase } from '../../sql/session.ts';
import { labMessage, type LabText, type LabTextStrings } from '../lab-text.ts';

const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** Each finding as the string table's `labText.findings` key, the object's name and, for some, its table. */
const FINDINGS = `
SELECT CASE c.relkind WHEN 'p' THEN 'partitionedTable' WHEN 'f' THEN 'foreignTable' WHEN 'I' THEN 'partitionedIndex' ELSE 'relation' END, c.relname, NULL
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind NOT IN ('r', 'v', 'm', 'S', 'i', 'c') AND ${USER_SCHEMA}
UNION ALL
SELECT 'inherits', c.relname, p.relname FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_SCHEMA} AND p.relkind <> 'p' AND c.relkind IN ('r', 'f')
UNION ALL
SELECT CASE con.contype WHEN 'x' THEN 'exclusionConstraint' WHEN 't' THEN 'constraintTrigger' ELSE 'constraint' END, con.conname, NULL
  FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
  WHERE con.contype NOT IN ('p', 'u', 'f', 'c', 'n') AND ${USER_SCHEMA}
UNION ALL
SELECT 'deferrable', con.conname, NULL FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
  WHERE ${USER_SCHEMA} AND ((con.contype IN ('p', 'u') AND con.condeferrable) OR (con.contype = 'f' AND con.condeferred))
UNION ALL
SELECT 'rule', r.rulename, c.relname FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE r.rulename <> '_RETURN' AND ${USER_SCHEMA}
UNION ALL
SELECT 'rowSecurity', c.relname, NULL FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relrowsecurity AND ${USER_SCHEMA}`;

/** What in the database the lab cannot model, one text each; empty when nothing. */
export async function unsupportedFeatures(db: ProtocolDatabase): Promise<LabText[]> {
  const { rows, error } = await machineryQuery(db, FINDINGS);
  if (error) throw new Error(`lab engine: ${String(error.message)}`);
  return rows.map(([key, name, parent]) =>
    labMessage('findings', String(key) as keyof LabTextStrings['findings'], { name: String(name), ...(parent === null ? {} : { parent: String(parent) }) }),
  );
}

/**
 * Schema features the lab does not model, found after the setup ran: each would make some
 * step come out differently from PostgreSQL without a word (a partition's rows live in two
 * tables, an exclusion constraint makes inserts wait on ranges, a deferred check runs at
 * COMMIT). The scenario is refused at once, naming what is in the way.
 */
import { machineryQuery } from '../../sql/machinery-query.ts';
import type { ProtocolDatabase } from '../../sql/session.ts';

const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

const FINDINGS = `
SELECT format('the partitioned table %s', c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'p' AND ${USER_SCHEMA}
UNION ALL
SELECT format('the table %s, which inherits from %s', c.relname, p.relname) FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_SCHEMA} AND p.relkind <> 'p' AND c.relkind IN ('r', 'f')
UNION ALL
SELECT format('the exclusion constraint %s', con.conname) FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
  WHERE con.contype = 'x' AND ${USER_SCHEMA}
UNION ALL
SELECT format('the deferrable constraint %s', con.conname) FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
  WHERE ${USER_SCHEMA} AND ((con.contype IN ('p', 'u') AND con.condeferrable) OR (con.contype = 'f' AND con.condeferred))
UNION ALL
SELECT format('the rule %s on %s', r.rulename, c.relname) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE r.rulename <> '_RETURN' AND ${USER_SCHEMA}`;

/** What in the database the lab cannot model, in words; empty when nothing. */
export async function unsupportedFeatures(db: ProtocolDatabase): Promise<string[]> {
  const { rows, error } = await machineryQuery(db, FINDINGS);
  if (error) throw new Error(`lab engine: ${String(error.message)}`);
  return rows.map(([finding]) => String(finding));
}

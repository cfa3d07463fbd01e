/**
 * Bringing a PGlite database back to its freshly booted state without booting it again
 * (a boot costs ~0.4 s in Node, more in a browser): open and prepared transactions rolled
 * back, session state discarded, every schema, extension, role and large object made since
 * dropped. A fingerprint of the catalogs then proves it is back where it started. Used by
 * `npm run check`'s reused databases (node-database.ts) and the isolation lab's worker,
 * which resets one database between runs. Browser-safe.
 */
import { machineryQuery } from './machinery-query.ts';
import type { ProtocolDatabase } from './protocol.ts';
import { quoteLiteral } from './quote.ts';

/** Runs SQL outside the reader's view; returns the rows' text values. */
async function rows(db: ProtocolDatabase, sql: string): Promise<(string | null)[][]> {
  return (await machineryQuery(db, sql)).rows;
}

/** Counts of every catalog a page could add to. (Session settings are reset by DISCARD ALL.) */
const FINGERPRINT = `SELECT concat_ws(',',
  (SELECT count(*) FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'), (SELECT count(*) FROM pg_class), (SELECT count(*) FROM pg_type),
  (SELECT count(*) FROM pg_proc), (SELECT count(*) FROM pg_extension), (SELECT count(*) FROM pg_authid),
  (SELECT count(*) FROM pg_database), (SELECT count(*) FROM pg_event_trigger), (SELECT count(*) FROM pg_publication),
  (SELECT count(*) FROM pg_foreign_data_wrapper), (SELECT count(*) FROM pg_foreign_server), (SELECT count(*) FROM pg_cast),
  (SELECT count(*) FROM pg_operator), (SELECT count(*) FROM pg_collation), (SELECT count(*) FROM pg_language),
  (SELECT count(*) FROM pg_opclass), (SELECT count(*) FROM pg_largeobject_metadata), (SELECT count(*) FROM pg_prepared_xacts),
  (SELECT count(*) FROM pg_db_role_setting), (SELECT count(*) FROM pg_ts_config), (SELECT count(*) FROM pg_default_acl),
  (SELECT count(*) FROM pg_shdescription), (SELECT count(*) FROM pg_description), (SELECT count(*) FROM pg_trigger),
  (SELECT md5(coalesce(string_agg(nspacl::text, ',' ORDER BY nspname), '')) FROM pg_namespace),
  current_user, current_database())`;

/** What a freshly booted database holds, read once after the boot. */
export interface Baseline {
  fingerprint: string;
  schemas: string[];
  extensions: string[];
  roles: string[];
}

function literalArray(values: string[]): string {
  return `ARRAY[${values.map(quoteLiteral).join(',')}]::text[]`;
}

const RESET = (baseline: Baseline) => `
DO $reset$ DECLARE r record; BEGIN
  FOR r IN SELECT gid FROM pg_prepared_xacts LOOP EXECUTE format('ROLLBACK PREPARED %L', r.gid); END LOOP;
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> ALL (${literalArray(baseline.extensions)}) LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname); END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace WHERE nspname <> ALL (${literalArray(baseline.schemas)})
      AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname); END LOOP;
  DROP SCHEMA public CASCADE;
  CREATE SCHEMA public AUTHORIZATION pg_database_owner;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
  COMMENT ON SCHEMA public IS 'standard public schema';
  FOR r IN SELECT rolname FROM pg_roles WHERE rolname <> ALL (${literalArray(baseline.roles)}) LOOP
    EXECUTE format('DROP OWNED BY %I CASCADE', r.rolname); EXECUTE format('DROP ROLE %I', r.rolname); END LOOP;
  PERFORM lo_unlink(oid) FROM pg_largeobject_metadata;
  EXECUTE format('ALTER DATABASE %I RESET ALL', current_database());
  EXECUTE format('ALTER ROLE %I RESET ALL', current_user);
END $reset$;`;

export async function readBaseline(db: ProtocolDatabase): Promise<Baseline> {
  return {
    fingerprint: String((await rows(db, FINGERPRINT))[0][0]),
    schemas: (await rows(db, 'SELECT nspname FROM pg_namespace')).map((r) => String(r[0])),
    extensions: (await rows(db, 'SELECT extname FROM pg_extension')).map((r) => String(r[0])),
    roles: (await rows(db, 'SELECT rolname FROM pg_roles')).map((r) => String(r[0])),
  };
}

/** Back to `baseline`; false when that could not be proven (the caller then boots a fresh database). */
export async function resetDatabase(db: ProtocolDatabase, baseline: Baseline): Promise<boolean> {
  // A page may leave a transaction open, or failed; ROLLBACK ends either (a warning otherwise).
  await rows(db, 'ROLLBACK');
  // Alone: DISCARD ALL refuses to run inside the implicit transaction of a multi-statement query.
  await rows(db, 'DISCARD ALL');
  await rows(db, RESET(baseline));
  const after = await rows(db, FINGERPRINT).catch(() => []);
  return after[0]?.[0] === baseline.fingerprint;
}

/**
 * PGlite databases for `npm run check`, in Node. Booting one from the prebuilt data
 * directory takes ~0.4 s, too slow to give every page a fresh one; so a database is reused
 * page after page and brought back to its freshly booted state in between: open and
 * prepared transactions rolled back, session state discarded, every schema, extension,
 * role and large object a page made dropped. A fingerprint of the catalogs then proves it
 * is back where it started; when it is not (a page made something the reset does not
 * know), the database is thrown away and a fresh one booted.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { queryMessage, type BackendMessage } from './protocol.ts';
import type { DatabaseLease } from './doc-test.ts';

const require = createRequire(import.meta.url);

interface Resources {
  dataDir: Blob;
  wasm: WebAssembly.Module;
  fsBundle: Blob;
}

let resources: Promise<Resources> | undefined;

function loadResources(dataDirFile: string): Promise<Resources> {
  resources ??= (async () => ({
    dataDir: new Blob([await readFile(dataDirFile)]),
    wasm: await WebAssembly.compile(await readFile(require.resolve('@electric-sql/pglite/pglite.wasm'))),
    fsBundle: new Blob([await readFile(require.resolve('@electric-sql/pglite/pglite.data'))]),
  }))();
  return resources;
}

/** Runs SQL outside the reader's view; returns the rows' text values. */
async function rows(db: PGlite, sql: string): Promise<(string | null)[][]> {
  const { messages } = await db.execProtocol(queryMessage(sql), { throwOnError: false });
  return (messages as BackendMessage[]).filter((m) => m.name === 'dataRow').map((m) => m.fields as (string | null)[]);
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

function literalArray(values: string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

interface Baseline {
  fingerprint: string;
  schemas: string[];
  extensions: string[];
  roles: string[];
}

export class NodeDatabase {
  readonly db: PGlite;
  private readonly baseline: Baseline;

  private constructor(db: PGlite, baseline: Baseline) {
    this.db = db;
    this.baseline = baseline;
  }

  static async boot(dataDirFile: string): Promise<NodeDatabase> {
    const { dataDir, wasm, fsBundle } = await loadResources(dataDirFile);
    const db = await PGlite.create({ loadDataDir: dataDir, pgliteWasmModule: wasm, fsBundle });
    const baseline: Baseline = {
      fingerprint: String((await rows(db, FINGERPRINT))[0][0]),
      schemas: (await rows(db, 'SELECT nspname FROM pg_namespace')).map((r) => String(r[0])),
      extensions: (await rows(db, 'SELECT extname FROM pg_extension')).map((r) => String(r[0])),
      roles: (await rows(db, 'SELECT rolname FROM pg_roles')).map((r) => String(r[0])),
    };
    return new NodeDatabase(db, baseline);
  }

  /** Back to the freshly booted state; false when that could not be proven. */
  async reset(): Promise<boolean> {
    // A page may leave a transaction open, or failed; ROLLBACK ends either (a warning otherwise).
    await rows(this.db, 'ROLLBACK');
    // Alone: DISCARD ALL refuses to run inside the implicit transaction of a multi-statement query.
    await rows(this.db, 'DISCARD ALL');
    await rows(this.db, RESET(this.baseline));
    const after = await rows(this.db, FINGERPRINT).catch(() => []);
    return after[0]?.[0] === this.baseline.fingerprint;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * Databases for one thread of `npm run check`: one kept between pages and reset each time,
 * or a freshly booted one for a page whose output depends on transaction ids or OIDs,
 * which a reused database would not reproduce.
 */
export class DatabasePool {
  private idle?: NodeDatabase;
  private readonly dataDirFile: string;

  constructor(dataDirFile: string) {
    this.dataDirFile = dataDirFile;
  }

  async lease(fresh: boolean): Promise<NodeDatabase> {
    if (!fresh && this.idle) {
      const db = this.idle;
      this.idle = undefined;
      return db;
    }
    return NodeDatabase.boot(this.dataDirFile);
  }

  async release(db: NodeDatabase): Promise<void> {
    if (!this.idle && (await db.reset().catch(() => false))) this.idle = db;
    else await db.close();
  }

  /** A lease for checkNoteSql: a database, and giving it back. */
  readonly open = async (fresh: boolean): Promise<DatabaseLease> => {
    const db = await this.lease(fresh);
    return { db: db.db, release: () => this.release(db) };
  };

  async close(): Promise<void> {
    await this.idle?.close();
    this.idle = undefined;
  }
}

/**
 * A PostgreSQL data directory made once by `initdb` in PGlite and saved as a gzipped tar:
 * booting from it skips initdb (in Chromium ~1.3 s instead of ~3.9 s from click to first
 * result). The site serves it to the browser, and `npm run check` boots from it too.
 * Cached on disk per PGlite version, so builds after the first do not run initdb.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);

/** The installed PGlite's version (its package.json is not among its exports, so found by path). */
export function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const manifest = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Where generated files are cached between builds: the project's `node_modules/.cache`. */
export const DEFAULT_CACHE_DIR = path.resolve('node_modules/.cache/vault-kb');

/**
 * initdb's WAL segments of 1 MB instead of 16 MB. The data directory is loaded into every
 * database's in-memory files (two on a page with SQL blocks and a lab), and its one segment
 * was 16 MB of a 40 MB tar (29.5 MB with seven small ones, 23.5 MB with the one kept below);
 * min_wal_size and max_wal_size scale with it (5 MB and 64 MB), so a note that writes much
 * keeps less WAL in memory too.
 */
const INITDB_ARGS = ['--wal-segsize=1'];

/** A WAL segment's file name: timeline, log and segment, 8 hex digits each. */
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/**
 * After initdb, pg_wal holds seven 1 MB segments: the ones initdb filled and the ones a
 * checkpoint recycled for later use. Only the segments from the last checkpoint's redo point
 * to the current insert position are needed to start (PostgreSQL creates a missing future
 * segment when it gets there, and never reads one before the redo point), and every segment
 * kept is memory in each database the browser boots. So a checkpoint, then the rest deleted.
 */
async function dropUnneededWal(db: PGlite): Promise<void> {
  await db.exec('CHECKPOINT');
  const { rows } = await db.query<{ redo: string; insert: string }>(
    'SELECT redo_wal_file AS redo, pg_walfile_name(pg_current_wal_insert_lsn()) AS insert FROM pg_control_checkpoint()',
  );
  const { redo, insert } = rows[0];
  const fs = db.Module.FS;
  const walDir = `${db.Module.ENV.PGDATA}/pg_wal`;
  for (const name of fs.readdir(walDir)) {
    if (WAL_SEGMENT.test(name) && (name < redo || name > insert)) fs.unlink(`${walDir}/${name}`);
  }
}

let pending: Promise<string> | undefined;

/** Path of the gzipped data directory in `cacheDir`, made now if it is not there yet. */
export function pgliteDataDir(cacheDir = DEFAULT_CACHE_DIR): Promise<string> {
  pending ??= (async () => {
    const file = path.join(cacheDir, `pglite-${pgliteVersion()}-wal1-trimmed-datadir.tar.gz`);
    if (await stat(file).catch(() => undefined)) return file;
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ initDbStartParams: INITDB_ARGS });
    await dropUnneededWal(db);
    const dump = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
    await db.close();
    await mkdir(cacheDir, { recursive: true });
    // Written aside and renamed, so a build running at the same time never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, dump);
    await rename(partial, file);
    return file;
  })();
  pending.catch(() => (pending = undefined));
  return pending;
}

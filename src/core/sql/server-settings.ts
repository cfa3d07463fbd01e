/**
 * The PostgreSQL settings every PGlite database of vault-kb starts with, as `postgres -c`
 * arguments after PGlite's own: the same in the reader's browser (the SQL runner's and the
 * lab's workers, src/scripts/sql/pglite-boot.ts) and in Node (`npm run check`, the lab's
 * engine, src/node/sql/node-database.ts), so a block sees one server in both.
 */

/**
 * `shared_buffers` 8MB (1,024 pages) instead of the 128MB initdb chose. PGlite's buffer pool
 * is part of its WebAssembly memory, and all of it is touched when the server starts, so each
 * database costs its full size: in Chromium a database's wasm memory held 151 MB with 128MB and
 * 30 MB with 16MB, and 8MB took another 17 MB off a page with SQL, Python and a lab, which has
 * two databases (docs/benchmarks.md). The wiki's tables are small; a bigger one is read from
 * PGlite's in-memory files, a copy away.
 */
export const BUFFER_POOL = '8MB';

/**
 * A sequential scan of a table larger than a quarter of the buffer pool may start where the
 * last scan of it stopped (`synchronize_seqscans`), so with a small pool a big table's rows
 * would come back in another order than on a server with the default 128MB, where that takes a
 * table over 32 MB. Off, every scan starts at the table's first page, as it does there.
 */
export const SERVER_SETTINGS: readonly string[] = ['-c', `shared_buffers=${BUFFER_POOL}`, '-c', 'synchronize_seqscans=off'];

/**
 * The PostgreSQL settings every PGlite database of vault-kb starts with, as `postgres -c`
 * arguments after PGlite's own: the same in the reader's browser (the SQL runner's and the
 * lab's workers, src/scripts/sql/pglite-boot.ts) and in Node (`npm run check`, the lab's
 * engine, src/node/sql/node-database.ts), so a block sees one server in both.
 */

/**
 * `shared_buffers` 16MB (2,048 pages) instead of the 128MB initdb chose. PGlite's buffer pool
 * is part of its WebAssembly memory, and all of it is touched when the server starts, so each
 * database cost its full size: in Chromium a database's wasm memory held 151 MB with 128MB and
 * 30 MB with 16MB (docs/benchmarks.md), and a page with SQL blocks and a lab has two. The
 * wiki's tables are small; a bigger one is read from PGlite's in-memory files, a copy away.
 */
export const SERVER_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];

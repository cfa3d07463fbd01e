/**
 * Where a built site serves ELK's layout engine, below its base: elkjs's worker script,
 * copied from the package by the build (src/shell/published-files.ts) on sites with SQL
 * blocks, whose schema diagrams lay their tables out with it
 * (src/scripts/sql/diagram/layout.ts). Copied rather than bundled: the 1.6 MB script
 * was half of the time Vite spent bundling the site's browser code (docs/benchmarks.md).
 */
export const ELK_WORKER = '_vault/elk/elk-worker.min.js';

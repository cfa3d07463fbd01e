/**
 * `npm run build`: `astro build` (any arguments pass through), then the search index in a
 * fresh, small process. Pagefind needs ~0.8 GB on a 5,000-note vault; run inside Astro's
 * build hook it would add that to the 1.1 GB Astro still holds (docs/benchmarks.md).
 * A plain `astro build` also works: it then indexes inside its own process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { removeEmptyPages } from '../shell/build-guard.ts';
import { buildSearchIndex } from '../shell/search-index.ts';

const args = process.argv.slice(2);
const { values } = parseArgs({ args, options: { outDir: { type: 'string' } }, strict: false });

const code = await new Promise<number>((resolve, reject) => {
  const child = spawn('astro', ['build', ...args], { stdio: 'inherit', env: { ...process.env, VAULT_KB_SEARCH: 'after' } });
  child.on('error', reject);
  child.on('close', (status) => resolve(status ?? 1));
});
const outDir = path.resolve(typeof values.outDir === 'string' ? values.outDir : 'dist');
if (code === 0) {
  await buildSearchIndex(outDir, console);
} else {
  const removed = await removeEmptyPages(outDir);
  if (removed.length > 0) console.error(`build failed: removed ${removed.length} empty page(s) it had written, e.g. ${removed[0]}`);
}
process.exitCode = code;

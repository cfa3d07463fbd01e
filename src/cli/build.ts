/**
 * `npm run build`: `astro build` (any arguments pass through), then the social images and
 * the search index in a fresh, small process. Pagefind needs ~0.8 GB on a 5,000-note vault,
 * and drawing thousands of images ~300 MB; run inside Astro's build hook they would add that
 * to the 1.1 GB Astro still holds (docs/benchmarks.md). A plain `astro build` also works: it
 * then does both inside its own process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { removeEmptyPages } from '../shell/build-guard.ts';
import { buildSearchIndex } from '../shell/search-index.ts';
import { runOgJob, type OgJob } from '../shell/og-images.ts';

const args = process.argv.slice(2);
const { values } = parseArgs({ args, options: { outDir: { type: 'string' } }, strict: false });

// Where the build leaves the list of social images to draw (none when they are off).
const jobDir = await mkdtemp(path.join(os.tmpdir(), 'vault-kb-build-'));
const ogJob = path.join(jobDir, 'og-job.json');
const code = await new Promise<number>((resolve, reject) => {
  const child = spawn('astro', ['build', ...args], { stdio: 'inherit', env: { ...process.env, VAULT_KB_SEARCH: 'after', VAULT_KB_OG_JOB: ogJob } });
  child.on('error', reject);
  child.on('close', (status) => resolve(status ?? 1));
});
const outDir = path.resolve(typeof values.outDir === 'string' ? values.outDir : 'dist');
if (code === 0) {
  const job = await readFile(ogJob, 'utf8').catch(() => undefined);
  if (job) await runOgJob(JSON.parse(job) as OgJob, console);
  await buildSearchIndex(outDir, console);
} else {
  const removed = await removeEmptyPages(outDir);
  if (removed.length > 0) console.error(`build failed: removed ${removed.length} empty page(s) it had written, e.g. ${removed[0]}`);
}
await rm(jobDir, { recursive: true, force: true });
process.exitCode = code;

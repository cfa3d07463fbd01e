/**
 * A site build: `astro build` (its arguments pass through), then the social images and
 * the search index in this fresh, small process. Pagefind needs ~0.8 GB on a 5,000-note vault,
 * and drawing thousands of images ~300 MB; run inside Astro's build hook they would add that
 * to the 1.1 GB Astro still holds (docs/benchmarks.md). Used by `npm run build` and
 * `vault-kb build`. Returns Astro's exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeEmptyPages } from '../shell/build-guard.ts';
import { buildSearchIndex } from '../shell/search-index.ts';
import { runOgJob, type OgJob } from '../shell/og-images.ts';
import { ASTRO_BIN, PROJECT_ROOT } from './project.ts';


export interface BuildRun {
  /** Arguments after `astro build`. */
  astroArgs: string[];
  /** The absolute folder the site is written to. */
  outDir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Vite's bundler, Rolldown, allocates with mimalloc, which by default keeps the memory a
 * bundle freed (~700 MB for the site's client code) for reuse instead of returning it, and
 * Astro then renders every page on top of it. Returning freed pages at once takes the
 * build's peak down by ~400 MB (1,827 to 1,352 MB at 5,000 notes) for no measurable CPU
 * (docs/benchmarks.md). mimalloc reads these when Rolldown loads; a caller's own values win.
 */
const RETURN_FREED_MEMORY = { MIMALLOC_PURGE_DELAY: '0', MIMALLOC_ARENA_EAGER_COMMIT: '0' };

export async function runBuild({ astroArgs, outDir, env }: BuildRun): Promise<number> {
  // Where the build leaves the list of social images to draw (none when they are off).
  const jobDir = await mkdtemp(path.join(os.tmpdir(), 'vault-kb-build-'));
  const ogJob = path.join(jobDir, 'og-job.json');
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_BIN, 'build', ...astroArgs], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
      env: { ...RETURN_FREED_MEMORY, ...env, VAULT_KB_SEARCH: 'after', VAULT_KB_OG_JOB: ogJob },
    });
    child.on('error', reject);
    child.on('close', (status) => resolve(status ?? 1));
  });
  if (code === 0) {
    const job = await readFile(ogJob, 'utf8').catch(() => undefined);
    if (job) await runOgJob(JSON.parse(job) as OgJob, console);
    await buildSearchIndex(outDir, console);
  } else {
    const removed = await removeEmptyPages(outDir);
    if (removed.length > 0) console.error(`build failed: removed ${removed.length} empty page(s) it had written, e.g. ${removed[0]}`);
  }
  await rm(jobDir, { recursive: true, force: true });
  return code;
}

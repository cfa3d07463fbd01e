/**
 * Incremental CI (issue 16): `vault-kb build` of a generated vault with no Astro, read or
 * render cache for it (cold, as a first CI run), then again after one note changed with the
 * caches the CI workflow keeps (warm: notes read and rendered, src/node/site/read-cache.ts
 * and render-cache.ts), in the same run on the same machine; wall and CPU time. PostgreSQL's data directory and
 * the Python packages are cached in both (they do not depend on the vault). No social images
 * (no site URL), as in the default build.
 *
 *   npm run bench:rebuild [-- 1000]
 *
 * Results in bench/.out/results/rebuild.json; docs/benchmarks.md records them.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { READ_CACHE_DIR } from '../src/node/site/read-cache.ts';
import { RENDER_CACHE_DIR } from '../src/node/site/render-cache.ts';
import { writeVault } from './generate-vault.ts';
import { OUT, plain, ROOT, runMeasured, seconds, table, type RunResult } from './lib.ts';

const notes = Number(process.argv[2] ?? 1000);
const vault = path.join(OUT, `rebuild-vault-${notes}`);
const generated = writeVault(vault, notes);
// Inside the project, as bench/build.ts explains.
const out = path.join(OUT, 'builds', `rebuild-${notes}`);
// The integration's per-vault Astro, read and render caches (src/shell/integration.ts, vaultCacheName).
const vaultCache = `vault-${createHash('sha256').update(vault).digest('hex').slice(0, 12)}`;
const astroCache = path.join(ROOT, 'node_modules/.astro', vaultCache);
const renderCache = path.join(ROOT, RENDER_CACHE_DIR, vaultCache);
const readCache = path.join(ROOT, READ_CACHE_DIR, vaultCache);

/** A build's wall and CPU time, and its pages phase (from "generating static routes" to Astro's "Complete!", its post-build hook included). */
async function build(): Promise<{ wall: number; cpu: number; pages: number }> {
  const run: RunResult = await runMeasured(process.execPath, [path.join(ROOT, 'bin/vault-kb.js'), 'build', vault, '--out', out], { env: { ...process.env, SITE_URL: '' } });
  if (run.code !== 0) throw new Error(`vault-kb build failed:\n${run.lines.slice(-20).map((l) => l.text).join('\n')}`);
  const at = (pattern: RegExp) => run.lines.find((l) => pattern.test(plain(l.text)))?.ms ?? Number.NaN;
  return { wall: run.wallMs, cpu: run.cpuMs, pages: at(/\[build\] Complete!/) - at(/generating static routes/) };
}

rmSync(astroCache, { recursive: true, force: true });
rmSync(renderCache, { recursive: true, force: true });
rmSync(readCache, { recursive: true, force: true });
const loadBefore = os.loadavg();
const cold = await build();
const kept = readdirSync(renderCache).length;
// A note other notes link to: its text changes, not its title or headings.
appendFileSync(path.join(vault, generated.notes[1]!.path), '\nChanged for the rebuild benchmark.\n');
const warm = await build();
const load = [loadBefore[0], os.loadavg()[0]].map((l) => l.toFixed(1)).join(' → ');
const result = {
  notes, cold, warm, ratio: warm.wall / cold.wall, cpuRatio: warm.cpu / cold.cpu, renderCacheEntries: kept, load, cpus: os.cpus().length, date: new Date().toISOString(),
};
mkdirSync(path.join(OUT, 'results'), { recursive: true });
writeFileSync(path.join(OUT, 'results/rebuild.json'), `${JSON.stringify(result, null, 2)}\n`);
const row = (name: string, r: typeof cold) => [name, seconds(r.wall), seconds(r.cpu), seconds(r.pages)];
console.log(table(['1,000 notes', 'wall time', 'CPU (user+sys)', 'pages phase'], [row('cold build', cold), row('warm rebuild (one note changed)', warm), ['warm / cold', result.ratio.toFixed(2), result.cpuRatio.toFixed(2), (warm.pages / cold.pages).toFixed(2)]]));
console.log(`load average (1 min): ${load}; render cache entries after the cold build: ${kept}`);

/**
 * Incremental CI (issue 16): `vault-kb build` of a generated vault with no Astro cache for it
 * (cold, as a first CI run), then again after one note changed with the caches the CI
 * workflow keeps (warm), in the same run on the same machine. PostgreSQL's data directory and
 * the Python packages are cached in both (they do not depend on the vault). No social images
 * (no site URL), as in the default build.
 *
 *   npm run bench:rebuild [-- 1000]
 *
 * Results in bench/.out/results/rebuild.json; docs/benchmarks.md records them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeVault } from './generate-vault.ts';
import { OUT, ROOT, seconds, table } from './lib.ts';

const notes = Number(process.argv[2] ?? 1000);
const vault = path.join(OUT, `rebuild-vault-${notes}`);
const generated = writeVault(vault, notes);
// Inside the project, as bench/build.ts explains.
const out = path.join(OUT, 'builds', `rebuild-${notes}`);
// The integration's per-vault Astro cache (src/shell/integration.ts, vaultCacheName).
const astroCache = path.join(ROOT, 'node_modules/.astro', `vault-${createHash('sha256').update(vault).digest('hex').slice(0, 12)}`);

function build(): number {
  const started = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, 'bin/vault-kb.js'), 'build', vault, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SITE_URL: '' } });
  return performance.now() - started;
}

rmSync(astroCache, { recursive: true, force: true });
const cold = build();
appendFileSync(path.join(vault, generated.notes[0]!.path), '\nChanged for the rebuild benchmark.\n');
const warm = build();
const result = { notes, coldMs: Math.round(cold), warmMs: Math.round(warm), ratio: warm / cold, cpus: os.cpus().length, date: new Date().toISOString() };
mkdirSync(path.join(OUT, 'results'), { recursive: true });
writeFileSync(path.join(OUT, 'results/rebuild.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(table(['notes', 'cold build', 'warm rebuild (one note changed)', 'warm / cold'], [[notes, seconds(cold), seconds(warm), result.ratio.toFixed(2)]]));

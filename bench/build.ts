/**
 * Full-build benchmark: generates synthetic vaults of 1,000 and 5,000 notes, runs the real
 * `astro build` on each (cold: private Astro cache dir, no vault-kb read or render cache, empty
 * output dir) and measures wall time,
 * the peak memory of the build's whole process tree (Pagefind runs as a child process), and
 * the time of each phase, read from the timestamps of Astro's and the integration's log lines.
 *
 *   npm run bench:build [-- [--profile] 1000 5000]
 *
 * With --profile the build runs under `node --cpu-prof` and a summary of where the CPU time
 * went is printed (profiles in bench/.out/profiles/; see profile-summary.ts).
 *
 * Outputs stay in bench/.out/builds/build-<n> (page-weight.ts reuses them); results in
 * bench/.out/results/build.json.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vaultCacheDirs } from '../src/node/site/cache-location.ts';
import { writeVault } from './generate-vault.ts';
import { summarise } from './profile-summary.ts';
import { ASTRO, megabytes, OUT, plain, projectEnv, ROOT, runMeasured, seconds, table, type TimedLine, verdict } from './lib.ts';

// Inside the project: for an outDir outside the working directory Astro stages the build in
// the project's shared `.astro/.prerender`, where a concurrent build would delete its files.
export const BUILD_ROOT = path.join(OUT, 'builds');
const CONFIG = 'bench/astro.bench.config.mjs';
const CACHE = path.join(OUT, 'astro-cache');

const BUDGET_MS: Record<number, number> = { 1000: 15_000, 5000: 60_000 };
const BUDGET_RSS_5000 = 1.5 * 2 ** 30;

export interface Phases {
  startup: number; // node + config + integrations + content sync + types
  bundle: number; // build info + Vite/Rolldown server and client bundles
  siteModel: number; // getStaticPaths → first page: reading and analysing the vault
  pages: number; // rendering and writing every page
  postBuild: number; // integration's build:done (diagnostics, page guard, attachments), then Pagefind
  exit: number;
}

export interface BuildMeasurement {
  notes: number;
  pages: number;
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  /** The phase the memory peak fell in, and the processes holding it. */
  peakPhase: string;
  peakProcesses: string;
  phases: Phases;
  /** Highest tree RSS seen during each phase. */
  phasePeaks: Record<keyof Phases, number>;
  code: number;
}

/** Time of the first log line matching `re` (after `from`), or NaN. */
function at(lines: TimedLine[], re: RegExp, from = 0): number {
  const hit = lines.find((l) => l.ms >= from && re.test(plain(l.text)));
  return hit ? hit.ms : Number.NaN;
}

export function phasesOf(lines: TimedLine[], wallMs: number): Phases {
  const collect = at(lines, /\[build\] Collecting build info/);
  const routes = at(lines, /generating static routes/);
  const firstPage = at(lines, /[├└]─ \//, routes);
  const pagesDone = at(lines, /✓ Completed in/, firstPage);
  const search = at(lines, /(\[vault-kb\] )?search: indexed/);
  return {
    startup: collect,
    bundle: routes - collect,
    siteModel: firstPage - routes,
    pages: pagesDone - firstPage,
    postBuild: search - pagesDone,
    exit: wallMs - search,
  };
}

/** Name of the phase running at `ms` after the start. */
function phaseAt(phases: Phases, ms: number): string {
  let end = 0;
  for (const [name, length] of Object.entries(phases)) {
    end += length;
    if (ms <= end) return `${name} (${seconds(ms)})`;
  }
  return `exit (${seconds(ms)})`;
}

function phasePeaks(phases: Phases, samples: { ms: number; rss: number }[]): Record<keyof Phases, number> {
  const peaks = {} as Record<keyof Phases, number>;
  let begin = 0;
  for (const [name, length] of Object.entries(phases) as [keyof Phases, number][]) {
    const inside = samples.filter((s) => s.ms >= begin && s.ms < begin + length);
    peaks[name] = Math.max(0, ...inside.map((s) => s.rss));
    begin += length;
  }
  return peaks;
}

/** One cold build of `vaultDir` (default: the project's sample vault) into `outDir`. */
export async function measureBuild(vaultDir: string | undefined, outDir: string, notes: number, profileDir?: string): Promise<BuildMeasurement> {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(CACHE, { recursive: true, force: true });
  // Cold: nothing read or rendered by an earlier build of this vault (issue 16's caches).
  for (const dir of Object.values(vaultCacheDirs(ROOT, path.resolve(vaultDir ?? path.join(ROOT, 'src/content'))))) rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(outDir), { recursive: true });
  const env = projectEnv({ BASE_PATH: '/' });
  if (vaultDir) env.VAULT_DIR = vaultDir;
  else delete env.VAULT_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  // `npm run build` (src/cli/build.ts: astro build, then the search index); a profile is of astro itself.
  const command = profileDir ? [...profile, ASTRO, 'build'] : [path.join(ROOT, 'src/cli/build.ts')];
  const result = await runMeasured(process.execPath, [...command, '--config', CONFIG, '--outDir', outDir], { cwd: ROOT, env });
  if (result.code !== 0) {
    console.error(result.lines.slice(-40).map((l) => l.text).join('\n'));
    throw new Error(`astro build failed with code ${result.code}`);
  }
  const phases = phasesOf(result.lines, result.wallMs);
  const pagesLine = result.lines.map((l) => plain(l.text)).find((t) => /\d+ page\(s\) built/.test(t)) ?? '';
  return {
    notes,
    pages: Number(/(\d+) page\(s\) built/.exec(pagesLine)?.[1] ?? 0),
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    peakRss: result.peakRss,
    peakPhase: phaseAt(phases, result.peakAtMs),
    peakProcesses: result.peakProcesses.map((p) => `${p.name} ${megabytes(p.rss)}`).join(', '),
    phases,
    phasePeaks: phasePeaks(phases, result.samples),
    code: result.code,
  };
}

const PHASE_NAMES = ['startup', 'bundle (Vite)', 'site model', 'pages', 'post-build (Pagefind…)', 'exit'];

export function buildTables(results: BuildMeasurement[]): string {
  const main = table(
    ['notes', 'pages', 'wall time', 'CPU (user+sys)', 'budget', 'time', 'peak RSS (tree)', 'memory budget', 'peak during'],
    results.map((r) => [
      r.notes, r.pages, seconds(r.wallMs), seconds(r.cpuMs),
      BUDGET_MS[r.notes] ? `≤ ${seconds(BUDGET_MS[r.notes])}` : '—',
      BUDGET_MS[r.notes] ? verdict(r.wallMs <= BUDGET_MS[r.notes]) : '—',
      megabytes(r.peakRss),
      r.notes === 5000 ? `≤ 1536 MB: ${verdict(r.peakRss <= BUDGET_RSS_5000)}` : '—',
      `${r.peakPhase}: ${r.peakProcesses}`,
    ]),
  );
  const phases = table(
    ['notes', ...PHASE_NAMES.slice(0, 4), 'ms/page', ...PHASE_NAMES.slice(4)],
    results.map((r) => [
      r.notes, seconds(r.phases.startup), seconds(r.phases.bundle), seconds(r.phases.siteModel), seconds(r.phases.pages),
      (r.phases.pages / r.pages).toFixed(1), seconds(r.phases.postBuild), seconds(r.phases.exit),
    ]),
  );
  const memory = table(
    ['notes', ...PHASE_NAMES],
    results.map((r) => [r.notes, ...(Object.keys(r.phasePeaks) as (keyof Phases)[]).map((k) => megabytes(r.phasePeaks[k]))]),
  );
  return `${main}\n\nPhases (from log-line timestamps):\n\n${phases}\n\nPeak tree RSS within each phase:\n\n${memory}`;
}

/** Functions whose inclusive CPU time explains a build (names as they appear in the profile). */
const KEY_FUNCTIONS = ['readNote', 'analyzeNote', 'renderNote', 'prepareTree', 'transformNote', 'toHtml', 'codeToHast', 'structuredClone', 'renderPage', 'formatDate'];

function profileReport(dir: string): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return '(no profile written)';
  const s = summarise(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), KEY_FUNCTIONS);
  const pct = (us: number) => `${((100 * us) / 1000 / s.totalMs).toFixed(1)}%`;
  const rows = (list: [string, number][]) => list.map(([name, us]) => [name, seconds(us / 1000), pct(us)]);
  return `CPU profile of the main process (${seconds(s.totalMs)} sampled):\n\n${table(['self time by area', 'time', 'share'], rows(s.byArea.slice(0, 12)))}\n\n${table(['inclusive time', 'time', 'share'], rows(s.inclusive))}`;
}

export async function runBuildBench(sizes = [1000, 5000], profile = false): Promise<BuildMeasurement[]> {
  const results: BuildMeasurement[] = [];
  const profiles: string[] = [];
  for (const n of sizes) {
    const vaultDir = path.join(OUT, `vault-${n}`);
    writeVault(vaultDir, n);
    console.log(`build: ${n} notes${profile ? ' (profiled)' : ''}…`);
    const profileDir = profile ? path.join(OUT, 'profiles', `build-${n}`) : undefined;
    const m = await measureBuild(vaultDir, path.join(BUILD_ROOT, `build-${n}`), n, profileDir);
    console.log(`  ${seconds(m.wallMs)}, peak ${megabytes(m.peakRss)}`);
    results.push(m);
    if (profileDir) profiles.push(`${n} notes: ${profileReport(profileDir)}`);
  }
  mkdirSync(path.join(OUT, 'results'), { recursive: true });
  writeFileSync(path.join(OUT, 'results/build.json'), JSON.stringify(results, null, 2));
  console.log(`\n${buildTables(results)}\n`);
  for (const p of profiles) console.log(`${p}\n`);
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sizes = args.map(Number).filter((n) => n > 2);
  await runBuildBench(sizes.length ? sizes : undefined, args.includes('--profile'));
}

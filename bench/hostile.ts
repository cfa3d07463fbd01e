/**
 * Hostile input at scale (`npm run bench`, or `node bench/hostile.ts`):
 *
 * 1. Bounded work: each hostile note of issues 18 and 20 (10,000 levels of nesting, 10,000
 *    emphasis markers or brackets, 20,000 links in a paragraph, a 10,000-line paragraph) read
 *    and rendered alone, in a child process stopped after 120 s. `HOSTILE_ROOT=/other/checkout`
 *    measures another checkout's code the same way (how docs/reliability.md got its "before").
 * 2. The fuzz vault at 2,000 notes (tests/support/hostile-vault.ts, seed 18 or HOSTILE_SEED,
 *    every category or those of HOSTILE_CATEGORIES=nesting,crlf,…):
 *    `npm run check` and `npm run build` timed, with their exit codes and the leaks found.
 *
 *   node bench/hostile.ts [notes=2000]          both parts
 *   node bench/hostile.ts notes                 part 1 only
 *   node bench/hostile.ts fuzz [notes=2000]     part 2 only
 *   node bench/hostile.ts note <case>           one hostile note (used by part 1)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATEGORIES, writeHostileVault, type Category } from '../tests/support/hostile-vault.ts';
import { OUT, ROOT, projectEnv, npmScript, runMeasured, seconds, table } from './lib.ts';

const NOTE_LIMIT_S = 120;

const CASES: Record<string, () => string> = {
  'blockquote, 10,000 levels': () => `${'>'.repeat(10_000)} x\n`,
  'list on one line, 10,000 levels': () => `${'- '.repeat(10_000)}x\n`,
  'indented list, 1,000 levels': () => Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
  'emphasis, 10,000 `*a*`': () => `${'*a*'.repeat(10_000)}\n`,
  'brackets, 10,000 `[`': () => `${'['.repeat(10_000)}x\n`,
  'links, 20,000 `[[Alpha]]` in a paragraph': () => `${Array.from({ length: 20_000 }, () => '[[Alpha]]').join(' ')}\n`,
  'paragraph of 10,000 lines': () => 'a line of prose\n'.repeat(10_000),
};

/** Reads and renders one note with the code of `root` (this checkout by default). */
async function oneNote(name: string): Promise<void> {
  const root = process.env.HOSTILE_ROOT ?? ROOT;
  const load = (rel: string) => import(pathToFileURL(path.join(root, rel)).href);
  const { readNote, assembleSite } = await load('src/node/site/build-site.ts');
  const { renderNote } = await load('src/core/render/render-note.ts');
  const { siteRenderContext } = await load('src/core/render/site-context.ts');
  const started = performance.now();
  const diagnostics: { code: string }[] = [];
  const file = (p: string, body: string) => readNote({ path: p, absPath: `/vault/${p}`, mtimeMs: 0, size: body.length }, body, undefined, diagnostics);
  const notes = [file('Alpha.md', '# Alpha\n'), file('Hostile.md', CASES[name]())];
  const site = assembleSite({ vaultDir: '/vault', base: '/', gitDates: false }, notes, [], new Set(), diagnostics);
  await renderNote(notes[1], siteRenderContext(site));
  const limits = diagnostics.filter((d) => d.code === 'note-limit').length;
  console.log(JSON.stringify({ ms: performance.now() - started, limits }));
}

function timeNote(name: string): string[] {
  const result = spawnSync('node', [path.join(ROOT, 'bench/hostile.ts'), 'note', name], {
    env: projectEnv(), encoding: 'utf8', timeout: NOTE_LIMIT_S * 1000, maxBuffer: 1 << 26,
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? `stopped after ${NOTE_LIMIT_S} s` : (/RangeError[^\n]*|Error[^\n]*/.exec(result.stderr)?.[0] ?? `exit ${result.status}`);
    return [name, why, '—'];
  }
  const { ms, limits } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { ms: number; limits: number };
  return [name, seconds(ms), limits > 0 ? 'note-limit' : 'none'];
}

function noteTable(): string {
  return table(['hostile note (read + render alone)', 'time', 'diagnostic'], Object.keys(CASES).map(timeNote));
}

export async function runHostileBench(notes = 2_000): Promise<string> {
  return `${noteTable()}\n\n${await fuzzTable(notes)}`;
}

/** Part 2: the fuzz vault checked and built; each run is printed as soon as it ends. */
async function fuzzTable(notes: number): Promise<string> {
  const seed = Number(process.env.HOSTILE_SEED ?? 18);
  const scratch = path.join(OUT, 'hostile');
  rmSync(scratch, { recursive: true, force: true });
  const vaultDir = path.join(scratch, 'vault');
  const outside = path.join(scratch, 'outside');
  mkdirSync(vaultDir, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const categories = process.env.HOSTILE_CATEGORIES?.split(',') as Category[] | undefined;
  const perCategory = Math.ceil(notes / (categories ?? CATEGORIES).length);
  const vault = writeHostileVault(vaultDir, outside, { seed, perCategory, categories });
  const files = readdirSync(vaultDir, { recursive: true }).length;
  const check = await runMeasured(...npmScript('check', '--vault', vaultDir, '--sql-timeout', '2'));
  console.log(`check: exit ${check.code}, ${seconds(check.wallMs)}, ${files} files`);
  const dist = path.join(scratch, 'dist');
  const build = await runMeasured('node', ['src/cli/build.ts', '--outDir', dist], { env: projectEnv({ VAULT_DIR: vaultDir }) });
  console.log(`build: exit ${build.code}, ${seconds(build.wallMs)}`);
  let leaks = 0;
  try {
    for (const rel of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
      const abs = path.join(dist, rel);
      if (!rel.includes('.')) continue;
      const content = readFileSync(abs, 'latin1');
      leaks += vault.secrets.filter((s) => content.includes(s)).length;
    }
  } catch {
    leaks = -1;
  }
  const diagnostics = check.lines.filter((l) => /^\S+:\d+:\d+: (error|warning):/.test(l.text)).length;
  const fuzz = table(
    ['fuzz vault', 'files', 'run', 'exit', 'wall', 'peak RSS'],
    [
      [`seed ${seed}, ${perCategory} per category`, files, `check (${diagnostics} diagnostics)`, check.code, seconds(check.wallMs), `${Math.round(check.peakRss / 2 ** 20)} MB`],
      ['', '', `build (${leaks < 0 ? 'no dist/' : `${leaks} secrets in dist/`})`, build.code, seconds(build.wallMs), `${Math.round(build.peakRss / 2 ** 20)} MB`],
    ],
  );
  return fuzz;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === 'note') await oneNote(process.argv[3]);
  else if (process.argv[2] === 'notes') console.log(noteTable());
  else if (process.argv[2] === 'fuzz') console.log(await fuzzTable(Number(process.argv[3] ?? 2_000)));
  else console.log(await runHostileBench(Number(process.argv[2] ?? 2_000)));
}

/**
 * Markdown engine comparison on the same 1,000-note synthetic vault, all cold builds in one
 * run so the ratios are comparable:
 *   (a) this project's build (its own unified pipeline with the Obsidian transforms, Shiki,
 *       backlinks, tag pages and Pagefind);
 *   (b) a minimal Astro 7 project rendering the notes from a content collection (glob
 *       loader) with Astro's default Markdown processor, Sätteri, and no plugins;
 *   (c) the same project with `markdown: { processor: unified() }` from @astrojs/markdown-remark.
 * (b) and (c) are throwaway projects generated under bench/.out/md-engines/ (never committed)
 * that use this repository's node_modules through a symlink. Both highlight code with Shiki
 * (Astro's default), as (a) does.
 *
 * Besides time, counts what each output makes of the Obsidian syntax: wikilinks left as raw
 * `[[…]]` text, links rendered, callouts rendered.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_ROOT, measureBuild } from './build.ts';
import { writeVault } from './generate-vault.ts';
import { ASTRO, megabytes, OUT, projectEnv, ROOT, runMeasured, seconds, table } from './lib.ts';

const PROBES = path.join(OUT, 'md-engines');

const PAGE = `---
import { getCollection, render } from 'astro:content';

export async function getStaticPaths() {
  const notes = await getCollection('notes');
  return notes.map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<!doctype html>
<html lang="ru">
  <head><meta charset="utf-8" /><title>{entry.id}</title></head>
  <body><main data-note><Content /></main></body>
</html>
`;

const CONTENT_CONFIG = `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

export const collections = {
  notes: defineCollection({ loader: glob({ pattern: ['**/*.md', '!**/.*/**'], base: process.env.VAULT_DIR }) }),
};
`;

function astroConfig(processor: 'satteri' | 'unified'): string {
  return processor === 'satteri'
    ? `import { defineConfig } from 'astro/config';\n\n// Astro 7's default Markdown processor: Sätteri.\nexport default defineConfig({ cacheDir: './.cache/' });\n`
    : `import { defineConfig } from 'astro/config';\nimport { unified } from '@astrojs/markdown-remark';\n\nexport default defineConfig({ cacheDir: './.cache/', markdown: { processor: unified() } });\n`;
}

/** Writes the throwaway project for one processor and returns its directory. */
function probeProject(processor: 'satteri' | 'unified'): string {
  const dir = path.join(PROBES, processor);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src/pages'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `md-probe-${processor}`, private: true, type: 'module' }, null, 2));
  writeFileSync(path.join(dir, 'astro.config.mjs'), astroConfig(processor));
  writeFileSync(path.join(dir, 'src/content.config.mjs'), CONTENT_CONFIG);
  writeFileSync(path.join(dir, 'src/pages/[...slug].astro'), PAGE);
  return dir;
}

interface Syntax { pages: number; rawWikilinks: number; anchors: number; callouts: number; highlighted: number }

/** What became of the Obsidian syntax, over every page's main content. */
function syntaxOf(outDir: string, main: RegExp): Syntax {
  const s: Syntax = { pages: 0, rawWikilinks: 0, anchors: 0, callouts: 0, highlighted: 0 };
  for (const f of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.html') || f.startsWith('pagefind') || f.startsWith('tags') || f.startsWith('notes')) continue;
    const body = main.exec(readFileSync(path.join(outDir, f), 'utf8'))?.[1] ?? '';
    if (!body) continue;
    s.pages++;
    s.rawWikilinks += body.match(/\[\[/g)?.length ?? 0;
    s.anchors += body.match(/<a\s[^>]*href="\/[^"]*"/g)?.length ?? 0;
    s.callouts += body.match(/class="[^"]*callout/g)?.length ?? 0;
    s.highlighted += body.match(/<pre[^>]*class="[^"]*(?:shiki|astro-code)/g)?.length ?? 0;
  }
  return s;
}

export async function runEngineBench(count = 1000): Promise<string> {
  const vault = path.join(OUT, `vault-${count}`);
  writeVault(vault, count);
  const rows: (string | number)[][] = [];

  console.log(`md engines: (a) this project, ${count} notes…`);
  const ownOut = path.join(BUILD_ROOT, `engines-own-${count}`);
  const own = await measureBuild(vault, ownOut, count);
  const ownSyntax = syntaxOf(ownOut, /<div class="note-content"[^>]*>([\s\S]*?)<\/article>/);
  rows.push(['(a) this project: own unified pipeline', own.pages, seconds(own.wallMs), seconds(own.cpuMs), megabytes(own.peakRss), ...Object.values(ownSyntax).slice(1)]);

  for (const processor of ['satteri', 'unified'] as const) {
    console.log(`md engines: (${processor === 'satteri' ? 'b' : 'c'}) minimal project with ${processor}…`);
    const dir = probeProject(processor);
    const outDir = path.join(BUILD_ROOT, `engines-${processor}-${count}`);
    rmSync(outDir, { recursive: true, force: true });
    const run = await runMeasured(process.execPath, [ASTRO, 'build', '--outDir', outDir], { cwd: dir, env: projectEnv({ VAULT_DIR: vault }) });
    if (run.code !== 0) throw new Error(`${processor} probe failed:\n${run.lines.slice(-30).map((l) => l.text).join('\n')}`);
    const syntax = syntaxOf(outDir, /<main data-note>([\s\S]*?)<\/main>/);
    const label = processor === 'satteri' ? '(b) content collection, Sätteri (default)' : '(c) content collection, unified()';
    rows.push([label, syntax.pages, seconds(run.wallMs), seconds(run.cpuMs), megabytes(run.peakRss), ...Object.values(syntax).slice(1)]);
  }
  const headers = ['build', 'pages', 'wall', 'CPU', 'peak RSS', 'raw [[ left', 'internal links', 'callouts', 'Shiki blocks'];
  const out = table(headers, rows);
  console.log(`\n${out}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runEngineBench(Number(process.argv[2] ?? 1000));

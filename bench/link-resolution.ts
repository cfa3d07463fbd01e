/**
 * Link resolution cost versus vault size: for synthetic vaults of 1k, 5k and 20k notes
 * (~8 links each), times building the core's `LinkIndex`, resolving every link with it,
 * and the whole link check (`checkLinks`: resolution, heading anchors, backlinks,
 * diagnostics). Linear means the time per link stays flat as the vault grows.
 *
 * The notes' facts (headings, links) come from the generator's model instead of parsing
 * 20k notes; at 1k the same check also runs on the real site model (`buildSite`, which
 * parses every note) to show the two agree.
 *
 * A second scenario gives every folder a `README.md` (common in real vaults) and points
 * 10% of links at them, bare (`[[README]]`, ambiguous: the link check reports it) or by
 * folder (`[[Folder/README]]`): a name shared by many files costs time per link in
 * proportion to how many files share it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { LinkIndex } from '../src/core/links/link-index.ts';
import { parseLinkTarget } from '../src/core/links/wiki-target.ts';
import { buildSite } from '../src/node/site/build-site.ts';
import { checkLinks } from '../src/core/site/link-check.ts';
import type { Attachment, Note, VaultItem } from '../src/core/site/model.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import { generateVault, prng, writeVault, type GenNote } from './generate-vault.ts';
import { OUT, table } from './lib.ts';

const REPEAT = 3;

function note(n: GenNote): Note {
  const slugger = new GithubSlugger();
  return {
    path: n.path, absPath: '', isNote: true, isMdx: false, slug: n.path.replace(/\.md$/, ''), url: `/${n.path.replace(/\.md$/, '')}/`,
    title: n.title, aliases: n.aliases, tags: [], lang: n.lang, updated: new Date(0), updatedFrom: 'file', description: '',
    frontmatter: {}, body: '',
    facts: {
      headings: n.headings.map((h, i) => ({ depth: h.depth, text: h.text, id: slugger.slug(h.text), line: i + 1 })),
      blocks: [],
      links: n.links.map((l, i) => ({ target: l.target, embed: l.embed, syntax: 'wiki' as const, line: i + 1, column: 1, context: `context of link ${i}` })),
      tags: [], excerpt: '', hasMath: false, hasMermaid: false,
    },
  } as unknown as Note;
}

function attachments(paths: string[]): Attachment[] {
  return paths.map((p) => ({ path: p, absPath: '', isNote: false, slug: p, url: `/${p}`, size: 1 }));
}

/** A `README.md` in every folder, and 10% of links rewritten to point at them. */
function withReadmes(notes: GenNote[], seed: number): GenNote[] {
  const r = prng(seed);
  const folders = [...new Set(notes.map((n) => path.posix.dirname(n.path)).filter((d) => d !== '.'))];
  const extra = folders.map((f): GenNote => ({ path: `${f}/README.md`, title: 'README', lang: 'ru', headings: [], aliases: [], links: [] }));
  for (const n of notes) {
    for (const link of n.links) {
      if (r() >= 0.1 || link.embed) continue;
      const folder = folders[Math.floor(r() * folders.length)];
      link.target = r() < 0.5 ? 'README' : `${folder}/README`;
    }
  }
  return [...notes, ...extra];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

interface Row { scenario: string; notes: number; links: number; indexMs: number; resolveMs: number; checkMs: number; missing: number; ambiguous: number }

function measure(scenario: string, notes: Note[], files: Attachment[]): Row {
  const items: VaultItem[] = [...notes, ...files];
  const links = notes.reduce((sum, n) => sum + n.facts.links.length, 0);
  let index = new LinkIndex<VaultItem>(items);
  const indexMs = time(() => (index = new LinkIndex<VaultItem>(items)));
  let missing = 0;
  const resolveMs = time(() => {
    missing = 0;
    for (const n of notes) for (const l of n.facts.links) if (index.resolve(parseLinkTarget(l.target).path, n.path).status === 'missing') missing++;
  });
  let diagnostics: Diagnostic[] = [];
  const checkMs = time(() => {
    diagnostics = [];
    checkLinks(notes, index, new Set(), diagnostics);
  });
  const ambiguous = diagnostics.filter((d) => d.code === 'ambiguous-link').length;
  return { scenario, notes: notes.length, links, indexMs, resolveMs, checkMs, missing, ambiguous };
}

function rows(results: Row[]): (string | number)[][] {
  const us = (ms: number, links: number) => ((ms * 1000) / links).toFixed(2);
  return results.map((r) => [
    r.scenario, r.notes, r.links, r.indexMs.toFixed(1), r.resolveMs.toFixed(1), us(r.resolveMs, r.links), r.checkMs.toFixed(1), us(r.checkMs, r.links), r.missing, r.ambiguous,
  ]);
}

export async function runLinkBench(sizes = [1000, 5000, 20000]): Promise<string> {
  // Warm up the JIT on a small vault so the first size is not charged for compilation.
  const warm = generateVault(500, 7);
  measure('warm-up', warm.notes.map(note), []);

  const results: Row[] = [];
  for (const scenario of ['unique names', 'README per folder'] as const) {
    for (const size of sizes) {
      const vault = generateVault(size, 1);
      const gen = scenario === 'README per folder' ? withReadmes(vault.notes, 2) : vault.notes;
      const images = [...vault.files.keys()].filter((p) => p.endsWith('.png'));
      results.push(measure(scenario, gen.map(note), attachments(images)));
      console.log(`links: ${scenario}, ${size} notes done`);
    }
  }

  // Cross-check on the real site model (every note parsed by the core) at 1k.
  const dir = path.join(OUT, 'vault-1000');
  writeVault(dir, 1000);
  const start = performance.now();
  const site = await buildSite({ vaultDir: dir, base: '/', gitDates: false });
  const buildMs = performance.now() - start;
  const real = measure('buildSite model', site.notes, site.attachments);

  const headers = ['scenario', 'notes', 'links', 'index build ms', 'resolve ms', 'µs/link', 'checkLinks ms', 'µs/link (check)', 'missing', 'ambiguous'];
  const out = `${table(headers, rows([...results, real]))}\n\n(buildSite on the 1,000-note vault, reading and parsing every note: ${buildMs.toFixed(0)} ms; median of ${REPEAT} runs per cell)`;
  console.log(`\n${out}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 2);
  await runLinkBench(sizes.length ? sizes : undefined);
}

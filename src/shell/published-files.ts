/**
 * Files the site serves as they are, from outside `public/`: the vault's attachments at
 * their URLs, KaTeX's stylesheet and fonts (linked only by pages with math), and Mermaid's
 * prebuilt ES modules (imported only by pages with a diagram, and only when the vault has
 * one: bundling Mermaid with Vite cost every build seconds and half a gigabyte), and the
 * prebuilt PostgreSQL data directory the SQL runner and the isolation lab boot from, with
 * ELK's worker script for the schema diagrams (when a note has SQL or a lab), and the Python runtime with its packages (when Python blocks are
 * on and a note has one, src/node/python/site-files.ts). A build
 * copies them into the output; the dev server streams them from where they are.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Site } from '../core/site/model.ts';
import { ELK_WORKER } from '../core/site/elk-files.ts';
import { pgliteDataDir } from '../node/sql/datadir.ts';
import { pythonSiteFiles } from '../node/python/site-files.ts';

/** URL path (below the base) of the KaTeX stylesheet. */
export const KATEX_CSS = '_vault/katex/katex.min.css';

/** URL path (below the base) of the prebuilt PostgreSQL data directory the SQL runner boots from. */
export const PGLITE_DATADIR = '_vault/pglite/datadir.tar.gz';

/** URL path (below the base) of Mermaid's entry module. */
export const MERMAID_MODULE = '_vault/mermaid/mermaid.esm.min.mjs';

const require = createRequire(import.meta.url);
const katexDist = path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
const mermaidDist = path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist');

async function mermaidFiles(): Promise<[string, string][]> {
  const chunks = (await readdir(path.join(mermaidDist, 'chunks/mermaid.esm.min'))).filter((f) => f.endsWith('.mjs'));
  return [
    [MERMAID_MODULE, path.join(mermaidDist, 'mermaid.esm.min.mjs')],
    ...chunks.map((f): [string, string] => [`_vault/mermaid/chunks/mermaid.esm.min/${f}`, path.join(mermaidDist, 'chunks/mermaid.esm.min', f)]),
  ];
}

async function katexFiles(): Promise<[string, string][]> {
  const fonts = await readdir(path.join(katexDist, 'fonts'));
  return [
    [KATEX_CSS, path.join(katexDist, 'katex.min.css')],
    ...fonts.map((font): [string, string] => [`_vault/katex/fonts/${font}`, path.join(katexDist, 'fonts', font)]),
  ];
}

/** URL path below the base → absolute file path. */
export async function publishedFiles(site: Site, pythonOn = false): Promise<Map<string, string>> {
  const hasMermaid = site.notes.some((n) => n.facts.hasMermaid);
  const python = (await pythonSiteFiles(site, pythonOn)).files;
  // Python blocks run on the page's PostgreSQL too.
  const hasSql = python.length > 0 || site.notes.some((n) => n.facts.sqlBlocks > 0 || n.facts.labs.length > 0);
  return new Map([
    ...site.attachments.map((a): [string, string] => [a.slug, a.absPath]),
    ...(await katexFiles()),
    ...(hasMermaid ? await mermaidFiles() : []),
    ...(hasSql ? [[PGLITE_DATADIR, await pgliteDataDir()] as [string, string], [ELK_WORKER, require.resolve('elkjs/lib/elk-worker.min.js')] as [string, string]] : []),
    ...python,
  ]);
}

/**
 * Copies the files into the built site. URLs keep vault files off the site's own paths
 * (urls.ts); should one still meet a file the build wrote, the copy fails rather than replace it.
 */
export async function copyPublishedFiles(site: Site, outDir: string, pythonOn = false): Promise<void> {
  const files = await publishedFiles(site, pythonOn);
  const dirs = new Set([...files.keys()].map((slug) => path.dirname(path.join(outDir, slug))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  await Promise.all(
    [...files].map(([slug, abs]) =>
      copyFile(abs, path.join(outDir, slug), constants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new Error(`${abs} would overwrite /${slug}, which the build already wrote; nothing was replaced`) : error;
      }),
    ),
  );
}

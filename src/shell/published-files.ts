/**
 * Files the site serves as they are, from outside `public/`: the vault's attachments at
 * their URLs, and KaTeX's stylesheet and fonts (linked only by pages with math). A build
 * copies them into the output; the dev server streams them from where they are.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Site } from '../core/site/model.ts';

/** URL path (below the base) of the KaTeX stylesheet. */
export const KATEX_CSS = '_vault/katex/katex.min.css';

const katexDist = path.join(path.dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');

async function katexFiles(): Promise<[string, string][]> {
  const fonts = await readdir(path.join(katexDist, 'fonts'));
  return [
    [KATEX_CSS, path.join(katexDist, 'katex.min.css')],
    ...fonts.map((font): [string, string] => [`_vault/katex/fonts/${font}`, path.join(katexDist, 'fonts', font)]),
  ];
}

/** URL path below the base → absolute file path. */
export async function publishedFiles(site: Site): Promise<Map<string, string>> {
  return new Map([...site.attachments.map((a): [string, string] => [a.slug, a.absPath]), ...(await katexFiles())]);
}

export async function copyPublishedFiles(site: Site, outDir: string): Promise<void> {
  const files = await publishedFiles(site);
  const dirs = new Set([...files.keys()].map((slug) => path.dirname(path.join(outDir, slug))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  await Promise.all([...files].map(([slug, abs]) => copyFile(abs, path.join(outDir, slug))));
}

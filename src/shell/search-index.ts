/**
 * Full-text search: Pagefind indexes the built pages (only the note body, marked with
 * `data-pagefind-body`) into `pagefind/`, one index per page language (`<html lang>`),
 * each with its own stemmer. The browser loads only the chunks a query needs. Chinese and
 * Japanese text is indexed character by character (src/core/search/cjk.ts).
 *
 * Pagefind reads a folder on all cores, while pages handed to it one by one through its API
 * are indexed one after another, at twice the time (docs/benchmarks.md). So it reads a
 * mirror of the site's pages, made beside the output folder and removed after: every page
 * hard-linked (copied where links fail), except those with Chinese or Japanese text,
 * written there split. The site's own pages stay as they were built.
 */
import { copyFile, link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { splitCjkInHtml } from '../core/search/cjk.ts';

/** Pages read at once while mirroring: enough to keep the disk busy, few enough to bound memory. */
const MIRROR_BATCH = 64;

async function mirrorPages(outDir: string, pages: string[], mirror: string): Promise<void> {
  for (let i = 0; i < pages.length; i += MIRROR_BATCH) {
    await Promise.all(
      pages.slice(i, i + MIRROR_BATCH).map(async (page) => {
        const source = path.join(outDir, page);
        const target = path.join(mirror, page);
        await mkdir(path.dirname(target), { recursive: true });
        const html = await readFile(source, 'utf8');
        const split = splitCjkInHtml(html);
        if (split !== html) await writeFile(target, split);
        else await link(source, target).catch(() => copyFile(source, target));
      }),
    );
  }
}

export async function buildSearchIndex(outDir: string, logger: { info(message: string): void }): Promise<void> {
  const pages = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.html') && !file.startsWith(`pagefind${path.sep}`));
  // Beside the output, so the links stay on its file system; in the temporary folder (copies)
  // when its parent cannot be written.
  const prefix = `.${path.basename(outDir)}-search-`;
  const mirror = await mkdtemp(path.join(path.dirname(outDir), prefix)).catch(() => mkdtemp(path.join(os.tmpdir(), prefix)));
  try {
    await mirrorPages(outDir, pages, mirror);
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`search index: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: mirror });
    if (added.errors.length > 0) throw new Error(`search index: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join('; ')}`);
    logger.info(`search: indexed ${added.page_count} pages`);
  } finally {
    await rm(mirror, { recursive: true, force: true });
    await pagefind.close();
  }
}

/**
 * Full-text search: Pagefind indexes the built pages (only the note body, marked with
 * `data-pagefind-body`) into `pagefind/`, one index per page language (`<html lang>`),
 * each with its own stemmer. The browser loads only the chunks a query needs. Chinese and
 * Japanese text is indexed character by character (src/core/search/cjk.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { splitCjkInHtml } from '../core/search/cjk.ts';

export async function buildSearchIndex(outDir: string, logger: { info(message: string): void }): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`search index: ${errors.join('; ')}`);
  const pages = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.html') && !file.startsWith(`pagefind${path.sep}`));
  let pageCount = 0;
  for (const page of pages) {
    const content = splitCjkInHtml(await readFile(path.join(outDir, page), 'utf8'));
    const added = await index.addHTMLFile({ sourcePath: page.split(path.sep).join('/'), content });
    if (added.errors.length > 0) throw new Error(`search index: ${page}: ${added.errors.join('; ')}`);
    if (added.file) pageCount++;
  }
  const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join('; ')}`);
  logger.info(`search: indexed ${pageCount} pages`);
  await pagefind.close();
}

/**
 * Full-text search: Pagefind indexes the built pages (only the note body, marked with
 * `data-pagefind-body`) into `pagefind/`, one index per page language (`<html lang>`),
 * each with its own stemmer. The browser loads only the chunks a query needs.
 */
import path from 'node:path';
import * as pagefind from 'pagefind';

export async function buildSearchIndex(outDir: string, logger: { info(message: string): void }): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`search index: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length > 0) throw new Error(`search index: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join('; ')}`);
  logger.info(`search: indexed ${added.page_count} pages`);
  await pagefind.close();
}

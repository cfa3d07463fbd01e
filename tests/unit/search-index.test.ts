/**
 * The search index's mirror folder (src/shell/search-index.ts): Pagefind reads split copies of
 * the Chinese pages, while the site's own pages stay exactly as built, and nothing is left
 * beside the output.
 */
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildSearchIndex } from '../../src/shell/search-index.ts';

const page = (lang: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${text}</title></head><body><main data-pagefind-body><h1>${text}</h1><p>${text}</p></main></body></html>`;

let parent = '';
afterAll(() => rm(parent, { recursive: true, force: true }));

it('indexes every page, leaves the built pages untouched and removes its mirror', async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'search-index-test-'));
  const outDir = path.join(parent, 'site');
  const pages = { 'zh/index.html': page('zh', '同步日志的设置'), 'en/index.html': page('en', 'Synchronising the logs') };
  for (const [file, html] of Object.entries(pages)) {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFile(path.join(outDir, file), html);
  }
  const logged: string[] = [];
  await buildSearchIndex(outDir, { info: (message) => logged.push(message) });

  expect(logged).toEqual(['search: indexed 2 pages']);
  for (const [file, html] of Object.entries(pages)) expect(await readFile(path.join(outDir, file), 'utf8')).toBe(html);
  expect((await readdir(path.join(outDir, 'pagefind'))).some((f) => f.startsWith('pagefind-entry'))).toBe(true);
  expect(await readdir(parent)).toEqual(['site']);
}, 60_000);

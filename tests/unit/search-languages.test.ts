/**
 * Search in the vault's languages, on real builds queried with Pagefind's own search code
 * (its `pagefind.js` runs in Node as in the browser):
 *
 *  - Obsidian's Chinese help vault (`../shared/corpus/obsidian-help-zh`, no note declares
 *    its language): for five frequent words, search (every language's index, as the search
 *    box does) finds exactly the pages whose text has the word, counted by this test over
 *    the built pages.
 *  - A small Italian fixture built with SITE_LANG=it: Italian stemming, so `collegamenti`
 *    and `collegamento` find each other's pages.
 *
 * The query goes through the same steps as the search box (src/scripts/search.ts): split
 * into characters for Chinese, pages kept when they have the characters in a row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { CONTINUE, EXIT, SKIP, visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCjkRuns, splitCjk } from '../../src/core/search/cjk.ts';
import { buildSite, PROJECT_ROOT } from '../support/build.ts';
import { serveStatic, type RunningServer } from '../support/static-server.ts';

// SHARED_DIR points elsewhere when the project is not checked out beside shared/ (a worktree).
const ZH_VAULT = path.resolve(PROJECT_ROOT, process.env.SHARED_DIR ?? '../shared', 'corpus/obsidian-help-zh');
const hasZhVault = fs.existsSync(ZH_VAULT);
if (!hasZhVault) console.warn(`search-languages.test.ts: skipping the obsidian-help-zh search tests: ${ZH_VAULT} is not there (the corpus lives outside the repository, in ../shared).`);

const OUT_PARENT = path.join(PROJECT_ROOT, '.cache', 'search-languages-test');
const BUILD_TIMEOUT = 300_000;

interface Searcher {
  /** URLs of the pages a query finds, decoded. */
  search(query: string): Promise<string[]>;
  close(): Promise<void>;
}

interface PagefindData { url: string; content: string }
interface PagefindInstance {
  init(language: string): Promise<void>;
  options(options: Record<string, unknown>): Promise<void>;
  search(query: string): Promise<{ results: { data(): Promise<PagefindData> }[] }>;
}

/** Every language's index gets its own copy of pagefind.js (a distinct URL), as in search.ts. */
async function buildAndServe(name: string, vaultDir: string, env: Record<string, string>): Promise<Searcher & { outDir: string }> {
  fs.mkdirSync(OUT_PARENT, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(OUT_PARENT, `${name}-`));
  const result = await buildSite({ vaultDir, outDir, env: { NO_COLOR: '1', OG_IMAGES: '0', VAULT_STRICT: '0', ...env } });
  if (result.code !== 0) throw new Error(`building ${vaultDir} failed:\n${result.output}`);
  const server: RunningServer = await serveStatic(outDir, '/');
  const entry = JSON.parse(fs.readFileSync(path.join(outDir, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, unknown> };
  const engines = await Promise.all(Object.keys(entry.languages).map(async (language) => {
    const url = `${pathToFileURL(path.join(outDir, 'pagefind/pagefind.js')).href}?language=${language}`;
    const module = (await import(url)) as { createInstance(o: { basePath: string; language: string }): PagefindInstance };
    const engine = module.createInstance({ basePath: `${server.url}pagefind/`, language });
    await engine.init(language);
    await engine.options({ baseUrl: '/' });
    return engine;
  }));
  return {
    outDir,
    async search(query) {
      const responses = await Promise.all(engines.map((engine) => engine.search(splitCjk(query))));
      const data = await Promise.all(responses.flatMap((r) => r.results).map((r) => r.data()));
      // A set: in Node, Pagefind's instances may share one language's index (in the browser each has its own).
      return [...new Set(data.filter((d) => hasCjkRuns(query, d.content)).map((d) => decodeURI(d.url)))].sort();
    },
    async close() {
      await server.close();
      fs.rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Built pages whose indexed text (the note body) contains `word`, as URLs. */
/**
 * The text Pagefind indexes on a page: its `data-pagefind-body` element without the elements
 * marked `data-pagefind-ignore` (any tag: code headers are divs); undefined for a page
 * without a body. Read from the parsed HTML, not with a pattern over it.
 */
function indexedText(page: HastRoot): string | undefined {
  let text: string | undefined;
  visit(page, 'element', (node) => {
    if (node.properties.dataPagefindBody === undefined) return CONTINUE;
    const kept: string[] = [];
    visit(node, (inner) => {
      if (inner.type === 'element' && inner.properties.dataPagefindIgnore !== undefined) return SKIP;
      if (inner.type === 'text') kept.push(inner.value);
      return CONTINUE;
    });
    text = kept.join('');
    return EXIT;
  });
  return text;
}

function pagesContaining(outDir: string, word: string): string[] {
  const urls: string[] = [];
  for (const file of fs.readdirSync(outDir, { recursive: true }) as string[]) {
    if (!file.endsWith('index.html')) continue;
    const text = indexedText(fromHtml(fs.readFileSync(path.join(outDir, file), 'utf8')));
    if (text?.includes(word)) urls.push(`/${path.dirname(file).split(path.sep).join('/')}/`.replace('/./', '/'));
  }
  return urls.sort();
}

describe.skipIf(!hasZhVault)('search on the Chinese help vault', () => {
  let site: Awaited<ReturnType<typeof buildAndServe>>;
  beforeAll(async () => {
    site = await buildAndServe('zh', ZH_VAULT, {});
  }, BUILD_TIMEOUT);
  afterAll(() => site?.close());

  it('marks its pages Chinese without any note saying so', () => {
    expect(fs.readFileSync(path.join(site.outDir, 'index.html'), 'utf8')).toMatch(/<html lang="zh"/);
  });

  // Frequent words, some of them often inside longer dictionary words (条同步, 篇笔记).
  for (const word of ['同步', '链接', '笔记', '插件', '文件']) {
    it(`finds every page that contains ${word}`, async () => {
      const expected = pagesContaining(site.outDir, word);
      expect(expected.length).toBeGreaterThan(40);
      expect(await site.search(word)).toEqual(expected);
    });
  }
});

describe('search on an Italian vault (SITE_LANG=it)', () => {
  let site: Awaited<ReturnType<typeof buildAndServe>>;
  beforeAll(async () => {
    site = await buildAndServe('it', path.join(PROJECT_ROOT, 'tests/fixtures/vault-it'), { SITE_LANG: 'it' });
  }, BUILD_TIMEOUT);
  afterAll(() => site?.close());

  it('stems Italian: a plural finds the singular’s pages and the other way round', async () => {
    const plural = await site.search('collegamenti');
    expect(plural).toEqual(await site.search('collegamento'));
    expect(plural).toEqual(['/', '/guide/collegamenti-tra-note/', '/guide/ricerca/']);
  });

  it('writes the pages in Italian', () => {
    expect(fs.readFileSync(path.join(site.outDir, 'guide/ricerca/index.html'), 'utf8')).toMatch(/<html lang="it"/);
  });
});

/**
 * Page weight: for note pages (with and without SQL blocks and labs), the gzip size (level 9) of the
 * first-party HTML + CSS + JS the page loads: the HTML, its `<link rel=stylesheet|modulepreload>`
 * and `<script src>` files, and the static `import`s of its module scripts (inline or not),
 * followed transitively. Dynamic `import()` is on demand, so it is not counted.
 * Budget: ≤ 60 KB.
 *
 * Also checks that no page makes the browser download a search index up front: no page may
 * reference `pagefind` in a src/href or a static import. When a Chromium is available the
 * same is checked in a real browser: opening the page requests nothing under `pagefind/`,
 * opening the search and typing does, and only a part of the index.
 *
 * Builds the sample vault (src/content) and, unless build.ts left one, a synthetic vault.
 *
 * `node bench/page-weight.ts loaded [DIR [WIDTHxHEIGHT]]` weighs a built site's note pages (default:
 * the sample build this script leaves) as the e2e budget test does: in Chromium (1280x800 unless
 * told), each page in a fresh context, every response but images until the network is idle,
 * gzip level 6; with the page's layout shift (CLS) at idle, whether Mermaid was fetched, and,
 * for pages with a diagram, the weight and CLS once the reader has moved the pointer (Mermaid
 * waits for the reader's first act), jumped to each diagram and it is drawn (scrolled into view
 * at once, so it is drawn in view: the worst case for layout shift; a reader who scrolls finds it
 * drawn a screen ahead, tests/e2e/navigation.spec.ts), and
 * the CLS of following a link to the heading just above and just below the first diagram.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { BUILD_ROOT, measureBuild } from './build.ts';
import { writeVault } from './generate-vault.ts';
import { kilobytes, OUT, table } from './lib.ts';

const BUDGET = 60 * 1024;

interface Asset { url: string; kind: 'html' | 'css' | 'js'; raw: number; gzip: number }

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find((v) => v !== undefined);

/** Static `import … from "x"`, `import "x"`, `export … from "x"`; never `import("x")`. */
function staticImports(code: string): string[] {
  const re = /(?:^|[^\w$.])(?:import\s*(?:[\w$*{}\s,]+?\s*from\s*)?|export\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*)["']([^"']+)["']/g;
  return [...code.matchAll(re)].map((m) => m[1]);
}

/** `/x/y.js` or a path relative to `from`, as a file in outDir; undefined for other origins and data: URLs. */
function localFile(outDir: string, url: string, from: string): string | undefined {
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) return undefined;
  const pathname = decodeURIComponent(new URL(url, `http://site${from}`).pathname);
  return path.join(outDir, pathname);
}

export function pageWeight(outDir: string, pageUrl: string): { assets: Asset[]; total: number; staticRefs: string[]; inlineJs: number } {
  const htmlFile = htmlFileOf(outDir, pageUrl);
  const html = readFileSync(htmlFile);
  const assets: Asset[] = [{ url: pageUrl, kind: 'html', raw: html.length, gzip: gz(html) }];
  const seen = new Set<string>();
  const staticRefs: string[] = [];
  const addJs = (url: string, from: string) => {
    staticRefs.push(url);
    const file = localFile(outDir, url, from);
    if (!file || seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file);
    const own = new URL(url, `http://site${from}`).pathname;
    assets.push({ url: own, kind: 'js', raw: code.length, gzip: gz(code) });
    for (const spec of staticImports(code.toString('utf8'))) addJs(spec, own);
  };
  const text = html.toString('utf8');
  for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel.includes('stylesheet')) {
      staticRefs.push(href);
      const file = localFile(outDir, href, pageUrl);
      if (!file || seen.has(file)) continue;
      seen.add(file);
      const css = readFileSync(file);
      assets.push({ url: href, kind: 'css', raw: css.length, gzip: gz(css) });
    } else if (rel.includes('modulepreload') || (rel.includes('preload') && /script/i.test(attr(tag, 'as') ?? ''))) addJs(href, pageUrl);
    else if (rel.some((r) => ['preload', 'prefetch'].includes(r))) staticRefs.push(href);
  }
  let inlineJs = 0;
  for (const [, attrs, body] of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(`<s ${attrs}>`, 'src');
    if (src) addJs(src, pageUrl);
    else {
      inlineJs += Buffer.byteLength(body);
      for (const spec of staticImports(body)) addJs(spec, pageUrl);
    }
  }
  return { assets, total: assets.reduce((sum, a) => sum + a.gzip, 0), staticRefs, inlineJs };
}

const htmlFileOf = (outDir: string, url: string) => path.join(outDir, decodeURIComponent(url), url.endsWith('.html') ? '' : 'index.html');

/** Every HTML page of a build (the search index's own files excluded), as URL paths. */
function pages(outDir: string): string[] {
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'))
    .map((f) => (f.endsWith('/index.html') || f === 'index.html' ? `/${f.slice(0, -'index.html'.length)}` : `/${f}`));
}

/** Pages referencing pagefind up front (src/href/static import), which would load the index with the page. */
function pagefindViolations(outDir: string): string[] {
  return pages(outDir).filter((url) => pageWeight(outDir, url).staticRefs.some((ref) => /pagefind/i.test(ref)));
}

function dirSize(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

/** In a real browser: what a page requests on load, and what opening the search adds. */
async function browserCheck(outDir: string, pageUrl: string, query: string): Promise<string> {
  try {
    findChromium();
  } catch (error) {
    return `browser check skipped: ${(error as Error).message.split('\n')[0]}`;
  }
  const server = await serveStatic(outDir, '/');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(new URL(pageUrl.slice(1), server.url).href, { waitUntil: 'networkidle' });
    const onLoad = requested.length;
    const pagefindOnLoad = requested.filter((u) => u.includes('/pagefind/'));
    await page.click('.search-trigger');
    await page.fill('.search-input', query);
    await page.waitForSelector('.search-results li', { timeout: 15_000 }).catch(() => undefined);
    await page.waitForLoadState('networkidle');
    const fetched = [...new Set(requested.slice(onLoad).filter((u) => u.includes('/pagefind/')))];
    const size = (list: string[]) => list.reduce((sum, u) => sum + (statSync(path.join(outDir, decodeURIComponent(u)), { throwIfNoEntry: false })?.size ?? 0), 0);
    const indexSize = dirSize(path.join(outDir, 'pagefind'));
    return `browser: ${pageUrl} made ${onLoad} requests on load, ${pagefindOnLoad.length} of them to pagefind/; ` +
      `searching "${query}" then fetched ${fetched.length} pagefind files (${kilobytes(size(fetched))} of the ${kilobytes(indexSize)} index).`;
  } finally {
    await browser.close();
    await server.close();
  }
}

function report(name: string, outDir: string, urls: string[]): { rows: (string | number)[][]; notes: string[] } {
  const rows: (string | number)[][] = [];
  for (const url of urls) {
    const w = pageWeight(outDir, url);
    const sum = (kind: Asset['kind']) => w.assets.filter((a) => a.kind === kind).reduce((s, a) => s + a.gzip, 0);
    const files = w.assets.filter((a) => a.kind !== 'html').length;
    rows.push([name, url, kilobytes(sum('html')), kilobytes(w.inlineJs), kilobytes(sum('css')), kilobytes(sum('js')), files, kilobytes(w.total), w.total <= BUDGET ? 'pass' : '**FAIL**']);
  }
  const violations = pagefindViolations(outDir);
  const all = pages(outDir).length;
  return { rows, notes: [`${name}: ${violations.length} of ${all} pages reference pagefind up front${violations.length ? `: ${violations.slice(0, 5).join(', ')}` : ''}`] };
}

/** The note page whose HTML is heaviest (gzip): hubs with many backlinks. */
function heaviestNote(outDir: string): string {
  let best = { url: '', size: 0 };
  for (const url of pages(outDir)) {
    if (/^\/(tags|notes|404)\b/.test(url) || url === '/') continue; // lists, not notes
    const size = gz(readFileSync(htmlFileOf(outDir, url)));
    if (size > best.size) best = { url, size };
  }
  return best.url;
}

export async function runPageWeight(): Promise<string> {
  const sampleOut = path.join(BUILD_ROOT, 'sample');
  console.log('page weight: building the sample vault…');
  await measureBuild(undefined, sampleOut, 5);
  let synthOut = path.join(BUILD_ROOT, 'build-1000');
  if (!existsSync(path.join(synthOut, 'index.html'))) {
    console.log('page weight: building a 300-note synthetic vault…');
    synthOut = path.join(BUILD_ROOT, 'build-300');
    writeVault(path.join(OUT, 'vault-300'), 300);
    await measureBuild(path.join(OUT, 'vault-300'), synthOut, 300);
  }
  // The sample's English start page and home (no runnable block), its isolation note (SQL blocks and
  // seven labs) and its note on writing notes (SQL, views of relationships, two labs); the synthetic home
  // page; then, for scale, a typical synthetic note (with SQL and Python blocks) and the heaviest one.
  const sample = report('sample', sampleOut, ['/english/start-here/', '/', '/изоляция-транзакций/', '/как-писать-заметки/']);
  const synthNote = pages(synthOut).find((u) => u.startsWith('/english/') && u.split('/').length > 4) ?? '/';
  const synth = report(path.basename(synthOut), synthOut, ['/', synthNote, heaviestNote(synthOut)]);
  const headers = ['build', 'page', 'HTML (gzip)', 'inline JS in it (raw)', 'CSS (gzip)', 'JS files (gzip)', 'files', 'total (gzip -9)', '≤ 60 KB'];
  const lines = [
    table(headers, [...sample.rows, ...synth.rows]),
    '',
    ...sample.notes, ...synth.notes,
    await browserCheck(sampleOut, '/english/start-here/', 'profile'),
    await browserCheck(synthOut, '/', 'ключ'),
    '',
    await loadedWeights(sampleOut).catch((error: Error) => `loaded weights skipped: ${error.message.split('\n')[0]}`),
  ];
  const out = lines.join('\n');
  console.log(`\n${out}\n`);
  return out;
}

/** Note pages of a build: not the lists (tags, all notes), the graph or the 404 page. */
const notePages = (outDir: string) => pages(outDir).filter((url) => !/^\/(?:tags|notes|graph|404|pagefind)\b/.test(url)).sort();

/** A page opened in a fresh context, with what it fetched (gzip, images aside) and its layout shift. */
async function openPage(browser: Browser, url: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const bodies: Promise<number>[] = [];
  let mermaid = 0;
  page.on('response', (response) => {
    if (response.request().resourceType() === 'image') return;
    bodies.push(response.body().then((b) => gzipSync(b).length, () => 0));
    if (response.url().includes('/_vault/mermaid/')) mermaid++;
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cls: number };
    w.cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) w.cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return {
    page,
    close: () => context.close(),
    mermaidFetched: () => mermaid > 0,
    weight: async () => (await Promise.all(bodies)).reduce((a, b) => a + b, 0),
    // Read after the next frame has been drawn, when the shifts of the last one have been reported.
    cls: () =>
      page.evaluate(() => new Promise<string>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve((window as unknown as { cls: number }).cls.toFixed(3))))))),
  };
}

/** Drawn: Mermaid lays a diagram out in an svg of its own inside the box first. */
const drawnDiagram = (page: Page) => page.locator('pre.mermaid > svg').first();

/**
 * The layout shift of following a link to the heading just above or below a page's first
 * diagram, once the page is idle (`location.hash`); "not drawn" when the diagram stays out of reach.
 */
async function linkShift(browser: Browser, url: string, viewport: { width: number; height: number }, side: 'above' | 'below'): Promise<string> {
  const opened = await openPage(browser, url, viewport);
  try {
    const id = await opened.page.evaluate((side) => {
      const diagram = document.querySelector('pre.mermaid');
      const headings = [...document.querySelectorAll('.note-content :is(h2, h3, h4)[id]')];
      const before = headings.filter((h) => diagram && h.compareDocumentPosition(diagram) & Node.DOCUMENT_POSITION_FOLLOWING);
      return (side === 'above' ? before.at(-1) : headings[before.length])?.id;
    }, side);
    if (!id) return 'no heading';
    await opened.page.evaluate((id) => { location.hash = id; }, id);
    const drawn = await drawnDiagram(opened.page).waitFor({ state: 'attached', timeout: 5_000 }).then(() => true, () => false);
    return drawn ? await opened.cls() : 'not drawn';
  } finally {
    await opened.close();
  }
}

/** Every note page as a reader's first visit loads it (see the doc comment at the top). */
export async function loadedWeights(outDir: string, viewport = { width: 1280, height: 800 }): Promise<string> {
  const server = await serveStatic(outDir, '/');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const rows: (string | number)[][] = [];
  try {
    for (const url of notePages(outDir)) {
      const href = new URL(url.slice(1), server.url).href;
      const opened = await openPage(browser, href, viewport);
      const loaded = await opened.weight();
      const row: (string | number)[] = [decodeURI(url), kilobytes(loaded), loaded <= BUDGET ? 'pass' : '**FAIL**', opened.mermaidFetched() ? 'yes' : 'no', await opened.cls()];
      const diagrams = await opened.page.locator('pre.mermaid').all();
      // The reader's first act (Mermaid waits for one): the pointer moves, away from any link.
      if (diagrams.length > 0) await opened.page.mouse.move(viewport.width - 5, viewport.height / 2);
      for (const diagram of diagrams) {
        await diagram.scrollIntoViewIfNeeded();
        await diagram.locator(':scope > svg').waitFor({ timeout: 30_000 });
      }
      if (diagrams.length > 0) {
        await opened.page.waitForLoadState('networkidle');
        row.push(kilobytes(await opened.weight()), await opened.cls());
      }
      await opened.close();
      if (diagrams.length > 0) row.push(await linkShift(browser, href, viewport, 'above'), await linkShift(browser, href, viewport, 'below'));
      rows.push(row);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const headers = ['note page', 'loaded (gzip)', '≤ 60 KB', 'Mermaid fetched', 'CLS', 'after jumping to its diagrams', 'CLS then', 'CLS: link to the heading above the first', 'below it'];
  return table(headers, rows.map((row) => [...row, ...Array(headers.length - row.length).fill('')]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'loaded') {
    const [width, height] = (process.argv[4] ?? '1280x800').split('x').map(Number);
    console.log(`\n${await loadedWeights(process.argv[3] ?? path.join(BUILD_ROOT, 'sample'), { width, height })}\n`);
  }
  else await runPageWeight();
}

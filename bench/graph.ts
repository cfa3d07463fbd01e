/**
 * The graph view at scale (`npm run bench:graph`): the graph data of a 5,000-note synthetic
 * vault (bytes per note, raw and gzip), then, in Chromium, the global graph page drawing
 * that data (served in place of a small site's own): time from the data's arrival to the
 * first drawn frame, time until a wheel over it (real input, sent at that first frame) is
 * handled and zooms, and frame times while the layout runs. Also the code the graph loads when opened,
 * and the note page's first-party weight before that. Budgets: interactive ≤ 1 s after the
 * data arrives; note page ≤ 60 KB gzip until the graph is opened.
 */
import { chromium, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { assembleSite, readNote } from '../src/node/site/build-site.ts';
import { buildGraph, type GraphData } from '../src/core/site/vault-graph.ts';
import type { Attachment, Note } from '../src/core/site/model.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import { isNotePath } from '../src/node/vault/scan.ts';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { BUILD_ROOT, measureBuild } from './build.ts';
import { generateVault } from './generate-vault.ts';
import { kilobytes, ROOT, table } from './lib.ts';
import { pageWeight } from './page-weight.ts';

const NOTES = 5000;
const INTERACTIVE_BUDGET_MS = 1000;
const PAGE_BUDGET = 60 * 1024;
const TRIALS = 3;

const gz = (text: string) => gzipSync(text, { level: 9 }).length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The synthetic vault's site model, read in memory through the build's own readNote and assembleSite. */
export function syntheticGraph(count: number): GraphData {
  const { files } = generateVault(count);
  const diagnostics: Diagnostic[] = [];
  const notes: Note[] = [];
  const attachments: Attachment[] = [];
  for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (rel.startsWith('.')) continue;
    const file = { path: rel, absPath: `/vault/${rel}`, mtimeMs: 0, size: content.length };
    if (!isNotePath(rel)) attachments.push({ ...file, isNote: false, slug: '', url: '', size: content.length });
    else {
      const note = readNote(file, content.toString(), undefined, diagnostics);
      if (note) notes.push(note);
    }
  }
  return buildGraph(assembleSite({ vaultDir: '/vault', base: '/', gitDates: false }, notes, attachments, new Set(), diagnostics));
}

interface Trial { readyMs: number; interactiveMs: number; inputDelayMs: number; zoomed: boolean; frames: number[] }

/** In the page, before it loads: reports the first drawn frame, then when the first wheel event is handled. */
function watchGraph(): void {
  const w = window as unknown as { kbWheel?: { handled: number; created: number; zoomBefore: number } };
  type View = { zoom(): number; dataAt: number };
  const panelView = () => (document.querySelector('.graph-panel') as (HTMLElement & { graphView?: View }) | null)?.graphView;
  let zoomBefore = 0;
  new MutationObserver(() => {
    const view = panelView();
    if (view && zoomBefore === 0) {
      zoomBefore = view.zoom();
      console.log('kb-graph-ready');
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
  addEventListener('wheel', (event) => {
    w.kbWheel ??= { handled: performance.now(), created: event.timeStamp, zoomBefore };
  }, { capture: true });
}

/**
 * One cold load of /graph/ with the synthetic data served as the site's graph data. The
 * wheel is real input (the browser's input queue, as a reader's), sent as soon as the first
 * frame is drawn; interactive is when the page handled it, counted from the data's arrival.
 */
async function trial(page: Page, siteUrl: string, json: string): Promise<Trial> {
  await page.addInitScript(watchGraph);
  await page.route('**/graph/data.json', async (route) => {
    await page.mouse.move(640, 520); // over the drawing, where the wheel will be
    await route.fulfill({ status: 200, contentType: 'application/json', body: json });
  });
  const ready = page.waitForEvent('console', { predicate: (m) => m.text() === 'kb-graph-ready', timeout: 30_000 });
  await page.goto(`${siteUrl}graph/`);
  await ready;
  await page.mouse.wheel(0, -400);
  await page.waitForFunction(() => (window as unknown as { kbWheel?: unknown }).kbWheel !== undefined, undefined, { timeout: 30_000 });
  const result = await page.evaluate(() => {
    const view = (document.querySelector('.graph-panel') as HTMLElement & { graphView: { zoom(): number; dataAt: number } }).graphView;
    const wheel = (window as unknown as { kbWheel: { handled: number; created: number; zoomBefore: number } }).kbWheel;
    return { dataAt: view.dataAt, wheel, zoomNow: view.zoom(), readyMs: Number((document.querySelector('.graph-panel') as HTMLElement).dataset.readyMs) };
  });
  const frames = await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        let last = performance.now();
        const step = (now: number) => {
          times.push(now - last);
          last = now;
          if (times.length < 60) requestAnimationFrame(step);
          else resolve(times);
        };
        requestAnimationFrame(step);
      }),
  );
  return {
    readyMs: result.readyMs,
    interactiveMs: result.wheel.handled - result.dataAt,
    inputDelayMs: result.wheel.handled - result.wheel.created,
    zoomed: result.zoomNow !== result.wheel.zoomBefore,
    frames,
  };
}

export async function runGraphBench(): Promise<string> {
  console.log(`graph: ${NOTES} synthetic notes…`);
  const data = syntheticGraph(NOTES);
  const json = JSON.stringify(data);
  const notes = data.titles.length;
  const links = data.links.length / 2;
  const sizeRows = [[notes, links, kilobytes(json.length), kilobytes(gz(json)), `${(json.length / notes).toFixed(0)} B`, `${(gz(json) / notes).toFixed(1)} B`]];

  const site = path.join(BUILD_ROOT, 'graph-site');
  console.log('graph: building the fixture vault…');
  await measureBuild(path.join(ROOT, 'tests/fixtures/vault'), site, 7);
  const weight = pageWeight(site, '/english/sessions/');
  const server = await serveStatic(site, '/');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const trials: Trial[] = [];
  let openedCode = 0;
  try {
    for (let i = 0; i < TRIALS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      trials.push(await trial(page, server.url, json));
      await context.close();
    }
    // What opening the local graph of a note adds, gzip: its code (the data is this small site's).
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}english/sessions/`, { waitUntil: 'networkidle' });
    const before = new Set<string>();
    page.on('request', (r) => before.add(new URL(r.url()).pathname));
    await page.locator('.graph-toggle').click();
    await page.locator('.graph-panel[data-state="ready"]').waitFor();
    await page.waitForLoadState('networkidle');
    for (const url of before) if (url.endsWith('.js')) openedCode += gzipSync(readFileSync(path.join(site, url)), { level: 9 }).length;
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const ready = median(trials.map((t) => t.readyMs));
  const interactive = median(trials.map((t) => t.interactiveMs));
  // A wheel that changed nothing would not be interactivity.
  const ok = interactive <= INTERACTIVE_BUDGET_MS && trials.every((t) => t.zoomed);
  const frames = trials.flatMap((t) => t.frames).sort((a, b) => a - b);
  const p = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))].toFixed(0);
  const lines = [
    table(['notes', 'links', 'data (raw)', 'data (gzip -9)', 'per note (raw)', 'per note (gzip)'], sizeRows),
    '',
    table(
      ['global graph, 5,000 notes (Chromium, median of 3)', 'ms', 'budget', 'result'],
      [
        ['data arrived → first frame drawn', ready, '', ''],
        ['data arrived → a wheel sent at the first frame is handled (interactive)', Math.round(interactive), `≤ ${INTERACTIVE_BUDGET_MS}`, ok ? 'pass' : '**FAIL**'],
        ['of which the wheel waited in the input queue', Math.round(median(trials.map((t) => t.inputDelayMs))), '', ''],
        ['frame time while the layout runs, median / p95', `${p(0.5)} / ${p(0.95)}`, '', ''],
      ],
    ),
    '',
    table(
      ['note page (fixture: english/sessions/)', 'gzip', 'budget', 'result'],
      [
        ['first-party HTML + CSS + JS before the graph is opened', kilobytes(weight.total), '≤ 60 KB', weight.total <= PAGE_BUDGET ? 'pass' : '**FAIL**'],
        ['code loaded when the graph is opened (force-graph and the view)', kilobytes(openedCode), '', ''],
      ],
    ),
  ];
  // The machines are shared: the load says how much of the CPU the browser had.
  lines.push('', `load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
  const out = lines.join('\n');
  console.log(`\n${out}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runGraphBench();

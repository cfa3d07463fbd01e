/**
 * The isolation lab's speed and weight (`npm run bench:lab`), in Chromium on a local static
 * server, on a note with a 20-step, four-session scenario: lab ready cold (page open to the
 * first step's result, nothing cached), the same once prewarmed (in view for a moment), each
 * further step, Back from the last step (a reset and a replay of 19 steps), the PGlite
 * instances (workers) the page starts for two labs, and memory: the page's JS heap and what
 * the browser's processes grew by. Budgets: ready cold ≤ 3 s, step ≤ 100 ms, Back ≤ 1 s.
 */
import { chromium, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { ms, OUT, projectEnv, range, ROOT, table, treeRss, verdict } from './lib.ts';

const VAULT = path.join(OUT, 'lab-vault');
const SITE = path.join(OUT, 'builds/lab-site');
const TRIALS = 3;
const SESSIONS = ['A', 'B', 'C', 'D'];

/** Four sessions, five steps each, interleaved: 20 steps, every one a real statement. */
function twentySteps(): string {
  const steps = (s: string, i: number) => [
    `${s}: BEGIN ISOLATION LEVEL REPEATABLE READ;`,
    `${s}: SELECT sum(balance) FROM accounts;`,
    `${s}: UPDATE accounts SET balance = balance + ${i + 1} WHERE id = ${i + 1};`,
    `${s}: SELECT id, balance FROM accounts ORDER BY id;`,
    `${s}: COMMIT;`,
  ];
  const bySession = SESSIONS.map(steps);
  const lines = bySession[0].flatMap((_, k) => bySession.map((session) => session[k]));
  return [
    '-- title: Twenty steps',
    '-- setup',
    'CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);',
    'INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 4) g;',
    '-- steps',
    ...lines,
  ].join('\n');
}

function writeVault(): void {
  mkdirSync(VAULT, { recursive: true });
  writeFileSync(path.join(VAULT, 'index.md'), '# Lab bench\n\n[[Lab]]\n');
  const lost = ['-- setup', 'CREATE TABLE t (id int PRIMARY KEY, v int);', 'INSERT INTO t VALUES (1, 1);', '-- steps', 'A: BEGIN;', 'A: UPDATE t SET v = 2;', 'B: UPDATE t SET v = 3;', 'A: COMMIT;'].join('\n');
  writeFileSync(path.join(VAULT, 'Lab.md'), `# Lab\n\n\`\`\`lab\n${twentySteps()}\n\`\`\`\n\n\`\`\`lab\n${lost}\n\`\`\`\n`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Milliseconds from pressing `button` until the lab has drawn the answer. */
function timed(lab: Locator, button: string): Promise<number> {
  return lab.evaluate(
    (root, selector) =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        new MutationObserver((records, observer) => {
          if (root.getAttribute('aria-busy') === 'false' && records.some((r) => r.oldValue === 'true')) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        }).observe(root, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
        root.querySelector<HTMLButtonElement>(selector)!.click();
      }),
    button,
  );
}

const rssMb = () => treeRss(process.pid).reduce((sum, p) => sum + p.rss, 0) / 2 ** 20;

async function heapMb(page: Page): Promise<number> {
  return page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20);
}

export async function runLabBench(): Promise<string> {
  writeVault();
  execFileSync('node', ['src/cli/build.ts', '--outDir', SITE], { cwd: ROOT, env: projectEnv({ VAULT_DIR: VAULT }), stdio: 'ignore' });
  const server = await serveStatic(SITE, '/');
  const url = `${server.url}lab/`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  const cold: number[] = [];
  const prewarmed: number[] = [];
  const steps: number[] = [];
  const backs: number[] = [];
  let workers = 0;
  let heapBefore = 0;
  let heapAfter = 0;
  let rssGrowth = 0;
  try {
    for (let i = 0; i < TRIALS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let started = 0;
      page.on('worker', () => started++);
      const rssBefore = rssMb();
      await page.goto(url);
      const lab = page.locator('.lab[data-lab-block="0"]');
      await lab.locator('.lab-step-button').waitFor();
      if (i === 0) heapBefore = await heapMb(page);
      cold.push(await timed(lab, '.lab-step-button'));
      for (let k = 1; k < 20; k++) steps.push(await timed(lab, '.lab-step-button'));
      backs.push(await timed(lab, '.lab-back'));
      // The other lab on the page runs on the same database.
      const other = page.locator('.lab[data-lab-block="1"]');
      await timed(other, '.lab-run-all');
      await timed(lab, '.lab-run-all');
      if (i === 0) {
        heapAfter = await heapMb(page);
        rssGrowth = rssMb() - rssBefore;
        workers = started;
      }
      await page.reload();
      await lab.scrollIntoViewIfNeeded();
      await page.waitForTimeout(5000);
      prewarmed.push(await timed(lab, '.lab-step-button'));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return table(
    ['measure', 'median', 'range', 'budget', 'result'],
    [
      [`lab ready, cold cache: open to first step's result (${TRIALS} runs)`, ms(median(cold)), range(cold), '≤ 3000 ms', verdict(median(cold) <= 3000)],
      [`first step, prewarmed (${TRIALS} runs)`, ms(median(prewarmed)), range(prewarmed), '—', ''],
      [`each further step, 20-step scenario (${steps.length} steps)`, ms(median(steps)), range(steps), '≤ 100 ms', verdict(median(steps) <= 100 && Math.max(...steps) <= 100)],
      [`Back from step 20: reset, setup and 19 steps replayed (${TRIALS} runs)`, ms(median(backs)), range(backs), '≤ 1000 ms', verdict(Math.max(...backs) <= 1000)],
      ['PGlite instances (workers) for two labs on a page', String(workers), '', '1', verdict(workers === 1)],
      ['page JS heap: before the first step → after both labs ran', `${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`, '', '—', ''],
      ["browser processes' memory (RSS) growth, page with both labs run", `${Math.round(rssGrowth)} MB`, '', '—', ''],
    ],
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await runLabBench());

/**
 * The relationship views' cost (`npm run bench:relationships`), in Chromium on a local static
 * server. A small vault (under bench/.out) has two notes with the same 20-table schema and the
 * same DELETE, which cascades to 1,000 rows: one note draws the schema and shows changes, the
 * other has no view, so its runs are ordinary (no capture). Per trial, on a fresh page:
 * the time from the click on Run until the result shows, on both notes; on the one with
 * views, until its diagram and change view are updated too (and painted: one frame more).
 * Budget: capture plus diagram update ≤ 100 ms for a 20-table schema and a statement
 * touching 1,000 rows, i.e. (views note, all updated) − (plain note, result shown).
 * Also timed: the diagram laid out anew after a CREATE TABLE, and a page's first diagram.
 */
import { chromium, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { ms, OUT, projectEnv, ROOT, table } from './lib.ts';

const VAULT = path.join(OUT, 'relationships-vault');
const SITE = path.join(OUT, 'builds/relationships-site');
const TRIALS = 7;
const TABLES = 20;
const BUDGET_MS = 100;

/** Table k (k ≥ 2) refers to table ⌊k/2⌋ with ON DELETE CASCADE: a binary tree of 20 tables. */
const name = (k: number) => `t${String(k).padStart(2, '0')}`;

/**
 * Deleting t01's row 1 deletes it and, by cascade, 500 rows of t02 and 499 of t03: 1,000
 * rows. Every other row refers to rows that stay, so the cascade stops there (but the
 * capture still watches every table it could reach).
 */
function schemaSql(): string {
  const lines = [`CREATE TABLE ${name(1)} (id integer PRIMARY KEY, name text NOT NULL);`, `INSERT INTO ${name(1)} VALUES (1, 'doomed'), (2, 'kept');`];
  for (let k = 2; k <= TABLES; k++) {
    const parent = name(Math.floor(k / 2));
    lines.push(
      `CREATE TABLE ${name(k)} (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES ${parent} (id) ON DELETE CASCADE, ` +
        `name text NOT NULL, note text, created date DEFAULT current_date, UNIQUE (parent_id, name));`,
    );
  }
  // t02: 500 rows under the doomed row, 100 under the kept one; t03: 499 and 100.
  lines.push(`INSERT INTO ${name(2)} SELECT n, CASE WHEN n <= 500 THEN 1 ELSE 2 END, 'r' || n FROM generate_series(1, 600) n;`);
  lines.push(`INSERT INTO ${name(3)} SELECT n, CASE WHEN n <= 499 THEN 1 ELSE 2 END, 'r' || n FROM generate_series(1, 599) n;`);
  const kept = (k: number) => (k === 2 ? 501 : k === 3 ? 500 : 1);
  for (let k = 4; k <= TABLES; k++) {
    lines.push(`INSERT INTO ${name(k)} SELECT n, ${kept(Math.floor(k / 2))} + n % 100, 'r' || n FROM generate_series(1, 100) n;`);
  }
  return lines.join('\n');
}

function writeVault(): void {
  rmSync(VAULT, { recursive: true, force: true });
  mkdirSync(VAULT, { recursive: true });
  const note = (views: boolean) =>
    [
      `# ${views ? 'Views' : 'Plain'}`,
      '',
      '```sql',
      schemaSql(),
      '```',
      '',
      ...(views ? ['```sql-schema', '```', ''] : []),
      `\`\`\`sql${views ? ' show=changes' : ''}`,
      `DELETE FROM ${name(1)} WHERE id = 1;`,
      '```',
      '',
      '```sql',
      `CREATE TABLE t21 (id integer PRIMARY KEY, parent_id integer REFERENCES ${name(10)} (id));`,
      '```',
      '',
    ].join('\n');
  writeFileSync(path.join(VAULT, 'index.md'), '# Relationships benchmark\n\n[[Views]] and [[Plain]].\n');
  writeFileSync(path.join(VAULT, 'Views.md'), note(true));
  writeFileSync(path.join(VAULT, 'Plain.md'), note(false));
}

interface Timing {
  /** Click to the block's result in the page (its summary and results set). */
  shown: number;
  /** Click to the page's diagram updated, the last of a run's views, when there is one. */
  drawn?: number;
  /** Click to the frame after the last of those: all of it painted. */
  painted: number;
}

/**
 * Clicks Run on block `id` and times it. A MutationObserver's callback runs right after the
 * change it reports (a microtask), before the code after it goes on to the views.
 */
async function timeRun(page: Page, id: number, views: boolean): Promise<Timing> {
  await page.locator(`.sql-block[data-sql-block="${id}"] .sql-run`).waitFor();
  return page.evaluate(
    ({ id, views }) =>
      new Promise<Timing>((resolve, reject) => {
        setTimeout(() => reject(new Error(`block ${id}: not updated within 60 s`)), 60_000);
        const block = document.querySelector<HTMLElement>(`.sql-block[data-sql-block="${id}"]`)!;
        const started = performance.now();
        const painted = (timing: Omit<Timing, 'painted'>) =>
          requestAnimationFrame(() => setTimeout(() => resolve({ ...timing, painted: performance.now() - started })));
        let shown: number | undefined;
        const observer = new MutationObserver((records) => {
          for (const record of records) {
            const target = record.target as Element;
            if (shown === undefined && target === block && record.oldValue === 'running' && block.dataset.state !== 'running') {
              shown = performance.now() - started;
              if (!views) {
                observer.disconnect();
                painted({ shown });
                return;
              }
            }
            // aria-busy went away: the diagram is drawn. (It may come and go within one
            // task, so the record's old value tells, not the element.)
            if (shown !== undefined && record.attributeName === 'aria-busy' && record.oldValue !== null && target.matches('.sql-schema-view .schema-diagram')) {
              observer.disconnect();
              painted({ shown, drawn: performance.now() - started });
              return;
            }
          }
        });
        observer.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-state', 'aria-busy'], attributeOldValue: true });
        block.querySelector<HTMLButtonElement>('.sql-run')!.click();
      }),
    { id, views },
  );
}

/** A fresh page of `note` with its schema built (and, with views, the diagram drawn once). */
async function prepared(page: Page, url: string, views: boolean): Promise<Timing> {
  await page.goto(url);
  return timeRun(page, 0, views);
}

/** The code only pages with views load: the views, the diagram, elkjs. */
const VIEWS_CODE = /page-views|diagram|elk/i;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function runRelationshipsBench(): Promise<string> {
  writeVault();
  execFileSync('node', ['src/cli/build.ts', '--outDir', SITE], { cwd: ROOT, env: projectEnv({ VAULT_DIR: VAULT }), stdio: 'ignore' });
  const server = await serveStatic(SITE, '/');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const plain: Timing[] = [];
  const captured: Timing[] = [];
  const relayout: Timing[] = [];
  const first: Timing[] = [];
  let changeLines = '';
  /** What the note without views fetched of the views' code and elkjs, and whether its run showed changes (it must not: no capture). */
  const plainPaid = { files: new Set<string>(), changeViews: 0 };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    let onPlain = false;
    page.on('request', (request) => {
      const file = new URL(request.url()).pathname;
      if (onPlain && VIEWS_CODE.test(file)) plainPaid.files.add(file);
    });
    for (let i = 0; i < TRIALS; i++) {
      onPlain = true;
      await prepared(page, `${server.url}plain/`, false);
      plain.push(await timeRun(page, 1, false));
      plainPaid.changeViews += await page.locator('.sql-changes, .sql-views > *').count();
      onPlain = false;
      first.push(await prepared(page, `${server.url}views/`, true));
      captured.push(await timeRun(page, 1, true));
      changeLines ||= (await page.locator('.sql-block[data-sql-block="1"] .sql-change-line').allTextContents()).join('; ');
      relayout.push(await timeRun(page, 2, true));
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }

  const row = (label: string, values: number[], budget = '—', verdict = ''): string[] => [
    label,
    ms(median(values)),
    `${ms(Math.min(...values))}–${ms(Math.max(...values))}`,
    budget,
    verdict,
  ];
  const pairs = (f: (plain: Timing, views: Timing) => number) => plain.map((p, i) => f(p, captured[i]));
  const overhead = pairs((p, v) => v.painted - p.painted);
  return [
    table(
      ['measure', `median of ${TRIALS}`, 'range', 'budget', 'result'],
      [
        row('(a) no views: click → result shown', plain.map((t) => t.shown)),
        row('(a′) no views: click → painted', plain.map((t) => t.painted)),
        row('(b) views: click → result shown (run with capture and schema read)', captured.map((t) => t.shown)),
        row('(c) views: click → change view and diagram updated', captured.map((t) => t.drawn!)),
        row('(c′) views: click → painted', captured.map((t) => t.painted)),
        row('capture in the worker: (b) − (a)', pairs((p, v) => v.shown - p.shown)),
        row('change view and diagram: (c) − (b)', captured.map((t) => t.drawn! - t.shown)),
        row('**capture plus diagram update: (c′) − (a′)**', overhead, `≤ ${BUDGET_MS} ms`, median(overhead) <= BUDGET_MS ? 'pass' : '**FAIL**'),
        row(`CREATE TABLE: click → diagram laid out anew (${TABLES + 1} tables)`, relayout.map((t) => t.drawn!)),
        row('… of which the layout and drawing: drawn − shown', relayout.map((t) => t.drawn! - t.shown)),
        row('first diagram of a page (elkjs from the HTTP cache, compiled, first layout): drawn − shown', first.map((t) => t.drawn! - t.shown)),
      ],
    ),
    '',
    `Without a view on the page: ${plainPaid.files.size} files of the views' code or elkjs fetched, ${plainPaid.changeViews} change views drawn ` +
      `(the run is not captured), over ${TRIALS} runs: ${plainPaid.files.size + plainPaid.changeViews === 0 ? 'pays nothing (pass)' : '**FAIL**'}.`,
    '',
    `${TABLES} tables, ${TABLES - 1} foreign keys; the statement: \`DELETE FROM t01 WHERE id = 1\`, whose change view reads: ${changeLines}.`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await runRelationshipsBench());

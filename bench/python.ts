/**
 * Python blocks (`npm run bench:python`). In Node: Pyodide's cold start with the
 * precompiled standard library and packages (src/node/python/bundle.ts) and SQLAlchemy
 * imported, the first ORM block on a page (models, create_all, an insert and a commit) and
 * a later ORM block, each the median of a few fresh runs. In Chromium, on the fixture vault
 * tests/fixtures/python-vault built with Python on and served locally: click to the first
 * Python result on a cold page and after prewarming, a later ORM block; the memory of its
 * note with SQL, Python and a lab (PSS, against the same browser on an empty page). Then
 * `npm run check` on the sample wiki's notes with Python blocks, and on four copies of them. Budgets
 * (issue 11): cold ≤ 4 s, prewarmed ≤ 300 ms, later ≤ 100 ms, memory ≤ 500 MB, check ≥ 5 notes/s.
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sqlStrings } from '../src/components/i18n.ts';
import { pgliteDataDir } from '../src/node/sql/datadir.ts';
import { NodeDatabase } from '../src/node/sql/node-database.ts';
import { loadNodePython } from '../src/node/python/load.ts';
import { ensurePythonBundle } from '../src/node/python/bundle.ts';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { clickToDone, megabytes, ms, OUT, projectEnv, range, ROOT, npmScript, runMeasured, seconds, table, treeMemory, verdict, type ProcMemory } from './lib.ts';

const TRIALS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const FIRST = `from sqlalchemy import create_engine, ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session
engine = create_engine("postgresql://localhost/app")
class Base(DeclarativeBase): pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    profile: Mapped["Profile"] = relationship(back_populates="user", uselist=False, cascade="all, delete-orphan")
class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    user: Mapped[User] = relationship(back_populates="profile")
Base.metadata.create_all(engine)
with Session(engine) as s:
    s.add(User(name="ann", profile=Profile()))
    s.commit()
`;
const LATER = `with Session(engine) as s:
    u = s.scalars(select(User).where(User.name == "ann")).one()
    u.name = "anna"
    s.commit()
`;

/** Pyodide's cold start, the first and a later ORM block, in this process. */
async function nodeBench(): Promise<void> {
  const bundle = await ensurePythonBundle();
  if ('warning' in bundle) throw new Error(bundle.warning);
  const cold: number[] = [];
  const first: number[] = [];
  const later: number[] = [];
  const dataDir = await pgliteDataDir();
  for (let i = 0; i < TRIALS; i++) {
    let at = performance.now();
    const python = await loadNodePython(bundle);
    cold.push(performance.now() - at);
    const node = await NodeDatabase.boot(dataDir);
    const db = python.database(node.db);
    at = performance.now();
    const one = await db.run(FIRST, 1);
    first.push(performance.now() - at);
    at = performance.now();
    const two = await db.run(LATER, 30);
    later.push(performance.now() - at);
    if (one.error || two.error) throw new Error(JSON.stringify(one.error ?? two.error));
    await node.close();
  }
  console.log('In Node:\n');
  console.log(`| measure (median of ${TRIALS}) | ms |\n| --- | ---: |`);
  console.log(`| Pyodide loaded with the precompiled zips, vault_kb (SQLAlchemy, pg8000) imported | ${median(cold).toFixed(0)} |`);
  console.log(`| first ORM block (two models, create_all, insert, commit) | ${median(first).toFixed(0)} |`);
  console.log(`| later ORM block (select, update, commit) | ${median(later).toFixed(0)} |`);
}

/** The fixture's first Python block (models, create_all) and its second (a select, an append, a commit). */
const FIRST_BLOCK = '.sql-block[data-python-block="0"]';
const LATER_BLOCK = '.sql-block[data-python-block="1"]';
const LATER_RUNS = 10;
const SITE = path.join(OUT, 'builds/python-site');

function buildSite(): void {
  execFileSync('node', ['src/cli/build.ts', '--outDir', SITE], {
    cwd: ROOT,
    env: projectEnv({ VAULT_DIR: path.join(ROOT, 'tests/fixtures/python-vault'), VAULT_PYTHON: '1', SITE_LANG: 'en' }),
    stdio: 'ignore',
  });
}

async function browserBench(siteUrl: string): Promise<string> {
  const url = `${siteUrl}orm/`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const cold: number[] = [];
  const prewarmed: number[] = [];
  const later: number[] = [];
  try {
    for (let i = 0; i < TRIALS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      cold.push(await clickToDone(page, FIRST_BLOCK));
      if (i === 0) {
        for (let k = 0; k < LATER_RUNS + 1; k++) {
          const ms = await clickToDone(page, LATER_BLOCK);
          // The first run also runs the SQL block above it.
          if (k > 0) later.push(ms);
        }
      }
      await page.reload();
      await page.locator(FIRST_BLOCK).scrollIntoViewIfNeeded();
      await page.locator('.sql-runner-status').filter({ hasText: sqlStrings('en').pythonReady }).waitFor({ timeout: 120_000 });
      prewarmed.push(await clickToDone(page, FIRST_BLOCK));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return table(
    ['measure', 'median', 'range', 'budget', 'result'],
    [
      [`click to first Python result, cold page (${TRIALS} runs)`, ms(median(cold)), range(cold), '≤ 4000 ms', verdict(median(cold) <= 4000)],
      [`click to first Python result, prewarmed (${TRIALS} runs)`, ms(median(prewarmed)), range(prewarmed), '≤ 300 ms', verdict(median(prewarmed) <= 300)],
      [`later ORM block (${LATER_RUNS} runs)`, ms(median(later)), range(later), '≤ 100 ms', verdict(median(later) <= 100)],
    ],
  );
}

/** The browser's processes: this process holds the Node interpreters measured above. */
const browserProcesses = () => treeMemory(process.pid).filter((p) => p.pid !== process.pid);
const sum = (processes: ProcMemory[], key: 'pss' | 'rss') => processes.reduce((total, p) => total + p[key], 0);
/** The renderer that holds the page and its workers: the largest, once the page has loaded. */
const pageRenderer = (processes: ProcMemory[]) => Math.max(...processes.filter((p) => p.type === 'renderer').map((p) => p.pss));

/**
 * A DevTools connection of our own to the browser (Playwright's cannot reach a page's
 * workers): each JavaScript isolate of the page (the page, the service worker, each Web
 * Worker), its heap and the ArrayBuffers it holds, then a garbage collection in each.
 */
async function isolates(profile: string, pageUrl: string): Promise<{ heaps: string[][]; collect(): Promise<void>; close(): void }> {
  const [port, browserPath] = readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${browserPath}`);
  await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
  let nextId = 1;
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  const sessions: { id: string; type: string; url: string }[] = [];
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id) waiting.get(message.id)?.(message.result ?? {});
    if (message.method === 'Target.attachedToTarget') sessions.push({ id: message.params.sessionId, ...message.params.targetInfo });
  });
  const send = <T>(method: string, params: object = {}, sessionId?: string) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (result: Record<string, unknown>) => void);
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  const { targetInfos } = await send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'page' && t.url === pageUrl)!;
  const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const heaps: string[][] = [];
  for (const s of sessions) {
    const heap = await send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage', {}, s.id);
    heaps.push([`${s.type} ${s.url.slice(s.url.lastIndexOf('/') + 1) || s.url}`, megabytes(heap.usedSize), megabytes(heap.backingStorageSize ?? 0)]);
  }
  return {
    heaps,
    collect: async () => {
      for (const s of sessions) await send('HeapProfiler.collectGarbage', {}, s.id);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    },
    close: () => socket.close(),
  };
}

/** The note with a SQL block, a Python block (on one database) and a lab (tests/fixtures/python-vault/Lab.md). */
const MIXED_NOTE = 'lab/';
/** Time for the browser to settle before each reading: memory is read, never waited for. */
const SETTLE_MS = 1000;
const BLANK_READINGS = 5;

/**
 * The memory a page with SQL, Python and a lab costs. A fresh browser profile on disk (as a
 * reader's: Playwright's default context keeps its HTTP cache and the service worker's cache in
 * memory), an empty page first, then the note with each of its runners started in turn. PSS of
 * every browser process, summed; the budget compares what the page adds to the same browser
 * showing an empty page. The renderer's PSS (the page and its workers) at each step says where
 * it goes; then each isolate's heap, and everything again after a garbage collection in each.
 */
async function memoryBench(siteUrl: string): Promise<string> {
  const profile = path.join(OUT, 'python-memory-profile');
  rmSync(profile, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profile, { executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--remote-debugging-port=0'] });
  const steps: { label: string; processes: ProcMemory[] }[] = [];
  const read = async (label: string) => {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    steps.push({ label, processes: browserProcesses() });
  };
  let heaps: string[][] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    // The browser settles after starting (its first seconds' allocations are let go): the
    // least of a few readings, so the page is not credited with what the start held.
    const empty: ProcMemory[][] = [];
    for (let i = 0; i < BLANK_READINGS; i++) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      empty.push(browserProcesses());
    }
    steps.push({ label: `an empty page (the least of ${BLANK_READINGS} readings)`, processes: empty.reduce((least, p) => (sum(p, 'pss') < sum(least, 'pss') ? p : least)) });
    const url = `${siteUrl}${MIXED_NOTE}`;
    await page.goto(url);
    await read('the note loaded');
    await clickToDone(page, '.sql-block[data-sql-block="0"]');
    await read('its first SQL block run (PGlite; no spare worker on a page with Python)');
    await clickToDone(page, '.sql-block[data-python-block="0"]');
    await read('its Python block run (Pyodide, SQLAlchemy)');
    const lab = page.locator('.lab[data-lab-block="0"]');
    await lab.locator('.lab-run-all').waitFor();
    await lab.evaluate(
      (root) =>
        new Promise<void>((resolve) => {
          new MutationObserver((records) => {
            if (root.getAttribute('aria-busy') === 'false' && records.some((r) => r.oldValue === 'true')) resolve();
          }).observe(root, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
          root.querySelector<HTMLButtonElement>('.lab-run-all')!.click();
        }),
    );
    await read("its lab run to the end (the lab's PGlite)");
    await page.locator('.sql-run-all').click();
    await page.locator('.sql-runner-status').filter({ hasText: 'Ran ' }).waitFor({ timeout: 120_000 });
    await read('Run all (the budget)');
    const devtools = await isolates(profile, url);
    heaps = devtools.heaps;
    await devtools.collect();
    devtools.close();
    await read('after a garbage collection in each isolate');
  } finally {
    await context.close();
  }
  const blank = sum(steps[0].processes, 'pss');
  const budgeted = steps.find((s) => s.label.startsWith('Run all'))!;
  const cost = sum(budgeted.processes, 'pss') - blank;
  const processes = budgeted.processes.filter((p) => p.pss > 2 ** 20).sort((a, b) => b.pss - a.pss);
  return [
    table(
      ['step', "all the browser's processes, PSS", 'more than the empty page', "the page's renderer, PSS", "all processes' RSS summed (shared pages counted again)"],
      steps.map((s, i) => [
        s.label,
        megabytes(sum(s.processes, 'pss')),
        i === 0 ? '' : megabytes(sum(s.processes, 'pss') - blank),
        i === 0 ? '' : megabytes(pageRenderer(s.processes)),
        megabytes(sum(s.processes, 'rss')),
      ]),
    ),
    table(['budget', 'measured', 'result'], [['memory of a page with SQL, Python and a lab (PSS more than the empty page) ≤ 500 MB', megabytes(cost), verdict(cost <= 500 * 2 ** 20)]]),
    `At Run all, by process:\n\n${table(['process', 'PSS', 'RSS'], processes.map((p) => [p.type, megabytes(p.pss), megabytes(p.rss)]))}`,
    `JavaScript isolates of the page before the collection:\n\n${table(['isolate', 'heap used', 'ArrayBuffers held'], heaps)}`,
  ].join('\n\n');
}

/** How many copies of the sample's Python notes the throughput is measured on (4 × 23 = 92 notes). */
const COPIES = 4;

/**
 * The sample wiki's notes that have Python blocks, in one folder, or `copies` times, a folder
 * each (links to the other notes stay unresolved: warnings). Returns the number of notes.
 */
function writeCheckVault(vault: string, copies: number): number {
  rmSync(vault, { recursive: true, force: true });
  const content = path.join(ROOT, 'src/content');
  const notes = readdirSync(content, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.md') && /^```python/m.test(readFileSync(path.join(content, file), 'utf8')),
  );
  for (let copy = 1; copy <= copies; copy++) {
    const folder = copies === 1 ? vault : path.join(vault, `copy-${copy}`);
    mkdirSync(folder, { recursive: true });
    for (const file of notes) copyFileSync(path.join(content, file), path.join(folder, path.basename(file)));
  }
  return notes.length * copies;
}

/** `npm run check` with Python blocks on, from the command's start to its exit (Pyodide loaded, every block run). */
async function timedCheck(copies: number) {
  const vault = path.join(OUT, `python-check-vault-${copies}`);
  const notes = writeCheckVault(vault, copies);
  const run = await runMeasured(...npmScript('check', '--vault', vault), { env: projectEnv({ VAULT_PYTHON: '1' }) });
  // Its last line: `<vault>: N notes, … Read … s, rendered … s, SQL … s, R notes/s.`: R is over the doc-tests' time.
  const summary = run.lines.map((l) => l.text).findLast((text) => text.includes(' notes, ')) ?? '(no summary)';
  return { notes, run, rate: notes / (run.wallMs / 1000), docTestRate: /(\d+) notes\/s/.exec(summary)?.[1] ?? '?', summary: summary.slice(summary.indexOf(': ') + 2) };
}

/**
 * The check's throughput is read, as the SQL check's (bench/sql.ts), on a vault big enough for a
 * rate to mean one: the sample's notes four times, but here over the whole command, its start
 * included (Node, astro.config.mjs, the interpreters). The sample's own 23 notes are timed too:
 * there the start is half of the time.
 */
async function checkBench(): Promise<string> {
  const sample = await timedCheck(1);
  const many = await timedCheck(COPIES);
  const row = (what: string, r: typeof sample, judged: boolean) => [
    `${what}: ${r.notes} notes, wall time (CPU time)`,
    `${seconds(r.run.wallMs)} (${seconds(r.run.cpuMs)})`,
    `${r.rate.toFixed(1)} notes/s (doc-tests: ${r.docTestRate})`,
    judged ? '≥ 5 notes/s' : '',
    judged ? verdict(r.rate >= 5) : '',
  ];
  return [
    table(
      ['npm run check, Python blocks on', 'value', 'whole command (the check\'s own rate)', 'budget', 'result'],
      [row("the sample wiki's notes with Python blocks", sample, false), row(`the same, ${COPIES} copies`, many, true)],
    ),
    `The check said: ${sample.summary}\n\nand: ${many.summary}`,
  ].join('\n\n');
}

// `npm run bench:python -- --check`: only the check, below (a minute, no browser).
if (!process.argv.includes('--check')) {
  await nodeBench();
  buildSite();
  const server = await serveStatic(SITE, '/');
  try {
    console.log(`\nIn Chromium:\n\n${await browserBench(server.url)}`);
    console.log(`\nMemory (Chromium, tests/fixtures/python-vault/Lab.md):\n\n${await memoryBench(server.url)}`);
  } finally {
    await server.close();
  }
}
console.log(`\nnpm run check:\n\n${await checkBench()}`);

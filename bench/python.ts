/**
 * Python blocks (`npm run bench:python`). In Node: Pyodide's cold start with the
 * precompiled standard library and packages (src/node/python/bundle.ts) and SQLAlchemy
 * imported, the first ORM block on a page (models, create_all, an insert and a commit) and
 * a later ORM block, each the median of a few fresh runs. In Chromium, on the fixture vault tests/fixtures/python-vault built with
 * Python on and served locally: click to the first Python result on a cold page and after
 * prewarming, a later ORM block, and the browser's memory with the page's blocks all run.
 * Budgets (issue 11): cold ≤ 4 s, prewarmed ≤ 300 ms, later ≤ 100 ms, memory ≤ 500 MB.
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sqlStrings } from '../src/components/i18n.ts';
import { pgliteDataDir } from '../src/node/sql/datadir.ts';
import { NodeDatabase } from '../src/node/sql/node-database.ts';
import { loadNodePython } from '../src/node/python/load.ts';
import { ensurePythonBundle } from '../src/node/python/bundle.ts';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { clickToDone, ms, OUT, projectEnv, range, ROOT, table, treeRss, verdict } from './lib.ts';

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

/** The fixture's first Python block (models, create_all) and its second (a select, an append, a commit). */
const FIRST_BLOCK = '.sql-block[data-python-block="0"]';
const LATER_BLOCK = '.sql-block[data-python-block="1"]';
const LATER_RUNS = 10;
/** The browser's processes only: this process holds the Node interpreters measured above. */
const rssMb = () => treeRss(process.pid).filter((p) => p.pid !== process.pid).reduce((sum, p) => sum + p.rss, 0) / 2 ** 20;

async function browserBench(): Promise<string> {
  const site = path.join(OUT, 'builds/python-site');
  execFileSync('node', ['src/cli/build.ts', '--outDir', site], {
    cwd: ROOT,
    env: projectEnv({ VAULT_DIR: path.join(ROOT, 'tests/fixtures/python-vault'), VAULT_PYTHON: '1', SITE_LANG: 'en' }),
    stdio: 'ignore',
  });
  const server = await serveStatic(site, '/');
  const url = `${server.url}orm/`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const cold: number[] = [];
  const prewarmed: number[] = [];
  const later: number[] = [];
  let memory = 0;
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
      if (i === 0) {
        await page.locator('.sql-run-all').click();
        await page.locator('.sql-runner-status').filter({ hasText: 'Ran ' }).waitFor({ timeout: 120_000 });
        memory = rssMb();
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return table(
    ['measure', 'median', 'range', 'budget', 'result'],
    [
      [`click to first Python result, cold page (${TRIALS} runs)`, ms(median(cold)), range(cold), '≤ 4000 ms', verdict(median(cold) <= 4000)],
      [`click to first Python result, prewarmed (${TRIALS} runs)`, ms(median(prewarmed)), range(prewarmed), '≤ 300 ms', verdict(median(prewarmed) <= 300)],
      [`later ORM block (${LATER_RUNS} runs)`, ms(median(later)), range(later), '≤ 100 ms', verdict(median(later) <= 100)],
      ['memory of the browser (all its processes, RSS) with the page\'s SQL and Python blocks run', `${Math.round(memory)} MB`, '', '≤ 500 MB', verdict(memory <= 500)],
    ],
  );
}

console.log(`\nIn Chromium:\n\n${await browserBench()}`);

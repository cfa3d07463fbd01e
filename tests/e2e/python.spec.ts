/**
 * Python blocks in the reader's browser (issue 11), on the fixture vault
 * tests/fixtures/python-vault (built with VAULT_PYTHON=1): SQLAlchemy on the page's PGlite,
 * chained with the SQL blocks of the same database, what it sent shown under each block,
 * errors with SQLSTATE, constraint and note lines, Stop on an endless loop, and no Python
 * fetched by a page without Python blocks.
 */
import { expect, test, type Locator, type Page, type Request } from '@playwright/test';
import { sqlStrings } from '../../src/components/i18n.ts';
import { BUFFER_POOL } from '../../src/core/sql/server-settings.ts';
import { sqlWorkers } from '../support/sql-page.ts';
import { waitFor } from '../support/waits.ts';

const t = sqlStrings('en');
const url = (slug: string) => `${process.env.PYTHON_URL}${slug}/`;

/** The page's runnable blocks (SQL and Python) in page order. */
const nth = (page: Page, index: number) => page.locator('.note-content .sql-block').nth(index);
const python = (page: Page, id: number) => page.locator(`.sql-block[data-python-block="${id}"]`);

/** Loading Pyodide and SQLAlchemy takes seconds on a loaded machine. */
const PYTHON_TIMEOUT = 60_000;

async function run(target: Locator): Promise<Locator> {
  await target.locator('.sql-run').click();
  await expect(target).toHaveAttribute('data-state', /^(?!running$)/, { timeout: PYTHON_TIMEOUT });
  return target;
}

test.describe.configure(waitFor(120_000));

test('a Python block makes tables that the diagram and a later SQL block see; SQL, Python, SQL in one chain', async ({ page }) => {
  await page.goto(url('orm'));
  await expect(page.locator('.sql-runner-status')).toHaveText(t.introPython);
  // Block order: python 0, sql (insert+select), python 1, sql (select books), python 2, python 3.
  const selectBooks = nth(page, 3);
  await run(selectBooks);
  await expect(selectBooks).toHaveAttribute('data-state', 'ok');
  await expect(selectBooks.locator('.sql-summary')).toContainText('Ran 3 earlier blocks first.');
  await expect(selectBooks.locator('tbody tr td')).toHaveText(['First']);

  // The first Python block: its output, and the DDL SQLAlchemy sent, in order.
  const first = python(page, 0);
  await expect(first).toHaveAttribute('data-state', 'ok');
  await expect(first.locator('.py-sql').filter({ hasText: 'CREATE TABLE authors' })).toHaveCount(1);
  await expect(first.locator('.py-printed')).toHaveText('tables made\n');
  // The SQL block between saw the table Python made.
  await expect(nth(page, 1).locator('tbody tr td')).toHaveText(['Ann']);
  // The second Python block read the row SQL inserted, and its statements carry their parameters and tags.
  const second = python(page, 1);
  await expect(second.locator('.py-printed')).toHaveText('Ann 1\n');
  const insert = second.locator('.py-statement').filter({ hasText: 'INSERT INTO books' });
  await expect(insert.locator('.py-parameters')).toContainText("'First'");
  await expect(insert.locator('.py-tag')).toHaveText('INSERT 0 1');
  await expect(second.locator('.py-tx')).toContainText(['BEGIN (implicit)', 'COMMIT']);

  // The note's diagram draws the tables Python made.
  const diagram = page.locator('.sql-schema-view [role="region"]');
  await expect(diagram.locator('[role="img"]')).toHaveAttribute('aria-label', '2 tables, 1 foreign key');
  await expect(diagram).toContainText('authors');
  await expect(diagram).toContainText('books');
});

test('an IntegrityError shows 23505, the constraint and the statement; a traceback is in the note\'s lines', async ({ page }) => {
  await page.goto(url('orm'));
  const duplicate = python(page, 2);
  await run(duplicate);
  await expect(duplicate).toHaveAttribute('data-state', 'failed-as-expected');
  await expect(duplicate.locator('.sql-summary')).toContainText(`${t.failedAsExpected} IntegrityError 23505`);
  const error = duplicate.locator('.py-error');
  await expect(error.locator('.py-error-type')).toHaveText('IntegrityError');
  await expect(error.locator('.sql-error-code')).toHaveText(`${t.error} 23505`);
  await expect(error).toContainText('authors_name_key');
  await expect(error.locator('.py-failed-statement')).toContainText('INSERT INTO authors');

  const ratio = python(page, 3);
  await run(ratio);
  await expect(ratio).toHaveAttribute('data-state', 'error');
  await expect(ratio.locator('.py-error-type')).toHaveText('ZeroDivisionError');
  // `return a / b` is line 67 of ORM.md, `print(ratio(1, 0))` line 69.
  const frames = ratio.locator('.py-traceback li');
  await expect(frames.locator('.py-frame-at')).toHaveText(['line 69, in <module>', 'line 67, in ratio']);
  await expect(frames.nth(1).locator('.py-frame-code')).toHaveText('return a / b');
});

test('the change view tells rows the ORM deleted itself from rows ON DELETE CASCADE removed (passive_deletes)', async ({ page }) => {
  await page.goto(url('cascade'));
  const remove = python(page, 1);
  await run(remove);
  await expect(remove).toHaveAttribute('data-state', 'ok');
  // The ORM sent a DELETE for the children it loaded, none for the passive ones.
  await expect(remove.locator('.py-sql').filter({ hasText: /^DELETE FROM children/ })).toHaveCount(1);
  await expect(remove.locator('.py-sql').filter({ hasText: /DELETE FROM quiet_children/ })).toHaveCount(0);
  const tree = remove.locator('.py-changes .sql-changes > .sql-change-tree');
  await expect(tree.locator(':scope > .sql-change > details > summary')).toHaveText(['children: 2 rows deleted', 'parents: 1 row deleted']);
  await expect(tree.locator(':scope > .sql-change[data-table="children"]')).toHaveAttribute('data-cause', 'direct');
  const cascaded = tree.locator(':scope > .sql-change[data-table="parents"] > .sql-change-tree > .sql-change');
  await expect(cascaded.locator(':scope > details > summary')).toHaveText(['quiet_children: 2 rows deleted by ON DELETE CASCADE of quiet_children_parent_id_fkey']);
  await expect(cascaded).toHaveAttribute('data-cause', 'referential');
});

test('Stop ends an endless Python loop; the namespace is rebuilt and later blocks run', async ({ page }) => {
  await page.goto(url('stop'));
  const loop = python(page, 1);
  await loop.locator('.sql-run').click();
  const stop = loop.locator('.sql-stop');
  await expect(stop).toBeVisible({ timeout: PYTHON_TIMEOUT });
  await stop.click();
  await expect(loop).toHaveAttribute('data-state', 'stopped', { timeout: PYTHON_TIMEOUT });
  await expect(loop.locator('.sql-summary')).toContainText('Stopped after');
  const after = python(page, 2);
  await run(after);
  await expect(after).toHaveAttribute('data-state', 'ok');
  await expect(after.locator('.py-printed')).toHaveText('after the loop\n');
  // The block before the loop was replayed into the new worker: its variable is there.
  await expect(python(page, 0)).toHaveAttribute('data-state', 'ok');
});

test('Stop ends a query SQLAlchemy sent that never ends', async ({ page }) => {
  await page.goto(url('stop'));
  const sleeping = python(page, 3);
  await sleeping.locator('.sql-run').click();
  const stop = sleeping.locator('.sql-stop');
  await expect(stop).toBeVisible({ timeout: PYTHON_TIMEOUT });
  await stop.click();
  await expect(sleeping).toHaveAttribute('data-state', 'stopped', { timeout: PYTHON_TIMEOUT });
  // Its database (db=sleep) was the only one stopped: the main chain still runs.
  const first = python(page, 0);
  await run(first);
  await expect(first.locator('.py-printed')).toHaveText('before the loop\n');
});

test('a page with SQL, Python and a lab downloads PostgreSQL once for its database and its lab, with a small buffer pool, and keeps no database for the next page once its lab runs', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (!r.serviceWorker()) fetched.push(new URL(r.url()).pathname);
  });
  const live = sqlWorkers(page);
  await page.goto(url('lab'));
  // The page's first block: no Python runs before it.
  const first = nth(page, 0);
  await run(first);
  await expect(first.locator('tbody tr td').last()).toHaveText(BUFFER_POOL);
  // Only SQL has run: once it is quiet, the page starts a database for the next page (src/scripts/sql/carried-database.ts).
  const own = [...live];
  await expect.poll(() => live.size, waitFor(15_000)).toBe(own.length + 1);
  const carried = [...live].find((w) => !own.includes(w))!;
  const lab = page.locator('.lab[data-lab-block="0"]');
  await lab.locator('.lab-run-all').click();
  // With the lab's database the page is at the memory budget: the carried one ends.
  await expect.poll(() => live.has(carried)).toBe(false);
  // Run to its last step: nothing left to step through.
  await expect(lab.locator('.lab-step-button')).toHaveAttribute('aria-disabled', 'true', { timeout: PYTHON_TIMEOUT });
  await expect(lab).toHaveAttribute('aria-busy', 'false');
  // The lab's worker started from the files the SQL worker had (src/scripts/sql/page-assets.ts).
  expect(fetched.filter((p) => p.endsWith('/datadir.tar.gz'))).toHaveLength(1);
  expect(fetched.filter((p) => /\/pglite-[^/]*\.wasm$/.test(p))).toHaveLength(1);
});

test('a page without Python blocks loads no Python', async ({ page }) => {
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await page.goto(url('sql-only'));
  await expect(page.locator('.sql-runner-status')).toHaveText(t.intro);
  const only = nth(page, 0);
  await run(only);
  await expect(only).toHaveAttribute('data-state', 'ok');
  // Workers' requests are the page's too.
  expect(requests.some((r) => r.url().includes('/_vault/pglite/'))).toBe(true);
  expect(requests.filter((r) => r.url().includes('/_vault/python/'))).toEqual([]);
});

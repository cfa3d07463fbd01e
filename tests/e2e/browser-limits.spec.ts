/**
 * The browser runtime never crashes or hangs the page (issue 18's browser part, issue 20
 * items 12–17), on the fixture notes `SQL playground.md` and `Isolation lab.md`: huge
 * values, rows and notices come back capped with their full size; Stop sticks and recovers
 * from a snapshot; databases of a page do not wait for each other; settings and commands
 * PGlite cannot honour are refused; a never-ending lab step is stopped, by its time limit
 * or by the reader, and the other labs go on.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { labStrings, sqlStrings } from '../../src/components/i18n.ts';
import { block, edit } from '../support/sql-page.ts';
import { waitFor } from '../support/waits.ts';

// Each page speaks its note's language: the SQL playground is Russian, the isolation lab English.
const t = sqlStrings('ru');
const lt = labStrings('en');
const playground = () => `${process.env.FIXTURE_URL}sql-playground/`;

/** Blocks of `SQL playground.md`, by number. */
const SELECT = 2;
const TRY = 3;
const DUPLICATE = 4;
const SCRATCH = 5;
const HTML_VALUE = 6;

/** Replaces a block's text and runs it, waiting up to `timeout` for its end. */
async function runEdited(page: Page, id: number, sql: string, timeout = 60_000): Promise<Locator> {
  const target = block(page, id);
  await edit(target, sql);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(target).toHaveAttribute('data-state', /./);
  await expect(target).not.toHaveAttribute('data-state', 'running', { timeout });
  return target;
}

/** Starts recording the page's longest main-thread task (a figure for docs/reliability.md, not asserted). */
async function watchLongTasks(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => {
    const w = window as unknown as { longest: number };
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longest = Math.max(w.longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  return async () => {
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    test.info().annotations.push({ type: 'longest main-thread task (ms)', description: String(Math.round(longest)) });
  };
}

/** The page still answers, and another block runs on it. */
async function stillAlive(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.title.length > 0)).toBe(true);
  const select = block(page, SELECT);
  await select.locator('.sql-run').click();
  await expect(select).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await expect(select.locator('tbody tr')).toHaveCount(3);
}

test.describe('large values', () => {
  test.describe.configure(waitFor(180_000));

  test('a 100 MB value is cut at 1 MB with its full size, drawn in part with "show more"', async ({ page }) => {
    await page.goto(playground());
    const report = await watchLongTasks(page);
    const target = await runEdited(page, TRY, "SELECT repeat('x', 100000000) AS v");
    await expect(target).toHaveAttribute('data-state', 'ok');
    await report();
    const cell = target.locator('tbody td').first();
    await expect(cell.locator('.sql-value-cut')).toHaveText(/Значение обрезано: 10 кБ из 100 МБ\./);
    const length = () => cell.evaluate((td) => td.firstChild!.textContent!.length);
    expect(await length()).toBe(10_000);
    await cell.locator('.sql-show-more').click();
    expect(await length()).toBe(100_000);
    await cell.locator('.sql-show-more').click();
    // At most what the worker kept: 1 MB.
    expect(await length()).toBe(1_000_000);
    await cell.locator('.sql-show-more').click();
    expect(await length()).toBe(1 << 20);
    await expect(cell.locator('.sql-show-more')).toBeHidden();
    await stillAlive(page);
  });

  test('500 million characters and a 64 MB string_agg give a capped result or a clear error; the tab survives', async ({ page }) => {
    await page.goto(playground());
    const huge = await runEdited(page, TRY, "SELECT repeat('x', 500000000) AS v", 150_000);
    const state = await huge.getAttribute('data-state');
    test.info().annotations.push({ type: "repeat('x', 500000000)", description: `${state}: ${await huge.locator('.sql-summary').textContent()}` });
    if (state === 'ok') await expect(huge.locator('.sql-value-cut')).toContainText('из 500 МБ');
    else await expect(huge.locator('.sql-summary')).toContainText('out of memory');
    await stillAlive(page);

    const report = await watchLongTasks(page);
    const agg = await runEdited(page, TRY, "SELECT string_agg(md5(g::text), '') AS s FROM generate_series(1, 2000000) g");
    await expect(agg).toHaveAttribute('data-state', 'ok');
    await report();
    await expect(agg.locator('.sql-value-cut')).toHaveText(/из 64 МБ\./);
    await stillAlive(page);
  });

  test('2 million rows: the first 500 shown, all counted', async ({ page }) => {
    await page.goto(playground());
    const target = await runEdited(page, TRY, 'SELECT g FROM generate_series(1, 2000000) g');
    await expect(target).toHaveAttribute('data-state', 'ok');
    await expect(target.locator('tbody tr')).toHaveCount(500);
    await expect(target.locator('.sql-summary')).toContainText('SELECT 2000000');
    await expect(target.locator('.sql-rows-shown')).toHaveText(fill(t.rowsShown, { shown: 500, total: 2000000 }));
    await stillAlive(page);
  });

  test('200,000 notices: the first 100 drawn, all counted', async ({ page }) => {
    await page.goto(playground());
    const target = await runEdited(page, TRY, "DO $$ BEGIN FOR i IN 1..200000 LOOP RAISE NOTICE 'n %', i; END LOOP; END $$");
    await expect(target).toHaveAttribute('data-state', 'ok');
    await expect(target.locator('.sql-notices li')).toHaveCount(100);
    await expect(target.locator('.sql-notices-shown')).toHaveText('Показаны 100 из 200000 сообщений.');
    await stillAlive(page);
  });
});

test('Stop sticks: a later block does not run the stopped one again, and recovery starts from a snapshot', async ({ page }) => {
  test.setTimeout(waitFor(120_000).timeout);
  await page.goto(playground());
  // A block of several seconds (the was 7 s): the database is snapshotted after it.
  const slow = await runEdited(page, SELECT, 'CREATE TABLE big AS SELECT g FROM generate_series(1, 1300000) g');
  await expect(slow).toHaveAttribute('data-state', 'ok');
  test.info().annotations.push({ type: 'slow block', description: String(await slow.locator('.sql-summary').textContent()) });

  const runaway = block(page, TRY);
  await edit(runaway, 'select count(*) from generate_series(1, 1e10)');
  await page.keyboard.press('ControlOrMeta+Enter');
  const stop = runaway.locator('.sql-stop');
  await expect(stop).toBeVisible(waitFor(15_000));
  const stopped = Date.now();
  await stop.click();
  await expect(runaway).toHaveAttribute('data-state', 'stopped', waitFor(30_000));
  test.info().annotations.push({ type: 'Stop → usable (ms)', description: String(Date.now() - stopped) });
  await expect(runaway.locator('.sql-summary')).toContainText(t.restored);
  await expect(runaway.locator('.sql-summary')).toContainText(t.notRun);

  // A later block of the same database runs without running the stopped one first.
  const duplicate = block(page, DUPLICATE);
  await duplicate.locator('.sql-run').click();
  await expect(duplicate).toHaveAttribute('data-state', 'failed-as-expected', waitFor(20_000));
  await expect(duplicate.locator('.sql-summary')).not.toContainText('предыдущ');
  await expect(runaway).toHaveAttribute('data-state', 'stopped');

  // The snapshot holds what the slow block made.
  const count = await runEdited(page, HTML_VALUE, 'SELECT count(*) FROM big');
  await expect(count.locator('tbody td')).toHaveText('1300000');
});

test("databases of one page do not wait for each other's long query", async ({ page }) => {
  test.setTimeout(waitFor(90_000).timeout);
  await page.goto(playground());
  const busy = block(page, TRY);
  await edit(busy, 'select count(*) from generate_series(1, 1e10)');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(busy.locator('.sql-stop')).toBeVisible(waitFor(15_000));

  const scratch = block(page, SCRATCH);
  await scratch.locator('.sql-run').click();
  await expect(scratch).toHaveAttribute('data-state', 'ok', waitFor(30_000));
  await expect(scratch.locator('tbody td').nth(1)).toHaveText('scratch');
  // The other one is still at it.
  await expect(busy).toHaveAttribute('data-state', 'running');
  await busy.locator('.sql-stop').click();
  await expect(busy).toHaveAttribute('data-state', 'stopped', waitFor(30_000));
});

test('exit_on_error and the timers PGlite cannot run are refused, and a later error leaves the database working', async ({ page }) => {
  await page.goto(playground());
  for (const [sql, name] of [
    ["SELECT set_config('exit_on_error','on', false)", 'exit_on_error'],
    ['SET exit_on_error = on', 'exit_on_error'],
    // Had it run, the BEGIN after it would leave an idle transaction that hangs the backend.
    ["SELECT 1;\nSET idle_in_transaction_session_timeout = '10ms'; BEGIN", 'idle_in_transaction_session_timeout'],
  ]) {
    const refused = await runEdited(page, TRY, sql);
    await expect(refused).toHaveAttribute('data-state', 'error');
    await expect(refused.locator('.sql-error-code')).toHaveText(`${t.error} 0A000`);
    await expect(refused.locator('.sql-error-message')).toContainText(name);
  }
  // The refused statement is placed at its line, and the hint says what stops a long block here.
  await expect(block(page, TRY).locator('.sql-error-at')).toHaveText(t.at.replace('{line}', '2').replace('{column}', '1'));
  await expect(block(page, TRY).locator('.sql-error')).toContainText('Stop in the page');
  const division = await runEdited(page, TRY, 'SELECT 1/0');
  await expect(division.locator('.sql-error-code')).toHaveText(`${t.error} 22012`);
  await stillAlive(page);
});

test('COPY … TO/FROM PROGRAM says it does nothing here, instead of succeeding or hanging', async ({ page }) => {
  await page.goto(playground());
  for (const sql of ["COPY (SELECT 1) TO PROGRAM 'cat > /tmp/x'", "COPY users FROM PROGRAM 'echo 1'"]) {
    const refused = await runEdited(page, TRY, sql, 20_000);
    await expect(refused).toHaveAttribute('data-state', 'error');
    await expect(refused.locator('.sql-error-code')).toHaveText(`${t.error} 0A000`);
    await expect(refused.locator('.sql-error-message')).toContainText('PROGRAM does nothing here');
  }
  await stillAlive(page);
});

test.describe('a never-ending lab step', () => {
  const labPage = () => `${process.env.FIXTURE_URL}isolation-lab/`;
  const lab = (page: Page, id: number) => page.locator(`.lab[data-lab-block="${id}"]`);
  /** Labs of `Isolation lab.md`: the lost update, and a step waiting for a row lock, whose last step is made endless. */
  const LOST_UPDATE = 0;
  const WAIT = 1;
  const ENDLESS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;";

  async function makeEndless(target: Locator): Promise<void> {
    await target.locator('.lab-edit > summary').click();
    const source = target.locator('.lab-source');
    const text = await source.inputValue();
    await source.fill(text.replace(/^B: SELECT value FROM counters;$/m, `B: ${ENDLESS}`));
    await target.locator('.lab-apply').click();
    await expect(target.locator('.lab-edit-error')).toBeHidden();
    await expect(target).toHaveAttribute('aria-busy', 'false', waitFor(30_000));
  }

  test('is stopped at its time limit with a message; Reset works and the other labs answer', async ({ page }) => {
    test.setTimeout(waitFor(120_000).timeout);
    await page.goto(labPage());
    const target = lab(page, WAIT);
    await makeEndless(target);
    await target.locator('.lab-run-all').click();
    await expect(target.locator('.lab-stop')).toBeVisible();
    await expect(target.locator('.lab-status')).toHaveText(/the limit for a step/, { timeout: 40_000 });
    await expect(target).toHaveAttribute('data-state', 'stopped');
    await expect(target.locator('.lab-stop')).toBeHidden();

    // Another lab on the page answers.
    const other = lab(page, LOST_UPDATE);
    await other.locator('.lab-run-all').click();
    await expect(other).toHaveAttribute('aria-busy', 'false', waitFor(30_000));
    await expect(other.locator('.lab-verdict')).toHaveText('lost update under READ COMMITTED');

    // Reset brings the stopped lab back to before its first step.
    await target.locator('.lab-reset').click();
    await expect(target).toHaveAttribute('aria-busy', 'false', waitFor(30_000));
    await expect(target.locator('.lab-position')).toHaveText(fill(lt.position, { n: 0, total: 5 }));
  });

  test('a 100 MB value in a step comes back cut to 1 MB; the lab goes on', async ({ page }) => {
    test.setTimeout(waitFor(90_000).timeout);
    await page.goto(labPage());
    const target = lab(page, WAIT);
    await target.locator('.lab-edit > summary').click();
    const source = target.locator('.lab-source');
    await source.fill((await source.inputValue()).replace(/^B: SELECT value FROM counters;$/m, "B: SELECT repeat('x', 100000000) AS v;"));
    await target.locator('.lab-apply').click();
    await target.locator('.lab-run-all').click();
    await expect(target).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    const cell = target.locator('tr.lab-row[data-step="B2"] .lab-result td');
    await expect(cell).toHaveCount(1);
    expect(await cell.evaluate((td) => td.textContent!.length)).toBe(1 << 20);
    await expect(target.locator('.lab-position')).toHaveText(fill(lt.position, { n: 5, total: 5 }));
    // It answers the next move.
    await target.locator('.lab-back').click();
    await expect(target).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    await expect(target.locator('.lab-position')).toHaveText(fill(lt.position, { n: 4, total: 5 }));
  });

  test('is stopped by Stop (or Esc) at once', async ({ page }) => {
    test.setTimeout(waitFor(90_000).timeout);
    await page.goto(labPage());
    const target = lab(page, WAIT);
    await makeEndless(target);
    await target.locator('.lab-run-all').click();
    await expect(target.locator('.lab-stop')).toBeVisible();
    await target.locator('.lab-stop').focus();
    await page.keyboard.press('Escape');
    await expect(target.locator('.lab-status')).toHaveText(/^Stopped after/, { timeout: 9_000 });
    await expect(target).toHaveAttribute('aria-busy', 'false');
    await target.locator('.lab-step-button').click();
    await expect(target).toHaveAttribute('aria-busy', 'false', waitFor(30_000));
    await expect(target.locator('.lab-position')).toHaveText(fill(lt.position, { n: 1, total: 5 }));
  });
});

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}

/**
 * The isolation lab in the reader's browser (issue 5), on the fixture note `Isolation lab.md`:
 * the lost update at READ COMMITTED and its 40001 at REPEATABLE READ after switching level,
 * a step waiting for a row lock and resuming after the other COMMIT, Back restoring results
 * and the state panel, a refused statement shown on its step, an edited step changing the
 * outcome, the keyboard shortcuts, and the static lanes before any script runs.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { labStrings } from '../../src/components/i18n.ts';
import { LANGUAGES } from '../../src/core/i18n/strings.ts';
import { waitFor } from '../support/waits.ts';

// The fixture note is English, and so is its page's interface (the site's is Russian).
const t = labStrings('en');
const page_ = (env = 'FIXTURE_URL') => `${process.env[env]}isolation-lab/`;

const LOST_UPDATE = 0;
const WAIT = 1;
const REFUSED = 2;

const lab = (page: Page, id: number) => page.locator(`.lab[data-lab-block="${id}"]`);
const row = (target: Locator, step: string) => target.locator(`tr.lab-row[data-step="${step}"]`);

/** Waits until the lab has drawn its answer to the last move. */
async function settled(target: Locator): Promise<void> {
  await expect(target).toHaveAttribute('aria-busy', 'false', waitFor(30_000));
}

/** The chunk of the lab's step editor, which brings the scenario parser (src/scripts/lab/step-editor.ts). */
const STEP_EDITOR = /\/_astro\/step-editor\.[^/]*\.js$/;

/** The URLs a page requests from now on. */
function requests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(new URL(request.url()).pathname));
  return urls;
}

async function click(target: Locator, name: 'lab-step-button' | 'lab-back' | 'lab-run-all' | 'lab-reset'): Promise<void> {
  await target.locator(`.${name}`).click();
  await settled(target);
}

test('the lost update happens under READ COMMITTED and is prevented with 40001 under REPEATABLE READ', async ({ page }) => {
  const fetched = requests(page);
  await page.goto(page_());
  const target = lab(page, LOST_UPDATE);
  await click(target, 'lab-run-all');
  await expect(row(target, 'B4').locator('.lab-result td')).toHaveText('110');
  await expect(target.locator('.lab-verdict')).toHaveText('lost update under READ COMMITTED');
  await expect(target.locator('.lab-verdict')).toHaveAttribute('data-status', 'pass');

  await target.locator('.lab-level').selectOption('repeatable read');
  await settled(target);
  await expect(row(target, 'A3')).toHaveAttribute('data-state', 'error');
  await expect(row(target, 'A3').locator('.lab-error-code')).toHaveText(`${t.error} 40001`);
  await expect(row(target, 'A4').locator('.lab-tag')).toHaveText('ROLLBACK');
  await expect(row(target, 'B4').locator('.lab-result td')).toHaveText('150');
  await expect(target.locator('.lab-verdict')).toHaveText('prevented under REPEATABLE READ: 40001 on step A3');

  // READ UNCOMMITTED is READ COMMITTED, and says so.
  await target.locator('.lab-level').selectOption('read uncommitted');
  await settled(target);
  await expect(target.locator('.lab-level-note')).toBeVisible();
  await expect(target.locator('.lab-verdict')).toHaveText('lost update under READ COMMITTED');
  // An unedited lab runs on the scenario the build parsed: the parser never comes.
  expect(fetched.filter((url) => STEP_EDITOR.test(url))).toEqual([]);
});

test('a waiting step names whom it waits for and gets its result after the other COMMIT', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, WAIT);
  for (let i = 0; i < 3; i++) await click(target, 'lab-step-button');
  await expect(row(target, 'B1')).toHaveAttribute('data-state', 'waiting');
  await expect(row(target, 'B1').locator('.lab-waiting')).toHaveText('Waits for A to end its transaction');
  await expect(target.locator('.lab-state-panel[data-session="B"] .lab-state-detail')).toContainText('waiting for A in B1');
  await expect(target.locator('.lab-status')).toContainText('B1: Waits for A to end its transaction');

  await click(target, 'lab-step-button');
  await expect(row(target, 'B1')).toHaveAttribute('data-state', 'done');
  await expect(row(target, 'B1').locator('.lab-resumed')).toHaveText('Was waiting; resumed after A3');
  await expect(row(target, 'B1').locator('.lab-tag')).toHaveText('UPDATE 1');
  await expect(target.locator('.lab-status')).toContainText('B1: Was waiting; resumed after A3. UPDATE 1');
  // Where it completed, as isolationtester shows it: in A3's row, in B's lane.
  await expect(row(target, 'A3').locator('td[class="lab-idle"] .lab-completed')).toHaveText('⟵ B1 completes here');
  const lane = await row(target, 'A3').locator('td').evaluateAll((cells) => cells.findIndex((c) => c.querySelector('.lab-completed')));
  const laneB = await target.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => (th as HTMLElement).dataset.session === 'B'));
  expect(lane + 1).toBe(laneB);
  // Back before A3: not completed yet.
  await click(target, 'lab-back');
  await expect(target.locator('.lab-completed')).toHaveCount(0);
  await click(target, 'lab-step-button');
  await click(target, 'lab-step-button');
  await expect(row(target, 'B2').locator('.lab-result td')).toHaveText('22');
});

test('Back restores the previous step: results and the state panel', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, LOST_UPDATE);
  for (let i = 0; i < 4; i++) await click(target, 'lab-step-button');
  // B has updated the row, not committed: B sees 150, committed is 100, A (its snapshot taken) 100.
  const committed = target.locator('.lab-state-panel').first().locator('tbody td');
  const sessionB = target.locator('.lab-state-panel[data-session="B"]');
  await expect(committed).toHaveText(['1', '100']);
  await expect(sessionB.locator('tr.lab-diff-differs td')).toHaveText([/^1/, '150']);
  await expect(sessionB.locator('tr.lab-diff-unseen td')).toHaveText([/^1/, '100']);

  await click(target, 'lab-step-button');
  await expect(row(target, 'B3').locator('.lab-tag')).toHaveText('COMMIT');
  await expect(committed).toHaveText(['1', '150']);
  await expect(target.locator('.lab-position')).toHaveText('Step 5 of 8');

  await click(target, 'lab-back');
  await expect(target.locator('.lab-position')).toHaveText('Step 4 of 8');
  await expect(row(target, 'B3').locator('.lab-result')).toBeEmpty();
  await expect(row(target, 'B3')).toHaveAttribute('data-next', '');
  await expect(row(target, 'B2').locator('.lab-tag')).toHaveText('UPDATE 1');
  await expect(committed).toHaveText(['1', '100']);
  await expect(sessionB.locator('tr.lab-diff-differs td')).toHaveText([/^1/, '150']);

  await click(target, 'lab-reset');
  await expect(target.locator('.lab-position')).toHaveText('Step 0 of 8');
  await expect(target.locator('.lab-result:not(:empty)')).toHaveCount(0);
});

test('a statement the lab refuses shows its message on its step and stops the run there', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, REFUSED);
  await click(target, 'lab-run-all');
  await expect(row(target, 'A2')).toHaveAttribute('data-state', 'refused');
  await expect(row(target, 'A2').locator('.lab-refused')).toContainText('two-phase commit is not modelled');
  await expect(row(target, 'B1').locator('.lab-result')).toBeEmpty();
  await expect(target.locator('.lab-step-button')).toBeDisabled();
  await expect(target.locator('.lab-verdict')).toBeHidden();
  // Back still works.
  await click(target, 'lab-back');
  await expect(row(target, 'A2').locator('.lab-result')).toBeEmpty();
  await expect(row(target, 'A1').locator('.lab-tag')).toHaveText('BEGIN');
});

test('editing a step and replaying changes the outcome; a bad edit is reported with its line', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, LOST_UPDATE);
  const fetched = requests(page);
  await target.locator('.lab-edit > summary').click();
  const source = target.locator('.lab-source');
  const text = await source.inputValue();
  // Opening the editor is what fetches it (and the parser).
  expect(fetched.filter((url) => STEP_EDITOR.test(url))).toHaveLength(1);

  await source.fill(text.replace('-- steps', '-- steps\nnonsense here'));
  await target.locator('.lab-apply').click();
  await expect(target.locator('.lab-edit-error')).toContainText(`${t.editError} line 6: `);

  // A adds to the balance it updates instead of writing what it read: nothing is lost.
  await source.fill(text.replace('SET balance = 100 + 10', 'SET balance = balance + 10'));
  await target.locator('.lab-apply').click();
  await expect(target.locator('.lab-edit-error')).toBeHidden();
  await expect(row(target, 'A3').locator('.lab-sql')).toHaveText('UPDATE accounts SET balance = balance + 10 WHERE id = 1;');
  await click(target, 'lab-run-all');
  await expect(row(target, 'B4').locator('.lab-result td')).toHaveText('160');
  await expect(target.locator('.lab-verdict')).toContainText('expected lost update under READ COMMITTED, but step B4 returned');
  await expect(target.locator('.lab-verdict')).toHaveAttribute('data-status', 'fail');
});

test('keyboard: → steps, ← goes back, End runs all, Home resets; the buttons name their keys', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, LOST_UPDATE);
  await expect(target.locator('.lab-step-button')).toHaveAttribute('aria-keyshortcuts', 'ArrowRight');
  await expect(target.locator('.lab-step-button')).toHaveAttribute('title', t.stepHint);
  await target.locator('.lab-step-button').focus();
  await page.keyboard.press('ArrowRight');
  await settled(target);
  await page.keyboard.press('ArrowRight');
  await settled(target);
  await expect(target.locator('.lab-position')).toHaveText('Step 2 of 8');
  await expect(row(target, 'A2').locator('.lab-result td')).toHaveText('100');
  await page.keyboard.press('ArrowLeft');
  await settled(target);
  await expect(target.locator('.lab-position')).toHaveText('Step 1 of 8');
  await page.keyboard.press('End');
  await settled(target);
  await expect(target.locator('.lab-verdict')).toBeVisible();
  await page.keyboard.press('Home');
  await settled(target);
  await expect(target.locator('.lab-position')).toHaveText('Step 0 of 8');
  // Visible focus on the focused control.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('without scripts the lanes, steps and expectations read as they are', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(page_('FIXTURE_KB_URL'));
  const target = lab(page, LOST_UPDATE);
  await expect(target.locator('thead th')).toHaveText(['Step', 'A', 'B']);
  await expect(target.locator('tr.lab-row')).toHaveCount(8);
  await expect(row(target, 'B2').locator('td.lab-step')).toContainText('UPDATE accounts SET balance = balance + 50 WHERE id = 1;');
  await expect(target.locator('.lab-expected dd').first()).toHaveText('ok; B4 = 110; lost update');
  await context.close();
});

test('a lab reached by client-side navigation runs, and runs again after leaving and coming back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(process.env.FIXTURE_URL!);
  await page.evaluate(() => ((window as unknown as { kbMark: number }).kbMark = 1));
  for (let visit = 0; visit < 2; visit++) {
    // From the Russian home page first, then from the English lab's page.
    await page.getByRole('link', { name: /^(Все заметки|All notes)$/ }).click();
    await page.getByRole('link', { name: 'Isolation lab', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Isolation lab' })).toBeVisible();
    const target = lab(page, LOST_UPDATE);
    await click(target, 'lab-run-all');
    await expect(row(target, 'B4').locator('.lab-result td')).toHaveText('110');
  }
  expect(await page.evaluate(() => (window as unknown as { kbMark?: number }).kbMark)).toBe(1);
  expect(errors).toEqual([]);
});

test('a click anywhere in a lab gives it the keys', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, LOST_UPDATE);
  await expect(target.locator('.lab-step-button')).toBeVisible();
  // On the lanes' text, not on a control.
  await target.locator('.lab-lanes').click({ position: { x: 5, y: 5 } });
  await expect(target).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await settled(target);
  await expect(target.locator('.lab-position')).toHaveText('Step 1 of 8');
});

test("a bad edit is reported in the page's language: the Russian sample wiki's lab", async ({ page }) => {
  await page.goto(`${process.env.SAMPLE_URL}лаборатория-изоляции/`);
  const target = page.locator('.lab').first();
  await target.locator('.lab-edit > summary').click();
  const source = target.locator('.lab-source');
  await source.fill(`nonsense here\n${await source.inputValue()}`);
  await target.locator('.lab-apply').click();
  const error = target.locator('.lab-edit-error');
  await expect(error).toContainText(`${labStrings('ru').editError} строка `);
  await expect(error).toContainText(LANGUAGES.ru.labText.parse.expectedStepOrHeader);
});

test('edited steps run whatever the expectations say: the lab says they no longer apply', async ({ page }) => {
  await page.goto(page_());
  const target = lab(page, LOST_UPDATE);
  await target.locator('.lab-edit > summary').click();
  const source = target.locator('.lab-source');
  // B's last step goes: the expectations still name B4.
  await source.fill((await source.inputValue()).replace('B: SELECT balance FROM accounts WHERE id = 1;\n', ''));
  await target.locator('.lab-apply').click();
  const note = target.locator('.lab-edit-error.is-note');
  await expect(note).toContainText('The expectations no longer apply to these steps');
  await expect(note).toContainText('unknown step "B4"');
  await click(target, 'lab-run-all');
  await expect(target.locator('.lab-position')).toHaveText('Step 7 of 7');
  await expect(row(target, 'B4')).toHaveCount(0);
});

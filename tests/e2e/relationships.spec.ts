/**
 * Relationships and cascades, live (issue 4), in Chromium: the schema diagrams of the
 * sample notes on one-to-one, one-to-many and many-to-many, the rows a DELETE cascades to
 * with their causes, a table the reader creates joining the diagram, the constraint that
 * stopped a statement, table views marking what the last run did, and elkjs loaded only by
 * pages that draw a diagram; diagrams that fit their column at 1280 and 375 px (stacked on
 * a phone), zoom, pan and full screen, and two keys between the same tables drawn apart. The fixture note `Relationships playground.md` covers the
 * shapes the sample notes do not.
 */
import { expect, test, type Locator } from '@playwright/test';
import { sqlStrings } from '../../src/components/i18n.ts';
import { block, edit, run } from '../support/sql-page.ts';
import { waitFor } from '../support/waits.ts';

// The sample's notes are Russian, the fixture's relationships playground English: each page speaks its note's language.
const t = sqlStrings('ru');
const en = sqlStrings('en');
const sample = (slug: string) => `${process.env.SAMPLE_URL}${slug}/`;
const playground = () => `${process.env.FIXTURE_URL}relationships-playground/`;
/** The first diagram draws after elkjs has loaded and warmed up. */
const DRAWN = waitFor(20_000);

const relationships = (diagram: Locator) => diagram.locator('.schema-relationships li');
const edge = (diagram: Locator, constraint: string) => diagram.locator(`.schema-edge[data-constraint="${constraint}"]`);
const table = (diagram: Locator, name: string) => diagram.locator(`.schema-table[data-table="${name}"]`);

test('one-to-one: the diagram, and a second profile refused with the constraint named', async ({ page }) => {
  await page.goto(sample('один-к-одному'));
  const view = page.locator('.sql-schema-view');
  await expect(view.locator('.sql-view-pending')).toContainText(t.diagramPending);
  // "Draw the schema" runs the blocks above it, then draws.
  await view.getByRole('button', { name: t.drawSchema }).click();
  await expect(view.locator('.schema-svg')).toBeVisible(DRAWN);
  await expect(block(page, 1)).toHaveAttribute('data-state', 'ok');
  await expect(view.locator('.schema-table')).toHaveCount(2);
  await expect(relationships(view)).toHaveText(['profiles.user_id → users.id: один к одному']);
  const fk = edge(view, 'profiles_user_id_fkey');
  await expect(fk).toHaveAttribute('data-kind', 'one-to-one');
  await expect(fk).toHaveClass(/\bone-to-one\b/);
  await expect(view.locator('.schema-svg')).toHaveAttribute('aria-describedby', (await view.locator('.schema-words > div').getAttribute('id'))!);
  await expect(table(view, 'profiles').locator('[data-column="user_id"] .schema-marks')).toHaveText('FK UQ NN');

  const second = await run(page, 2);
  await expect(second).toHaveAttribute('data-state', 'failed-as-expected');
  await expect(second.locator('.sql-summary')).toContainText(`${t.failedAsExpected} 23505`);
  await expect(second.locator('.sql-error-field').first()).toHaveText(`${t.constraint}: profiles_user_id_key`);
  // On the diagram: the column whose unique constraint refused the row.
  await expect(table(view, 'profiles')).toHaveClass(/\bis-blocked\b/);
  await expect(table(view, 'profiles').locator('.schema-column.is-blocker')).toHaveAttribute('data-column', 'user_id');
  await expect(view.locator('.schema-highlight.is-blocker')).toHaveText(t.legendBlocker);
});

test('one-to-many: a many-to-one edge with its ON DELETE action, and the foreign key that stops an orphan', async ({ page }) => {
  await page.goto(sample('один-ко-многим'));
  const view = page.locator('.sql-schema-view');
  const insert = await run(page, 1);
  await expect(view.locator('.schema-svg')).toBeVisible(DRAWN);
  await expect(relationships(view)).toHaveText(['posts.user_id → users.id: многие к одному, ON DELETE CASCADE']);
  const fk = edge(view, 'posts_user_id_fkey');
  await expect(fk).toHaveAttribute('data-kind', 'many-to-one');
  await expect(fk).toHaveAttribute('data-table', 'posts');
  await expect(fk).toHaveAttribute('data-ref-table', 'users');
  await expect(fk.locator('.schema-edge-label')).toHaveText('ON DELETE CASCADE');
  // show=changes,tables: what each statement inserted, and the tables with those rows marked.
  await expect(insert.locator('.sql-change-line')).toHaveText(['users: вставлены 2 строки', 'posts: вставлены 3 строки']);
  await expect(insert.locator('.sql-table-live[data-table="posts"] tr.sql-row-inserted')).toHaveCount(3);
  for (const name of ['users', 'posts']) await expect(table(view, name)).toHaveClass(/\bis-touched\b/);

  const orphan = await run(page, 3);
  await expect(orphan).toHaveAttribute('data-state', 'failed-as-expected');
  await expect(orphan.locator('.sql-blocked-by')).toHaveText(`${t.blockedBy.replace('{constraint}', 'posts_user_id_fkey')} posts.user_id → users.id: многие к одному, ON DELETE CASCADE`);
  await expect(fk).toHaveClass(/\bis-blocker\b/);
});

test('many-to-many: the association table is named, and a deleted city takes its pairs along', async ({ page }) => {
  await page.goto(sample('многие-ко-многим'));
  const view = page.locator('.sql-schema-view');
  await run(page, 1);
  await expect(view.locator('.schema-svg')).toBeVisible(DRAWN);
  await expect(relationships(view)).toHaveText([
    'user_cities.city_id → cities.id: многие к одному, ON DELETE CASCADE',
    'user_cities.user_id → users.id: многие к одному, ON DELETE CASCADE',
    'users ↔ cities: многие ко многим через user_cities',
  ]);
  await expect(table(view, 'user_cities')).toHaveClass(/\bis-association\b/);
  await expect(table(view, 'user_cities').locator('.schema-association')).toHaveText('users ↔ cities');
  await expect(table(view, 'user_cities').locator('.schema-marks')).toHaveText(['PK FK', 'PK FK']);
  await expect(view.locator('.schema-edge.many-to-one')).toHaveCount(2);

  // Blocks 3 and 4 are the plans before and after the index on user_cities(city_id), 5 the duplicate pair.
  const deleted = await run(page, 6);
  await expect(deleted.locator('.sql-change-line')).toHaveText([
    'cities: удалена 1 строка',
    'user_cities: удалены 2 строки по ON DELETE CASCADE ключа user_cities_city_id_fkey',
  ]);
  await expect(edge(view, 'user_cities_city_id_fkey')).toHaveClass(/\bis-fired\b/);
  await expect(edge(view, 'user_cities_user_id_fkey')).not.toHaveClass(/\bis-fired\b/);
});

test('deleting a user shows the cascade to the profile, posts, their comments and the association rows, with causes', async ({ page }) => {
  await page.goto(sample('каскадное-удаление'));
  const view = page.locator('.sql-schema-view');
  const remove = await run(page, 1);
  const tree = remove.locator('.sql-changes > .sql-change-tree');
  await expect(tree.locator(':scope > .sql-change > details > summary')).toHaveText(['users: удалена 1 строка']);
  const caused = tree.locator(':scope > .sql-change > .sql-change-tree > .sql-change');
  await expect(caused.locator(':scope > details > summary')).toHaveText([
    'profiles: удалена 1 строка по ON DELETE CASCADE ключа profiles_user_id_fkey',
    'posts: удалены 2 строки по ON DELETE CASCADE ключа posts_user_id_fkey',
    'user_cities: удалены 2 строки по ON DELETE CASCADE ключа user_cities_user_id_fkey',
  ]);
  // A cascade of a cascade, nested under the posts it came from.
  await expect(caused.nth(1).locator('.sql-change-tree summary')).toHaveText('comments: удалены 2 строки по ON DELETE CASCADE ключа comments_post_id_fkey');
  await expect(caused.nth(1)).toHaveAttribute('data-constraint', 'posts_user_id_fkey');

  // Each line opens onto its rows.
  await caused.nth(1).locator(':scope > details > summary').click();
  const rows = caused.nth(1).locator(':scope > details tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator('td')).toHaveText(['1', '1', 'Каскады']);

  // The diagram lights up the tables and the foreign keys whose actions fired, with a legend.
  await expect(view.locator('.schema-svg')).toBeVisible(DRAWN);
  for (const name of ['users', 'profiles', 'posts', 'comments', 'user_cities']) await expect(table(view, name)).toHaveClass(/\bis-touched\b/);
  for (const name of ['cities', 'invoices']) await expect(table(view, name)).not.toHaveClass(/\bis-touched\b/);
  for (const fk of ['profiles_user_id_fkey', 'posts_user_id_fkey', 'comments_post_id_fkey', 'user_cities_user_id_fkey']) await expect(edge(view, fk)).toHaveClass(/\bis-fired\b/);
  await expect(view.locator('.schema-highlight')).toHaveText([t.legendTouched, t.legendFired]);

  // show=tables: each touched table with its deleted rows struck through.
  const posts = remove.locator('.sql-table-live[data-table="posts"]');
  await expect(posts.locator('tr.sql-row-deleted')).toHaveCount(2);
  await expect(posts.locator('tr.sql-row-deleted td del').first()).toHaveText('1');
  await expect(posts.locator('tr.sql-row-deleted .visually-hidden').first()).toHaveText(t.deleted);
  await expect(posts.locator('tbody tr:not(.sql-row-deleted) td').nth(3)).toHaveText('Индексы');

  // RESTRICT stops the next one: the error, and the edge that stopped it.
  const restricted = await run(page, 2);
  await expect(restricted).toHaveAttribute('data-state', 'failed-as-expected');
  await expect(restricted.locator('.sql-blocked-by')).toHaveAttribute('data-constraint', 'invoices_user_id_fkey');
  await expect(restricted.locator('.sql-blocked-edge')).toHaveText('invoices.user_id → users.id: многие к одному, ON DELETE RESTRICT');
  await expect(edge(view, 'invoices_user_id_fkey')).toHaveClass(/\bis-blocker\b/);
  await expect(view.locator('.schema-edge.is-fired')).toHaveCount(0);
});

/** A table's place on the diagram: its box's translate(x y). */
async function place(diagram: Locator, name: string): Promise<{ x: number; y: number }> {
  const [x, y] = /translate\(([\d.]+) ([\d.]+)\)/.exec((await table(diagram, name).getAttribute('transform')) ?? '')!.slice(1).map(Number);
  return { x, y };
}

test('a table the reader creates appears on the diagram, the others keeping their places', async ({ page }) => {
  await page.goto(sample('один-ко-многим'));
  const view = page.locator('.sql-schema-view');
  const select = await run(page, 2);
  await expect(view.locator('.schema-table')).toHaveCount(2, DRAWN);
  const before = { users: await place(view, 'users'), posts: await place(view, 'posts') };

  await edit(select, 'CREATE TABLE tags (id integer PRIMARY KEY, post_id integer NOT NULL UNIQUE REFERENCES posts (id));');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(select).toHaveAttribute('data-state', 'ok', waitFor(20_000));
  await expect(view.locator('.schema-table')).toHaveCount(3);
  await expect(table(view, 'tags').locator('.schema-column-name')).toHaveText(['id', 'post_id']);
  await expect(edge(view, 'tags_post_id_fkey')).toHaveAttribute('data-kind', 'one-to-one');
  await expect(relationships(view)).toContainText(['tags.post_id → posts.id: один к одному']);
  // The new table goes to the right of the one it refers to; the old ones keep their
  // columns and at most shift a little to make room.
  const after = { users: await place(view, 'users'), posts: await place(view, 'posts'), tags: await place(view, 'tags') };
  expect(after.users.x).toBe(before.users.x);
  expect(after.posts.x).toBe(before.posts.x);
  expect(after.tags.x).toBeGreaterThan(after.posts.x);
  expect(Math.abs(after.users.y - before.users.y)).toBeLessThanOrEqual(40);
  expect(Math.abs(after.posts.y - before.posts.y)).toBeLessThanOrEqual(40);
});

test('a table view marks the rows the last run inserted, updated and deleted, until the next run', async ({ page }) => {
  await page.goto(playground());
  const employees = page.locator('.sql-table-view[data-table="employees"]');
  const changed = await run(page, 1);
  // Dee went with Cid through the self-reference: under Cid, not as the statement's own.
  await expect(changed.locator('.sql-change-line')).toHaveText([
    'employees: 1 row updated',
    'employees: 1 row inserted',
    'employees: 1 row deleted',
    'employees: 1 row deleted by ON DELETE CASCADE of employees_manager_id_fkey',
  ]);
  const rows = employees.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(employees.locator('.sql-table-live-meta')).toHaveText('4 rows · inserted: 1 · updated: 1 · deleted: 2');
  const inserted = employees.locator('tr.sql-row-inserted');
  await expect(inserted.locator('td')).toHaveText([`+${en.inserted}`, '5', 'Eve', '1', '1']);
  const updated = employees.locator('tr.sql-row-updated');
  await expect(updated.locator('td.sql-cell-changed')).toHaveAttribute('title', 'was: Bob');
  await expect(updated.locator('td.sql-cell-changed')).toContainText('BOB');
  // Cid, and Dee through the self-reference's ON DELETE CASCADE: struck through, after the rest.
  await expect(employees.locator('tr.sql-row-deleted td:nth-child(3) del')).toHaveText(['Cid', 'Dee']);
  await expect(rows.nth(4)).toHaveClass('sql-row-deleted');

  // Without a primary key, rows are matched by all their values.
  const notes = page.locator('.sql-table-view[data-table="notes"]');
  await run(page, 4);
  await expect(notes.locator('tr.sql-row-inserted td').nth(1)).toHaveText('gamma');
  await expect(notes.locator('tr.sql-row-deleted del')).toHaveText('alpha');
  await expect(notes.locator('tbody tr:not([class]) td').nth(1)).toHaveText('beta');

  // The next run changes nothing in them: the marks are gone.
  await run(page, 5);
  await expect(employees.locator('tbody tr')).toHaveCount(4);
  await expect(employees.locator('tr[class]')).toHaveCount(0);
  await expect(notes.locator('tr[class]')).toHaveCount(0);
});

test('ON UPDATE CASCADE, SET NULL and RESTRICT on a two-column key; a failed transaction; a block with its own diagram', async ({ page }) => {
  await page.goto(playground());
  const view = page.locator('.sql-schema-view');
  const restricted = await run(page, 2);
  await expect(restricted).toHaveAttribute('data-state', 'failed-as-expected');
  await expect(restricted.locator('.sql-blocked-edge')).toHaveText('cells.(gx, gy) → grids.(x, y): many-to-one, ON DELETE RESTRICT, ON UPDATE CASCADE');
  await expect(edge(view, 'cells_gx_gy_fkey')).toHaveClass(/\bis-blocker\b/, DRAWN);
  await expect(edge(view, 'cells_gx_gy_fkey').locator('.schema-edge-label tspan')).toHaveText(['ON DELETE RESTRICT', 'ON UPDATE CASCADE']);
  await expect(edge(view, 'employees_manager_id_fkey')).toHaveAttribute('data-ref-table', 'employees');
  await expect(relationships(view)).toContainText(['employees.manager_id → employees.id: many-to-one, self-reference, optional, ON DELETE CASCADE']);

  const both = await run(page, 3);
  await expect(both.locator('.sql-change-line')).toHaveText([
    'grids: 1 row updated',
    'cells: 1 row updated by ON UPDATE CASCADE of cells_gx_gy_fkey',
    'teams: 1 row deleted',
    'employees: 1 row updated by ON DELETE SET NULL of employees_team_id_fkey',
  ]);
  const cells = both.locator('.sql-table-live[data-table="cells"]');
  await expect(cells.locator('tr.sql-row-updated td.sql-cell-changed')).toContainText('20');
  await expect(both.locator('.sql-table-live')).toHaveCount(4);

  // In a failed transaction a table view cannot be read: it says so and keeps its rows.
  const tryout = block(page, 5);
  await edit(tryout, 'BEGIN; SELECT 1 / 0;');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(tryout).toHaveAttribute('data-state', 'error', waitFor(20_000));
  const employees = page.locator('.sql-table-view[data-table="employees"]');
  await expect(employees.locator('.sql-table-live-note')).toHaveText(en.tableFailedTransaction);
  await expect(employees.locator('tbody tr')).not.toHaveCount(0);
  await edit(tryout, 'ROLLBACK;');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(tryout).toHaveAttribute('data-state', 'ok', waitFor(20_000));
  await expect(employees.locator('.sql-table-live-note')).toBeHidden();

  // show=schema: a diagram of its own database under the block.
  const shop = await run(page, 7);
  const own = shop.locator('.sql-views .schema-diagram');
  await expect(own.locator('.schema-table')).toHaveCount(2, DRAWN);
  await expect(relationships(own)).toHaveText(['orders.customer_id → customers.id: many-to-one']);
  await expect(shop.locator('.sql-change-line')).toHaveText(['customers: 1 row inserted', 'orders: 2 rows inserted']);
  // The page's diagram draws `main`, which this run did not touch.
  await expect(table(view, 'customers')).toHaveCount(0);
});

test('a database no view draws runs as before: no capture, no change tree', async ({ page }) => {
  await page.goto(playground());
  const plain = await run(page, 6);
  await expect(plain).toHaveAttribute('data-state', 'ok');
  await expect(plain.locator('.sql-statement')).toHaveCount(2);
  await expect(plain.locator('.sql-changes, .sql-views > *')).toHaveCount(0);
});

test('elkjs loads only on pages that draw a diagram, and only once one is drawn', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => scripts.push(new URL(request.url()).pathname));
  const elk = () => scripts.filter((p) => /elk/i.test(p));
  const views = () => scripts.filter((p) => /page-views/.test(p));

  await page.goto(`${process.env.FIXTURE_URL}sql-playground/`);
  await run(page, 1);
  await expect(block(page, 1)).toHaveAttribute('data-state', 'ok');
  expect(elk()).toEqual([]);
  expect(views()).toEqual([]);

  // The page's clock stands still, so no prewarm (a block in view for 1.5 s) loads the views.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.goto(sample('один-ко-многим'));
  // Placeholders at once; the views' code (and elkjs) with the first run, not with the page.
  await expect(page.locator('.sql-view-pending')).toBeVisible();
  expect(elk()).toEqual([]);
  expect(views()).toEqual([]);
  await page.clock.resume();
  await run(page, 0);
  await expect(page.locator('.sql-schema-view .schema-svg')).toBeVisible(DRAWN);
  expect(views()).toHaveLength(1);
  expect(elk()).toHaveLength(1);
});

test('Reset puts the views back to their placeholders', async ({ page }) => {
  await page.goto(sample('один-к-одному'));
  await run(page, 1);
  const view = page.locator('.sql-schema-view');
  await expect(view.locator('.schema-svg')).toBeVisible(DRAWN);
  await page.locator('.sql-reset').click();
  await expect(view.locator('.schema-diagram')).toBeHidden();
  await expect(view.locator('.sql-view-pending')).toBeVisible();
  await expect(block(page, 1).locator('.sql-changes')).toHaveCount(0);
});

test.describe('on a 375 px phone, in the dark theme', () => {
  test.use({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });

  test('the diagram fits its frame; zoomed in by keyboard, it scrolls inside it, and the page does not', async ({ page }) => {
    await page.goto(sample('каскадное-удаление'));
    await run(page, 1);
    const canvas = page.locator('.sql-schema-view .schema-canvas');
    await expect(canvas.locator('.schema-svg')).toBeVisible(DRAWN);
    await expect(canvas).toHaveAttribute('tabindex', '0');
    await expect(canvas).toHaveAttribute('aria-label', 'Схема базы «main»');
    const fits = () => canvas.evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(await fits()).toBe(true);
    await canvas.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    expect(await fits()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => canvas.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    // Dark theme: the boxes take the page's dark background.
    const fill = await canvas.locator('.schema-table[data-table="cities"] .schema-table-box').evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe('rgb(23, 25, 30)');
  });
});

test('the capture machinery shows nowhere: not in catalog queries, results or the diagram', async ({ page }) => {
  await page.goto(playground());
  const view = page.locator('.sql-schema-view');
  const changed = await run(page, 1);
  await expect(changed.locator('.sql-change-line').first()).toBeVisible();
  const tryout = block(page, 5);
  await edit(
    tryout,
    [
      'SELECT tgname FROM pg_trigger WHERE NOT tgisinternal;',
      "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1;",
      "SELECT proname FROM pg_proc WHERE proname LIKE 'vault%';",
      'SELECT count(*) FROM information_schema.triggers;',
      'DELETE FROM notes RETURNING *;',
    ].join('\n'),
  );
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(tryout).toHaveAttribute('data-state', 'ok', waitFor(20_000));
  const parts = tryout.locator('.sql-results > .sql-statement');
  await expect(parts).toHaveCount(5);
  await expect(parts.nth(0).locator('tbody tr')).toHaveCount(0);
  await expect(parts.nth(1).locator('tbody td')).toHaveText(['cells', 'employees', 'grids', 'notes', 'teams']);
  await expect(parts.nth(2).locator('tbody tr')).toHaveCount(0);
  await expect(parts.nth(3).locator('tbody td')).toHaveText('0');
  // The captured DELETE returns the reader's columns only, and its change lists the rows.
  await expect(parts.nth(4).locator('thead .sql-column-name')).toHaveText(['body']);
  await expect(parts.nth(4).locator('.sql-change-line')).toHaveText('notes: 2 rows deleted');
  await expect(view.locator('.schema-table')).toHaveCount(5, DRAWN);
  expect((await view.locator('.schema-table-name').allTextContents()).sort()).toEqual(['cells', 'employees', 'grids', 'notes', 'teams']);
});

/** Every table box of the diagram lies inside its frame: none is cut off. */
async function expectAllTablesInFrame(view: Locator) {
  const frame = (await view.locator('.schema-canvas').boundingBox())!;
  const boxes = view.locator('.schema-table-box');
  for (let i = 0; i < (await boxes.count()); i++) {
    const box = (await boxes.nth(i).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(frame.x - 0.5);
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
    expect(box.y).toBeGreaterThanOrEqual(frame.y - 0.5);
    expect(box.y + box.height).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
  }
}

for (const width of [1280, 375]) {
  test(`the cascade diagram fits its column at ${width} px, zooms, pans and goes full screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(sample('каскадное-удаление'));
    const view = page.locator('.sql-schema-view');
    await view.getByRole('button', { name: t.drawSchema }).click();
    await expect(view.locator('.schema-table')).toHaveCount(7, DRAWN);
    await expectAllTablesInFrame(view);
    // Laid out left to right in a wide column, top to bottom on a phone.
    const svg = view.locator('.schema-svg');
    const [w, h] = [Number(await svg.getAttribute('width')), Number(await svg.getAttribute('height'))];
    expect(width === 375 ? h > w : w > h).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    // Zoomed in, the frame scrolls; a mouse drags it sideways; Fit brings it back.
    const canvas = view.locator('.schema-canvas');
    for (let i = 0; i < 4; i++) await view.getByRole('button', { name: t.zoomIn }).click();
    expect(await canvas.evaluate((c) => c.scrollWidth > c.clientWidth)).toBe(true);
    const frame = (await canvas.boundingBox())!;
    await page.mouse.move(frame.x + frame.width / 2, frame.y + 60);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width / 2 - 120, frame.y + 60, { steps: 4 });
    await page.mouse.up();
    expect(await canvas.evaluate((c) => c.scrollLeft)).toBeGreaterThan(60);
    await view.getByRole('button', { name: t.zoomFit }).click();
    await expectAllTablesInFrame(view);

    // Full screen: over the whole window, every table in view; Esc leaves.
    await view.getByRole('button', { name: t.fullScreen }).click();
    await expect(page.locator('.schema-diagram.is-full')).toBeVisible();
    expect((await page.locator('.schema-diagram.is-full').boundingBox())!.width).toBe(width);
    await expectAllTablesInFrame(view);
    await page.keyboard.press('Escape');
    await expect(page.locator('.schema-diagram.is-full')).toHaveCount(0);
  });
}

test('two foreign keys from posts to users are two edges, apart and labelled with their columns', async ({ page }) => {
  await page.goto(sample('внешние-ключи'));
  const diagram = (await run(page, 0)).locator('.schema-diagram');
  const byUser = edge(diagram, 'posts_user_id_fkey');
  const byEditor = edge(diagram, 'posts_editor_id_fkey');
  await expect(byUser.locator('.schema-edge-label tspan')).toHaveText(['user_id'], DRAWN);
  await expect(byEditor.locator('.schema-edge-label tspan')).toHaveText(['editor_id', 'ON DELETE SET NULL']);
  const start = async (g: Locator) => /^M([\d.]+) ([\d.]+)/.exec((await g.locator('.schema-edge-line').getAttribute('d'))!)!.slice(1).join(' ');
  expect(await start(byUser)).not.toBe(await start(byEditor));
  await expectAllTablesInFrame(diagram);
});

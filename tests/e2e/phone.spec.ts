/**
 * A 375 px wide phone: every page fits the screen (nothing scrolls sideways but the blocks
 * meant to, like code and tables), every sample page too, the header's controls stay
 * reachable and it collapses on scroll to 56 px or less. Screenshots are
 * attached to each test's results (.cache/test-results) for a person to look at; comparing
 * pixels across machines would fail on fonts alone.
 */
import { expect, test } from '@playwright/test';

const root = () => process.env.FIXTURE_URL!;

const PAGES: [string, string][] = [
  ['home', ''],
  ['a note', 'один-к-одному/'],
  ['callouts, tables, code', 'formatting/'],
  ['runnable SQL', 'sql-playground/'],
  ['a tag page', 'tags/sqlalchemy/'],
  ['the graph', 'graph/'],
];

test.use({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

for (const [name, address] of PAGES) {
  test(`${name} fits 375 px`, async ({ page }, testInfo) => {
    await page.goto(`${root()}${address}`);
    if (address === 'graph/') await expect(page.locator('.graph-panel')).toHaveAttribute('data-state', 'ready');
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      // Elements reaching past the right edge, other than those inside a scrolling box.
      wide: [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
        .filter((el) => !el.parentElement?.closest('pre, table, .sql-table, .katex-display, .graph-canvas, .cm-editor'))
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
        .slice(0, 5),
    }));
    expect(overflow.wide).toEqual([]);
    expect(overflow.page).toBeLessThanOrEqual(375);
    for (const control of ['.search-trigger', '.theme-toggle', '.explorer-toggle']) await expect(page.locator(control)).toBeInViewport();
    const file = testInfo.outputPath('375px.png');
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`${name} at 375 px`, { path: file, contentType: 'image/png' });
  });
}

test('every page of the sample site fits 375 px', async ({ page }) => {
  const site = process.env.SAMPLE_URL!;
  await page.goto(`${site}notes/`);
  const notes = await page.locator('main a.internal, main .note-list a').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).href))]);
  expect(notes.length).toBeGreaterThanOrEqual(14);
  for (const address of [site, `${site}notes/`, `${site}tags/`, ...notes]) {
    await page.goto(address);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), decodeURI(address)).toBeLessThanOrEqual(375);
  }
});

test('the header collapses on scroll to a bar of 56 px or less, its buttons in reach, nothing below shifting', async ({ page }) => {
  await page.goto(`${process.env.SAMPLE_URL}внешние-ключи/`);
  const header = page.locator('.site-header');
  await expect(header.locator('.site-nav')).toBeInViewport();
  const heading = page.locator('.note-content h2').first();
  const before = (await heading.boundingBox())!.y;
  await page.evaluate(() => window.scrollTo(0, 600));
  await expect.poll(async () => (await header.boundingBox())!.y + (await header.boundingBox())!.height).toBeLessThanOrEqual(56);
  for (const control of ['.search-trigger', '.theme-toggle', '.explorer-toggle']) await expect(page.locator(control)).toBeInViewport();
  // The page moved by what was scrolled, no more: the header's change is no layout shift.
  expect((await heading.boundingBox())!.y).toBeCloseTo(before - 600, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(header.locator('.site-nav')).toBeInViewport();
});

test('a three-session lab keeps its words whole: its lanes scroll sideways inside the lab', async ({ page }) => {
  await page.goto(`${process.env.SAMPLE_URL}изоляция-транзакций/`);
  const lanes = page.locator('.lab-lanes-wrap').filter({ has: page.locator('thead th:nth-child(4)') }).first();
  await expect(lanes).toBeVisible();
  // Every lane's heading and step on one line: nothing broken mid-word.
  for (const cell of await lanes.locator('thead th, code.lab-sql').all()) {
    const [lines, written] = await cell.evaluate((el) => [
      Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
      (el.textContent ?? '').trim().split('\n').length,
    ]);
    expect(lines, (await cell.textContent()) ?? '').toBeLessThanOrEqual(written);
  }
  expect(await lanes.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

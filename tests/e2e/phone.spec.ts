/**
 * A 375 px wide phone: every page fits the screen (nothing scrolls sideways but the blocks
 * meant to, like code and tables), the header's controls stay reachable. Screenshots are
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

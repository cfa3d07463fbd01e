/**
 * Everything a reader does, without a mouse, with the focus always visible: search, Run,
 * callout folding, the explorer, the graph's note list, link previews.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { waitFor } from '../support/waits.ts';

const root = () => process.env.FIXTURE_URL!;

/** Presses Tab until `target` has the focus (at most `limit` times), checking each stop shows it. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      await expectVisibleFocus(target);
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

/** A focus ring the reader can see: an outline at least 2 px wide, or the editor's own. */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const outline = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);
}

test('search: / opens it, arrows reach a result, Enter opens it', async ({ page }) => {
  await page.goto(root());
  await page.keyboard.press('/');
  const input = page.locator('.search-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('сессии');
  const first = page.locator('.search-results a').first();
  await expect(first).toBeVisible(waitFor(15_000));
  await page.keyboard.press('ArrowDown');
  await expect(first).toBeFocused();
  await expectVisibleFocus(first);
  const title = await first.textContent();
  await page.keyboard.press('Enter');
  await expect(page.locator('h1.note-title')).toHaveText(title!);
  await expect(page.locator('.search-dialog')).not.toBeVisible();
});

test('SQL: Tab to a block’s Run, Enter runs it', async ({ page }) => {
  await page.goto(`${root()}sql-playground/`);
  const select = page.locator('.sql-block[data-sql-block="2"]');
  await tabTo(page, select.locator('.sql-run'));
  await page.keyboard.press('Enter');
  await expect(select).toHaveAttribute('data-state', 'ok', waitFor(20_000));
});

test('callouts fold and unfold from the keyboard', async ({ page }) => {
  await page.goto(`${root()}formatting/`);
  const callout = page.locator('details.callout', { hasText: 'Folded question' });
  await expect(callout).not.toHaveAttribute('open');
  await tabTo(page, callout.locator('summary'));
  await page.keyboard.press('Enter');
  await expect(callout).toHaveAttribute('open');
  await page.keyboard.press('Space');
  await expect(callout).not.toHaveAttribute('open');
});

test('explorer and graph note list: open, move, follow a link, all by keyboard', async ({ page }) => {
  await page.goto(root());
  await tabTo(page, page.locator('.explorer-toggle'));
  await page.keyboard.press('Enter');
  const folder = page.locator('.explorer summary', { hasText: 'English' });
  await tabTo(page, folder);
  await page.keyboard.press('Enter');
  await tabTo(page, page.locator('.explorer a', { hasText: 'Sessions' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('h1.note-title')).toHaveText('Sessions');

  await tabTo(page, page.locator('.graph-toggle'), 120);
  await page.keyboard.press('Enter');
  await expect(page.locator('.graph-panel')).toHaveAttribute('data-state', 'ready');
  await tabTo(page, page.locator('.graph-list summary'));
  await page.keyboard.press('Enter');
  const target = page.locator('.graph-list a', { hasText: 'Components in MDX' });
  await tabTo(page, target);
  await page.keyboard.press('Enter');
  await expect(page.locator('h1.note-title')).toHaveText('Components in MDX');
});

test('skip link first, then a link preview with P', async ({ page }) => {
  await page.goto(root());
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  const link = page.locator('.note-content a.internal').first();
  await tabTo(page, link);
  await page.keyboard.press('p');
  await expect(page.locator('.link-preview')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(link).toBeFocused();
});

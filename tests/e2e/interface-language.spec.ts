/**
 * The interface language comes from the site's configuration (`lang`, `SITE_LANG`), else
 * the vault's: the fixture vault is Russian, and FIXTURE_EN_URL is it built with
 * SITE_LANG=en. Notes keep their own language; the interface around them is marked with its own.
 */
import { expect, test } from '@playwright/test';

test('configured English: navigation, dates, search, graph and explorer speak English around Russian notes', async ({ page }) => {
  await page.goto(`${process.env.FIXTURE_EN_URL}один-к-одному/`);
  // The configured language is also every note's that does not give its own in frontmatter.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const header = page.locator('header.site-header');
  await expect(header).toHaveAttribute('lang', 'en');
  await expect(header.getByRole('link', { name: 'All notes' })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Explorer' })).toBeVisible();
  // English month names, as en-GB writes them.
  await expect(page.locator('.note-meta')).toHaveText(/^Updated \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/);
  await expect(page.locator('.backlinks h2')).toContainText('Links to this note');
  await expect(page.getByRole('button', { name: 'Show graph' })).toBeVisible();

  await page.keyboard.press('/');
  await expect(page.locator('.search-input')).toHaveAttribute('placeholder', 'Search notes…');
  await page.locator('.search-input').fill('zzzqqxx');
  await expect(page.locator('.search-status')).toHaveText('Nothing found');
});

test('by default the interface is in the vault’s language, also on a note written in another', async ({ page }) => {
  await page.goto(`${process.env.FIXTURE_URL}sql-playground/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('header.site-header')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('.note-meta')).toHaveText(/^Обновлено \d{1,2} [а-я]+ \d{4}/);
  await expect(page.locator('.sql-runner')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('.sql-run-all')).toHaveText('Выполнить все');
});

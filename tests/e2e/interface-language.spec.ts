/**
 * The interface language: a note page speaks its note's language when the string table
 * has it, else the site's; site pages speak the site's, which comes from the configuration
 * (`lang`, `SITE_LANG`), else the vault's. The fixture vault is Russian, FIXTURE_EN_URL is it
 * built with SITE_LANG=en (every note without a `lang` is then English), ITALIAN_URL is a
 * small Italian vault built with SITE_LANG=it.
 */
import { expect, test } from '@playwright/test';

test('configured English: site pages and notes without a lang speak English, a note that says lang: ru Russian', async ({ page }) => {
  await page.goto(`${process.env.FIXTURE_EN_URL}notes/`);
  const header = page.locator('header.site-header');
  await expect(header).toHaveAttribute('lang', 'en');
  await expect(header.getByRole('link', { name: 'All notes' })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Explorer' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.locator('.search-input')).toHaveAttribute('placeholder', 'Search notes…');
  await page.locator('.search-input').fill('zzzqqxx');
  await expect(page.locator('.search-status')).toHaveText('Nothing found');
  await page.keyboard.press('Escape');

  // Russian text without a lang: the configured language is the note's, so the page is English.
  await page.goto(`${process.env.FIXTURE_EN_URL}отношения/многие-ко-многим/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // English month names, as en-GB writes them.
  await expect(page.locator('.note-meta')).toHaveText(/^Updated \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/);
  await expect(page.locator('.backlinks h2')).toContainText('Links to this note');
  await expect(page.getByRole('button', { name: 'Show graph' })).toBeVisible();

  // `lang: ru` in its frontmatter: the whole page speaks Russian.
  await page.goto(`${process.env.FIXTURE_EN_URL}один-к-одному/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('header.site-header')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('.backlinks h2')).toContainText('Ссылки на эту заметку');
});

test('one language per page: an English note on the Russian site has an English interface, the site pages a Russian one', async ({ page }) => {
  await page.goto(`${process.env.FIXTURE_URL}formatting/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('header.site-header')).toHaveAttribute('lang', 'en');
  await expect(page.locator('header.site-header').getByRole('link', { name: 'All notes' })).toBeVisible();
  await expect(page.locator('.note-meta')).toHaveText(/^Updated \d{1,2} [A-Z][a-z]+ \d{4}/);
  await expect(page.locator('.backlinks h2')).toContainText('Links to this note');
  // The list of notes is a site page: the site's language.
  await page.goto(`${process.env.FIXTURE_URL}notes/`);
  await expect(page.locator('header.site-header')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('header.site-header').getByRole('link', { name: 'Все заметки' })).toBeVisible();
});

test('SITE_LANG=it on an Italian vault: Italian interface and Italian stemming in search', async ({ page }) => {
  await page.goto(`${process.env.ITALIAN_URL}guide/ricerca/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  const header = page.locator('header.site-header');
  await expect(header).toHaveAttribute('lang', 'it');
  await expect(header.getByRole('link', { name: 'Tutte le note' })).toBeVisible();
  await expect(page.locator('.note-meta')).toHaveText(/^Aggiornata il \d{1,2} (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4}/);
  await expect(page.locator('.backlinks h2')).toContainText('Collegamenti a questa nota');

  await page.keyboard.press('/');
  await expect(page.locator('.search-input')).toHaveAttribute('placeholder', 'Cerca nelle note…');
  // The plural finds the page that has only the singular ("un solo collegamento").
  await page.locator('.search-input').fill('collegamenti');
  await expect(page.locator('.search-result-title', { hasText: 'Ricerca' })).toBeVisible();
  await page.locator('.search-input').fill('zzzqqxx');
  await expect(page.locator('.search-status')).toHaveText('Nessun risultato');
});

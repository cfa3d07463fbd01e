/** Obsidian formatting comes out as a reader of Obsidian Publish expects. */
import { expect, test } from '@playwright/test';
import { waitFor } from '../support/waits.ts';

test('callouts, highlights, comments, tasks, footnotes, math, Mermaid, code', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${process.env.FIXTURE_KB_URL}formatting/`);
  const content = page.locator('.note-content');

  await expect(content.locator('mark')).toHaveText('highlighted text');
  await expect(content).not.toContainText('secret remark');
  await expect(content).not.toContainText('keeps private');
  await expect(content.locator('td code')).toHaveText('%%kept%%');

  const folded = content.locator('details.callout[data-callout-kind="question"]');
  await expect(folded.locator('summary')).toHaveText('Folded question');
  await expect(folded.getByText('The answer is hidden')).toBeHidden();
  await folded.locator('summary').click();
  await expect(folded.getByText('The answer is hidden')).toBeVisible();
  await expect(content.locator('[data-callout-type="custom-kind"][data-callout-kind="note"]')).toContainText('Custom callouts');

  await expect(content.locator('input[type="checkbox"][checked]')).toHaveCount(1);
  await expect(content.locator('.footnotes')).toContainText('The footnote text.');

  await expect(content.locator('.katex').first()).toBeVisible();
  const katexFont = await content.locator('.katex').first().evaluate((el) => getComputedStyle(el).fontFamily);
  expect(katexFont).toContain('KaTeX');

  await expect(content.locator('pre.mermaid svg')).toBeVisible(waitFor(15_000));
  await expect(content.locator('pre.mermaid svg')).toContainText('profiles');

  await expect(content.locator('pre.shiki').filter({ hasText: 'unknown language label' })).toBeVisible();
  await expect(content.locator('pre.shiki').filter({ hasText: 'but labelled scss' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('an .mdx note renders its components and gets the same vault transforms', async ({ page }) => {
  await page.goto(`${process.env.FIXTURE_KB_URL}english/components/`);
  await expect(page.locator('h1.note-title')).toHaveText('Components in MDX');
  const content = page.locator('.note-content');
  await expect(content.getByTestId('badge')).toHaveText('rendered by a component');
  await expect(content.getByRole('link', { name: 'the flush section' })).toHaveAttribute('href', '/kb/english/sessions/#flush');
  await expect(content.locator('a.tag', { hasText: '#mdx/demo' })).toHaveAttribute('href', '/kb/tags/mdx/demo/');
  await expect(content.locator('mark')).toHaveText('a highlight');
  await expect(content.locator('.callout[data-callout-kind="tip"]')).toContainText('As in Markdown notes.');
  await page.goto(`${process.env.FIXTURE_KB_URL}english/sessions/`);
  await expect(page.locator('.backlinks')).toContainText('Components in MDX');
});

/** The bundled sample vault builds into a working site (its content is checked by `npm run check`). */
import { expect, test } from '@playwright/test';

test('the sample wiki opens on its start note and links between Russian and English notes', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(process.env.SAMPLE_URL!);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('h1.note-title')).toHaveText('База знаний по SQLAlchemy');
  await page.locator('.note-content').getByRole('link', { name: 'Start here' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('.note-content').getByRole('link', { name: 'One-to-one relationships' }).click();
  await expect(page.locator('.embed-note')).toContainText('UNIQUE');
  // The last one: the embed's title links to the same note, at the embedded section.
  await page.locator('.note-content').getByRole('link', { name: 'Один к одному' }).last().click();
  await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
  expect(errors).toEqual([]);
});

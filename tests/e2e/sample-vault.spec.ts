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
  // A full counterpart, not a stub embedding the Russian note, linked both ways.
  await expect(page.locator('h1.note-title')).toHaveText('One-to-one relationships');
  await expect(page.locator('.embed-note')).toHaveCount(0);
  await page.locator('.note-content').getByRole('link', { name: 'Один к одному' }).first().click();
  await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.locator('.note-content').getByRole('link', { name: 'One-to-one relationships' }).click();
  await expect(page.locator('h1.note-title')).toHaveText('One-to-one relationships');
  expect(errors).toEqual([]);
});

/** What the e2e tests do with a page's runnable SQL blocks, as a reader would. */
import { expect, type Locator, type Page } from '@playwright/test';

/** A block by number (0-based over the note's ```sql blocks). */
export const block = (page: Page, id: number) => page.locator(`.sql-block[data-sql-block="${id}"]`);

/** Clicks Run and waits until the block has run (or failed). */
export async function run(page: Page, id: number): Promise<Locator> {
  const target = block(page, id);
  await target.locator('.sql-run').click();
  await expect(target).not.toHaveAttribute('data-state', 'running', { timeout: 20_000 });
  return target;
}

/** Opens the block's editor, unless it is open, and replaces its text. */
export async function edit(target: Locator, sql: string): Promise<void> {
  const editor = target.locator('.cm-content');
  if (await editor.isVisible()) await editor.click();
  else await target.locator('.sql-edit').click();
  await expect(editor).toBeFocused();
  await editor.press('ControlOrMeta+a');
  await editor.pressSequentially(sql);
}

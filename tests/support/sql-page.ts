/** What the e2e tests do with a page's runnable SQL blocks, and the links between them, as a reader would. */
import { expect, type Locator, type Page, type Worker } from '@playwright/test';
import { waitFor } from './waits.ts';

/** A block by number (0-based over the note's ```sql blocks). */
export const block = (page: Page, id: number) => page.locator(`.sql-block[data-sql-block="${id}"]`);

/** Clicks Run and waits until the block has run (or failed). */
export async function run(page: Page, id: number): Promise<Locator> {
  const target = block(page, id);
  await target.locator('.sql-run').click();
  await expect(target).not.toHaveAttribute('data-state', 'running', waitFor(20_000));
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

/** The SQL runner's workers (not ELK's) alive in the page, kept up to date as they start and end. */
export function sqlWorkers(page: Page): Set<Worker> {
  const live = new Set<Worker>();
  page.on('worker', (worker) => {
    if (!/\/_astro\/worker-[^/]*\.js$/.test(worker.url())) return;
    live.add(worker);
    worker.on('close', () => live.delete(worker));
  });
  return live;
}

/** Clicks a link (client-side navigation) and waits until the new page's scripts have set it up. */
export async function followLink(page: Page, link: Locator) {
  await page.evaluate(() => {
    (window as unknown as { pageLoaded: Promise<boolean> }).pageLoaded = new Promise((resolve) => document.addEventListener('astro:page-load', () => resolve(true), { once: true }));
  });
  await link.click();
  expect(await page.evaluate(() => (window as unknown as { pageLoaded: Promise<boolean> }).pageLoaded)).toBe(true);
}

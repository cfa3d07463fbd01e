/**
 * axe-core on the pages a reader sees, in both themes (colour contrast differs): no serious
 * or critical violation. A new page to check is one line in PAGES; `sample:` addresses are
 * on the sample site.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { waitFor } from '../support/waits.ts';

const root = () => process.env.FIXTURE_URL!;

/** What to check: a name, the address below the site root, and what to do before checking. */
const PAGES: [string, string, ((page: Page) => Promise<void>)?][] = [
  ['home', ''],
  ['a note', 'один-к-одному/'],
  ['callouts, tables, code, embeds', 'formatting/'],
  ['a tag page', 'tags/sqlalchemy/'],
  ['all notes', 'notes/'],
  ['the graph', 'graph/', (page) => expect(page.locator('.graph-panel')).toHaveAttribute('data-state', 'ready')],
  ['search results open', '', openSearchResults],
  ['runnable SQL blocks, after a run', 'sql-playground/', runBlock],
  ['a note with its local graph and a link preview open', 'english/sessions/', openGraphAndPreview],
  ['an isolation lab, after a run', 'isolation-lab/', runLab],
  // The sample site: its home as cards, a drawn diagram with its toolbar, a run with its output verdict, the isolation note.
  ['the sample home', 'sample:'],
  ['a schema diagram, drawn', 'sample:каскадное-удаление/', drawDiagram],
  ['an expected output compared, the code headers', 'sample:внешние-ключи/', runFirstBlock],
  ['the isolation note', 'sample:изоляция-транзакций/'],
];

async function drawDiagram(page: Page): Promise<void> {
  await page.locator('.sql-schema-view .sql-view-pending button').click();
  await expect(page.locator('.schema-svg')).toBeVisible(waitFor(20_000));
}

async function runFirstBlock(page: Page): Promise<void> {
  const first = page.locator('.sql-block[data-sql-block="1"]');
  await first.locator('.sql-run').click();
  await expect(first.locator('.sql-output-check')).toBeVisible(waitFor(20_000));
}

async function runLab(page: Page): Promise<void> {
  const lab = page.locator('.lab[data-lab-block="0"]');
  await lab.locator('.lab-run-all').click();
  await expect(lab).toHaveAttribute('aria-busy', 'false', waitFor(30_000));
  await expect(lab.locator('.lab-verdict')).not.toBeEmpty();
}

async function openSearchResults(page: Page): Promise<void> {
  await page.keyboard.press('/');
  await page.locator('.search-input').fill('один');
  await expect(page.locator('.search-results li').first()).toBeVisible(waitFor(15_000));
}

async function runBlock(page: Page): Promise<void> {
  const select = page.locator('.sql-block[data-sql-block="2"]');
  await select.locator('.sql-run').click();
  await expect(select).toHaveAttribute('data-state', 'ok', waitFor(20_000));
}

async function openGraphAndPreview(page: Page): Promise<void> {
  await page.locator('.graph-toggle').click();
  await expect(page.locator('.graph-panel')).toHaveAttribute('data-state', 'ready');
  await page.locator('.graph-list summary').click();
  await page.locator('.backlinks a.internal').first().focus();
  await page.keyboard.press('p');
  await expect(page.locator('.link-preview')).toBeVisible();
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${theme} theme`, () => {
    for (const [name, address, prepare] of PAGES) {
      test(name, async ({ page }) => {
        await page.addInitScript((chosen) => localStorage.setItem('theme', chosen), theme);
        await page.goto(address.startsWith('sample:') ? `${process.env.SAMPLE_URL}${address.slice('sample:'.length)}` : `${root()}${address}`);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await prepare?.(page);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        const serious = results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n')}`);
        expect(serious, serious.join('\n')).toEqual([]);
      });
    }
  });
}

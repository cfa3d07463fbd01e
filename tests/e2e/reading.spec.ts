/**
 * Reading aids (issue 7) on the fixture vault: the graph view (local and global), the
 * explorer, link previews, and client-side navigation that keeps runnable SQL working.
 */
import { expect, test, type Page } from '@playwright/test';
import { sqlWorkers } from '../support/sql-page.ts';
import { waitFor } from '../support/waits.ts';

const root = () => process.env.FIXTURE_URL!;

/** What the graph view exposes on its panel, for tests and the benchmark (src/scripts/graph/view.ts). */
type GraphPanel = HTMLElement & { graphView?: { screenOf(title: string): { x: number; y: number } | undefined; zoom(): number } };

/** Marks the window: a full page load loses the mark, a client-side navigation keeps it. */
async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { kbMark: number }).kbMark = 1));
}
async function stillSameWindow(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { kbMark?: number }).kbMark === 1);
}

test.describe('graph view', () => {
  test('a note page loads no graph code or data until the graph is opened', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(root());
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => u.includes('graph/data.json') || /force-graph|view\.[\w-]+\.js/.test(u))).toEqual([]);
    await page.getByRole('button', { name: 'Показать граф' }).click();
    await expect(page.locator('.graph-panel')).toHaveAttribute('data-state', 'ready');
    expect(requests.some((u) => u.endsWith('/graph/data.json'))).toBe(true);
  });

  test('local graph: neighbours at depth 1, more at depth 2, tags on request, the current note marked', async ({ page }) => {
    await page.goto(`${root()}english/sessions/`);
    // An English note: its page speaks English on the Russian site.
    await page.getByRole('button', { name: 'Show graph' }).click();
    const panel = page.locator('.graph-panel');
    await expect(panel).toHaveAttribute('data-state', 'ready');
    const list = panel.locator('.graph-list');
    await list.locator('summary').click();
    const names = list.locator('li > a');
    // In the page's interface language's order: English here, so Latin before Cyrillic.
    await expect(names).toHaveText(['Components in MDX', 'Fixture wiki', 'Sessions', 'Один к одному']);
    await expect(list.locator('a[aria-current="page"]')).toHaveText('Sessions');
    await panel.getByLabel('Two links away').check();
    await expect(names).toContainText(['Многие ко многим']);
    await panel.getByLabel('Tags as nodes').check();
    await expect(names.filter({ hasText: /^#/ }).first()).toBeVisible();
    await expect(panel.locator('.graph-count')).toHaveText('5');
  });

  test('global graph: every note, a click on a node opens it', async ({ page }) => {
    await page.goto(`${root()}graph/`);
    const panel = page.locator('.graph-panel');
    await expect(panel).toHaveAttribute('data-state', 'ready');
    // Every note the site publishes: as many as the graph data lists.
    const notes = await page.evaluate(async (url) => ((await (await fetch(url)).json()) as { titles: string[] }).titles.length, `${root()}graph/data.json`);
    expect(notes).toBeGreaterThanOrEqual(7);
    await expect(panel.locator('.graph-count')).toHaveText(String(notes));
    // Once the layout has settled, force-graph picks the node under the pointer as it moves,
    // then acts on the click.
    await expect(panel).toHaveAttribute('data-layout', 'settled', waitFor(15_000));
    const canvas = panel.locator('canvas').first();
    const box = (await canvas.boundingBox())!;
    const pointAt = async () => {
      const point = await panel.evaluate((el) => (el as GraphPanel).graphView?.screenOf('Formatting'));
      if (!point) return false;
      await page.mouse.move(box.x + point.x, box.y + point.y, { steps: 2 });
      return (await canvas.getAttribute('class'))?.includes('clickable') ?? false;
    };
    await expect.poll(pointAt, { timeout: 10_000 }).toBe(true);

    // Drag the node away and back; wheel to zoom in and out.
    const where = () => panel.evaluate((el) => (el as GraphPanel).graphView!.screenOf('Formatting')!);
    const start = await where();
    await page.mouse.down();
    await page.mouse.move(box.x + start.x + 60, box.y + start.y + 40, { steps: 6 });
    await page.mouse.up();
    const dragged = await where();
    expect(Math.hypot(dragged.x - start.x - 60, dragged.y - start.y - 40)).toBeLessThan(15);
    await expect(page.getByRole('heading', { level: 1, name: 'Граф заметок' })).toBeVisible();
    const zoom = () => panel.evaluate((el) => (el as GraphPanel).graphView!.zoom());
    const before = await zoom();
    await page.mouse.wheel(0, -300);
    await expect.poll(zoom).toBeGreaterThan(before);

    await expect.poll(pointAt, { timeout: 10_000 }).toBe(true);
    await markWindow(page);
    await page.mouse.down();
    await page.mouse.up();
    await expect(page.locator('h1.note-title')).toHaveText('Formatting');
    expect(await stillSameWindow(page)).toBe(true);
  });
});

test('under a base path, the graph, its list and the explorer link below it', async ({ page }) => {
  const kb = process.env.FIXTURE_KB_URL!;
  await page.goto(`${kb}graph/`);
  const panel = page.locator('.graph-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  await panel.locator('.graph-list summary').click();
  await panel.locator('.graph-list a', { hasText: 'Sessions' }).click();
  await expect(page.locator('h1.note-title')).toHaveText('Sessions');
  expect(new URL(page.url()).pathname).toBe('/kb/english/sessions/');
  await page.getByRole('button', { name: 'Explorer' }).click();
  await expect(page.locator('.explorer [aria-current="page"]')).toHaveAttribute('href', '/kb/english/sessions/');
});

test.describe('explorer', () => {
  test('a folder tree with the current note marked; open folders are remembered across pages', async ({ page }) => {
    await page.goto(root());
    const toggle = page.getByRole('button', { name: 'Проводник' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const explorer = page.getByRole('navigation', { name: /^(Папки и заметки|Folders and notes)$/ });
    await expect(explorer.locator('[aria-current="page"]')).toHaveText('Fixture wiki');
    const folder = explorer.locator('details', { has: page.locator('summary', { hasText: 'Отношения' }) });
    await expect(folder).not.toHaveAttribute('open');
    await folder.locator('summary').click();
    await folder.getByRole('link', { name: 'Многие ко многим' }).click();
    await expect(page.locator('h1.note-title')).toHaveText('Многие ко многим');
    await expect(explorer.locator('[aria-current="page"]')).toHaveText('Многие ко многим');

    // A full load of another page: the explorer is open again, with the same folder open.
    await page.goto(`${root()}formatting/`);
    await expect(explorer).toBeVisible();
    await expect(explorer.locator('[aria-current="page"]')).toHaveText('Formatting');
    await expect(folder).toHaveAttribute('open');
    await expect(explorer.locator('details', { has: page.locator('summary', { hasText: 'English' }) })).not.toHaveAttribute('open');
    // Formatting is an English note: its header speaks English.
    await page.getByRole('button', { name: 'Explorer' }).click();
    await page.reload();
    await expect(explorer).toBeHidden();
  });

  test('on a wide screen the explorer stays open as a left sidebar and the outline as a right one, both remembered without a shift', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${root()}один-к-одному/`);
    const explorer = page.locator('.explorer');
    const toc = page.locator('.note-aside .toc');
    const tocToggle = page.locator('.toc-toggle');
    await expect(toc).toBeVisible();
    await expect(tocToggle).toHaveAttribute('aria-expanded', 'true');
    await page.locator('.explorer-toggle').click();
    await tocToggle.click();
    await expect(toc).toBeHidden();
    await expect(tocToggle).toHaveAttribute('aria-expanded', 'false');
    const sidebar = (await explorer.boundingBox())!;
    expect(sidebar.x).toBe(0);
    expect((await page.locator('h1.note-title').boundingBox())!.x).toBeGreaterThan(sidebar.width);

    // A full load: both choices applied before the first paint, so nothing shifts while the tree is drawn.
    await page.addInitScript(() => {
      (window as unknown as { cls: number }).cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) (window as unknown as { cls: number }).cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${root()}один-к-одному/`, { waitUntil: 'networkidle' });
    await expect(explorer.locator('[aria-current="page"]')).toHaveText('Один к одному');
    await expect(toc).toBeHidden();
    await expect(page.locator('.explorer-toggle')).toHaveAttribute('aria-expanded', 'true');
    expect(await page.evaluate(() => (window as unknown as { cls: number }).cls)).toBeLessThan(0.05);
    // Client-side navigation keeps both.
    await explorer.getByRole('link', { name: 'Formatting' }).click();
    await expect(page.locator('h1.note-title')).toHaveText('Formatting');
    await expect(explorer).toBeVisible();

    // On a phone the explorer is a menu, closed on each page; the outline, once opened, sits above the note.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${root()}один-к-одному/`);
    await expect(explorer).toBeHidden();
    await expect(toc).toBeHidden();
    await tocToggle.click();
    await expect(toc).toBeVisible();
    expect((await toc.boundingBox())!.y).toBeLessThan((await page.locator('h1.note-title').boundingBox())!.y);
    await page.reload();
    await expect(toc).toBeVisible();
  });
});

test.describe('link previews', () => {
  test('hovering an internal link shows the target note, scrolled to the linked heading', async ({ page }) => {
    await page.goto(root());
    const preview = page.getByRole('complementary', { name: 'Предпросмотр' });
    await page.getByRole('link', { name: 'об уникальном ограничении' }).hover();
    await expect(preview).toBeVisible();
    await expect(preview.locator('.link-preview-title')).toHaveText('Один к одному');
    const target = preview.locator('.link-preview-target');
    await expect(target).toHaveText('Уникальное ограничение');
    await expect(target).toBeInViewport();
    // No duplicate ids from the previewed page.
    expect(await preview.locator('[id]').count()).toBe(0);
    await page.mouse.move(5, 5);
    await expect(preview).toBeHidden();
  });

  test('from the keyboard: P on a focused link opens it, Escape returns to the link', async ({ page }) => {
    await page.goto(root());
    const link = page.getByRole('link', { name: 'Многие ко многим' }).first();
    await link.focus();
    await page.keyboard.press('p');
    const preview = page.getByRole('complementary', { name: 'Предпросмотр' });
    await expect(preview.locator('.link-preview-title')).toHaveText('Многие ко многим');
    await expect(preview.locator('.link-preview-body')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(preview).toBeHidden();
    await expect(link).toBeFocused();
    // Focus leaving an open preview closes it (Tab first goes through the preview's own links).
    await page.keyboard.press('p');
    await expect(preview.locator('.link-preview-body')).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(preview).toBeHidden();
  });

  test('touch screens get no preview: a tap follows the link', async ({ browser }) => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 375, height: 700 } });
    const page = await context.newPage();
    await page.goto(root());
    await page.getByRole('link', { name: 'Один к одному', exact: true }).first().tap();
    await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
    await expect(page.locator('.link-preview')).toBeHidden();
    await context.close();
  });
});

test.describe('client-side navigation', () => {
  test('runnable SQL works on a page reached without a reload, and again after leaving and coming back', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(root());
    await markWindow(page);
    await page.getByRole('link', { name: 'Все заметки' }).click();
    await page.getByRole('link', { name: 'SQL playground' }).click();
    await expect(page.locator('h1.note-title')).toHaveText('SQL playground');
    expect(await stillSameWindow(page)).toBe(true);

    const live = sqlWorkers(page);
    const select = page.locator('.sql-block[data-sql-block="2"]');
    await select.locator('.sql-run').click();
    await expect(select).toHaveAttribute('data-state', 'ok', waitFor(20_000));
    await expect(select.locator('tbody tr')).toHaveCount(3);
    // The page's database, its spare, and the one started for the next page with SQL.
    await expect.poll(() => live.size, waitFor(15_000)).toBe(3);
    const before = [...live];

    // Away and back: a fresh runner for the new page, nothing left over from the old one; the
    // page without SQL between passes the started database on.
    await page.getByRole('link', { name: 'Все заметки' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Все заметки' })).toBeVisible();
    await page.getByRole('link', { name: 'SQL playground' }).click();
    const again = page.locator('.sql-block[data-sql-block="2"]');
    await expect(again).not.toHaveAttribute('data-state', 'ok');
    await again.locator('.sql-run').click();
    await expect(again).toHaveAttribute('data-state', 'ok', waitFor(20_000));
    await expect(again.locator('.sql-summary')).toContainText('Сначала выполнены 2 предыдущих блока.');
    expect(before.filter((worker) => live.has(worker))).toHaveLength(1);
    expect(await stillSameWindow(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('Mermaid diagrams and math are drawn on a page reached without a reload', async ({ page }) => {
    await page.goto(root());
    await markWindow(page);
    await page.getByRole('link', { name: 'Все заметки' }).click();
    await page.getByRole('link', { name: 'Formatting' }).click();
    await expect(page.locator('h1.note-title')).toHaveText('Formatting');
    const content = page.locator('.note-content');
    await expect(content.locator('pre.mermaid svg')).toContainText('profiles', waitFor(15_000));
    expect(await content.locator('.katex').first().evaluate((el) => getComputedStyle(el).fontFamily)).toContain('KaTeX');
    expect(await stillSameWindow(page)).toBe(true);
  });

  test('the chosen theme survives client-side navigation', async ({ page }) => {
    await page.goto(root());
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('.theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('link', { name: 'Теги' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Все теги' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

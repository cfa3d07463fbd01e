/**
 * What a reader does on the site: follow wikilinks (Cyrillic names, heading anchors),
 * read backlinks, open tag pages, switch theme, hit a missing page; at `/` and under a
 * base path.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitFor } from '../support/waits.ts';

const SITES = [
  ['at the site root', 'FIXTURE_URL'],
  ['under BASE_PATH=/kb/', 'FIXTURE_KB_URL'],
] as const;

for (const [where, env] of SITES) {
  test.describe(`navigation ${where}`, () => {
    let root: string;
    test.beforeAll(() => {
      root = process.env[env]!;
    });

    test('home → Cyrillic note → heading anchor → backlinks', async ({ page }) => {
      await page.goto(root);
      await expect(page.locator('h1.note-title')).toHaveText('Fixture wiki');
      await page.getByRole('link', { name: 'Один к одному', exact: true }).first().click();
      await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`${new URL(root).pathname}один-к-одному/`);

      await page.goto(root);
      await page.getByRole('link', { name: 'об уникальном ограничении' }).click();
      // Client-side navigation updates the address once the new page is in.
      await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe('#уникальное-ограничение');
      await expect(page.locator(`[id="уникальное-ограничение"]`)).toHaveText('Уникальное ограничение');
      await expect(page.locator(`[id="уникальное-ограничение"]`)).toBeInViewport();

      const backlinks = page.locator('.backlinks');
      await expect(backlinks.getByRole('link', { name: 'Fixture wiki' })).toBeVisible();
      await expect(backlinks.getByRole('link', { name: 'Sessions' })).toBeVisible();
      await expect(backlinks).toContainText('Начните с заметки Один к одному');
      await expect(backlinks).toContainText('Один к одному > ^definition');
    });

    test('unresolved links are text, missing pages get the 404 page', async ({ page }) => {
      await page.goto(root);
      const missing = page.locator('.unresolved', { hasText: 'Нет такой заметки' });
      await expect(missing).toBeVisible();
      expect(await missing.evaluate((el) => el.tagName)).toBe('SPAN');
      const response = await page.goto(`${root}no/such/page/`);
      expect(response?.status()).toBe(404);
      await expect(page.locator('h1')).toHaveText('Страница не найдена');
    });

    test('tag pages roll nested tags into their parents', async ({ page }) => {
      await page.goto(root);
      await page.getByRole('link', { name: 'Один к одному', exact: true }).first().click();
      await page.locator('.note-meta a.tag', { hasText: '#sqlalchemy/отношения' }).click();
      await expect(page.locator('h1')).toContainText('#sqlalchemy/отношения');
      await expect(page.locator('.note-list')).toContainText('Многие ко многим');
      await page.goto(`${root}tags/sqlalchemy/`);
      const list = page.locator('.note-list');
      await expect(list).toContainText('Один к одному');
      await expect(list).toContainText('Sessions');
      await expect(page.locator('.subtags')).toContainText('#sqlalchemy/session');
    });

    test('dark mode toggles and is remembered', async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(root);
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const light = await background();
      await page.locator('.theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      expect(await background()).not.toBe(light);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      expect(await background()).not.toBe(light);
    });
  });
}

test('assets and embeds load from the base path', async ({ page }) => {
  const root = process.env.FIXTURE_KB_URL!;
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(r.url());
  });
  await page.goto(`${root}отношения/многие-ко-многим/`);
  const image = page.locator('img.embed-image');
  await expect(image).toHaveAttribute('src', '/kb/attachments/diagram.png');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4);
  await expect(page.locator('.embed-note')).toContainText('Каждому пользователю соответствует ровно один профиль');
  expect(failed).toEqual([]);
});

async function search(page: Page, query: string) {
  await page.keyboard.press('/');
  const input = page.locator('.search-input');
  await expect(input).toBeFocused();
  await input.fill(query);
}

test.describe('search', () => {
  test('finds a Russian word in another inflection, under a base path too', async ({ page }) => {
    for (const root of [process.env.FIXTURE_URL!, process.env.FIXTURE_KB_URL!]) {
      await page.goto(root);
      await search(page, 'транзакция');
      await expect(page.locator('.search-results li').first()).toContainText('Один к одному');
      await expect(page.locator('.search-results mark').first()).toHaveText(/транзакц/i);
    }
  });

  test('finds an English note from a Russian page, under a base path too', async ({ page }) => {
    for (const root of [process.env.FIXTURE_URL!, process.env.FIXTURE_KB_URL!]) {
      await page.goto(root);
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      await search(page, 'sessions');
      const hit = page.locator('.search-results a', { hasText: 'Sessions' });
      await expect(hit).toBeVisible();
      await hit.click();
      await expect(page.locator('h1.note-title')).toHaveText('Sessions');
      expect(new URL(page.url()).pathname).toBe(`${new URL(root).pathname}english/sessions/`);
    }
  });
});

test('search opens with Ctrl+K and filters by tag', async ({ page }) => {
  await page.goto(`${process.env.FIXTURE_URL}english/sessions/`);
  await page.keyboard.press('Control+k');
  const input = page.locator('.search-input');
  await expect(input).toBeFocused();
  const tagSelect = page.locator('.search-tag');
  await expect(tagSelect.locator('option[value="sqlalchemy/отношения"]')).toHaveCount(1);
  await tagSelect.selectOption('sqlalchemy/отношения');
  const titles = page.locator('.search-results .search-result-title');
  await expect(titles).toHaveCount(2);
  expect((await titles.allInnerTexts()).sort()).toEqual(['Многие ко многим', 'Один к одному']);
  await input.fill('ключ');
  await expect(titles).toHaveText(['Многие ко многим']);
  await input.press('ArrowDown');
  await expect(titles.first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('.search-dialog')).not.toBeVisible();
});

test('pages are readable on a 375 px phone: nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  for (const path of ['', 'один-к-одному/', 'formatting/', 'tags/', 'notes/']) {
    await page.goto(`${process.env.FIXTURE_URL}${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path || 'home').toBeLessThanOrEqual(375);
    await expect(page.locator('.search-trigger')).toBeVisible();
  }
});

test('search: one ranking across the language indexes, headings weigh more than text, a query naming a heading lands on it, the lab out of the index', async ({ page }) => {
  await page.goto(`${process.env.SAMPLE_URL}`);
  await page.keyboard.press('Control+k');
  await page.locator('.search-input').fill('selectinload');
  const first = page.locator('.search-results li').first();
  await expect(first.locator('.search-result-title')).toHaveText('Запросы и загрузка связей');
  await expect(first.locator('.search-result-heading')).toContainText('selectinload: второй запрос с IN');
  // Not the English stub: a Russian page that names the query outranks it.
  expect(decodeURI((await first.locator('.search-result-title').getAttribute('href'))!)).toMatch(/запросы-и-загрузка-связей\/#selectinload/);
  await first.locator('.search-result-title').click();
  await expect(page).toHaveURL(/#selectinload/);
  await expect(page.locator('h3', { hasText: 'selectinload: второй запрос с IN' })).toBeInViewport();
  // In the index itself a heading weighs more than body text (Pagefind's weights: h1 7 … h3 5 … h6 2, text 1).
  const weights = await page.evaluate(async () => {
    type Data = { url: string; weighted_locations: { weight: number }[] };
    const pagefind = (await import(`${document.documentElement.dataset.base}pagefind/pagefind.js`)) as {
      search(q: string): Promise<{ results: { data(): Promise<Data> }[] }>;
    };
    const found = await Promise.all((await pagefind.search('selectinload')).results.map((r) => r.data()));
    return found.find((d) => decodeURI(d.url).includes('запросы-и-загрузка-связей'))!.weighted_locations.map((l) => l.weight);
  });
  // The word in its h3, and in the text (weight 1, less for a word it only begins).
  expect(Math.max(...weights)).toBeGreaterThanOrEqual(5);
  expect(weights.filter((w) => w <= 1).length).toBeGreaterThan(0);

  await page.goto(`${process.env.SAMPLE_URL}лаборатория-изоляции/`);
  await expect(page.locator('.note-content .lab').first()).toHaveAttribute('data-pagefind-ignore', '');
  await page.keyboard.press('Control+k');
  await page.locator('.search-input').fill('блокировка');
  // The best page on locks leads to its heading that names them (the notes on locks may change; the stem stays).
  await expect(page.locator('.search-results li').first().locator('.search-result-heading')).toContainText(/блокиров/i);
});

test("the home page is a path through the wiki: cards with each note's description, in columns on a wide screen, then the other notes by folder", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${process.env.SAMPLE_URL}`);
  const cards = page.locator('.is-home .note-content .home-cards > .home-card');
  expect(await cards.count()).toBeGreaterThanOrEqual(10);
  await expect(cards.first().locator('a.internal')).toHaveText('Связи между таблицами');
  // The card says what the note's own page says about it (its description), not the home note's words.
  await page.goto(`${process.env.SAMPLE_URL}один-к-одному/`);
  const description = await page.locator('meta[name="description"]').getAttribute('content');
  await page.goBack();
  await expect(cards.filter({ has: page.locator('a.internal', { hasText: /^Один к одному$/ }) }).locator('.home-card-description')).toHaveText(description!);
  const [a, b] = [(await cards.nth(0).boundingBox())!, (await cards.nth(1).boundingBox())!];
  // Side by side, bordered boxes, each clickable as a whole.
  expect(b.x).toBeGreaterThan(a.x + a.width - 1);
  expect(Math.abs(b.y - a.y)).toBeLessThan(1);
  expect(await cards.first().evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
  await cards.nth(1).click({ position: { x: 10, y: a.height - 8 } });
  await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
  await page.goBack();
  // The notes the home note does not link to, by folder: the English notes, in English.
  const english = page.locator('.home-sections .home-section', { has: page.locator('h3', { hasText: 'English' }) });
  await expect(english.locator('.home-card').first()).toHaveAttribute('lang', 'en');
  expect(await english.locator('.home-card').count()).toBeGreaterThanOrEqual(5);
  await expect(page.locator('.home-sections')).toHaveAttribute('data-pagefind-ignore', '');
  // Other notes keep their plain lists.
  await page.goto(`${process.env.SAMPLE_URL}один-к-одному/`);
  await expect(page.locator('.is-home, .home-cards')).toHaveCount(0);
});

test('budgets: a note page weighs at most 60 KB gzip when loaded, and shifts its layout less than 0.05 (CLS)', async ({ page }) => {
  const { gzipSync } = await import('node:zlib');
  const mermaid: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/_vault/mermaid/')) mermaid.push(request.url());
  });
  // Once for every page the test opens (an init script per page counted each shift once per page opened before).
  await page.addInitScript(() => {
    (window as unknown as { cls: number }).cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) (window as unknown as { cls: number }).cls += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // Read after the next frame has been drawn, when the shifts of the last one have been reported.
  const cls = () =>
    page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve((window as unknown as { cls: number }).cls))))));
  // Каскады ORM is the heaviest with views of its own; the last three have Mermaid diagrams: in the
  // first screen, a screen down, far below the fold.
  for (const slug of ['один-к-одному/', 'каскадное-удаление/', 'изоляция-транзакций/', 'как-писать-заметки/', 'каскады-orm/', '', 'core-и-orm/', 'сессия-и-транзакции/', 'запросы-и-загрузка-связей/']) {
    const bodies: Promise<number>[] = [];
    const listener = (response: import('@playwright/test').Response) => {
      if (response.request().resourceType() !== 'image') bodies.push(response.body().then((b) => gzipSync(b).length, () => 0));
    };
    page.on('response', listener);
    await page.goto(`${process.env.SAMPLE_URL}${slug}`, { waitUntil: 'networkidle' });
    page.off('response', listener);
    const weight = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
    test.info().annotations.push({ type: `${slug || 'home'}: gzip KB`, description: (weight / 1024).toFixed(1) });
    expect(weight, slug).toBeLessThanOrEqual(60 * 1024);
    expect(await cls(), slug).toBeLessThan(0.05);
  }
  // Mermaid is fetched only when the reader has acted and a diagram is a screen away: not for a
  // page opened and left untouched, even with its diagram in view; as the reader scrolls down.
  expect(mermaid).toEqual([]);
  const diagram = page.locator('pre.mermaid');
  // The drawn diagram: Mermaid lays it out in an svg of its own inside the box first.
  const drawn = diagram.locator(':scope > svg');
  const screens = () => diagram.evaluate((el) => el.getBoundingClientRect().top / innerHeight);
  await page.evaluate((top) => scrollTo(0, top - 3 * innerHeight), await diagram.evaluate((el) => el.getBoundingClientRect().top + scrollY));
  await page.mouse.move(400, 300);
  await expect(async () => {
    await page.mouse.wheel(0, 200);
    expect(mermaid.length).toBeGreaterThan(0);
  }).toPass({ intervals: [50], ...waitFor(15_000) });
  expect(await screens()).toBeGreaterThan(1);
  // Drawn before the reader reaches it, so drawing it moves nothing they see.
  await expect(drawn).toBeAttached(waitFor(15_000));
  expect(await screens()).toBeGreaterThan(1);
  await diagram.scrollIntoViewIfNeeded();
  await expect(drawn).toBeVisible();
  await expect(drawn).toContainText('selectinload: 2 запроса');
  expect(await cls()).toBeLessThan(0.05);
  // Another theme redraws it, its box keeping its height throughout.
  const fill = () => drawn.locator('rect.actor').first().evaluate((el) => getComputedStyle(el).fill);
  const light = await fill();
  await diagram.evaluate((el) => {
    const heights: number[] = [];
    (window as unknown as { heights: number[] }).heights = heights;
    new ResizeObserver(() => heights.push((el as HTMLElement).offsetHeight)).observe(el);
  });
  const before = await diagram.evaluate((el) => (el as HTMLElement).offsetHeight);
  await page.locator('.theme-toggle').click();
  await expect.poll(fill).not.toBe(light);
  expect(new Set([before, ...(await page.evaluate(() => (window as unknown as { heights: number[] }).heights))])).toEqual(new Set([before]));
  // A link to the heading just below a diagram: the diagram, drawn just above the viewport, grows
  // upwards, and the heading stays where the link put it (the box was the browser's scroll anchor,
  // so the heading and all below it moved down by the diagram's height: CLS 0.32).
  const id = 'многие-ко-многим-строки-ассоциации-и-каскад-delete';
  await page.goto(`${process.env.SAMPLE_URL}каскады-orm/#${id}`);
  await expect(page.locator('pre.mermaid > svg')).toBeAttached(waitFor(15_000));
  const heading = page.locator(`[id="${id}"]`);
  await expect.poll(() => heading.evaluate((el) => Math.abs(el.getBoundingClientRect().top - Number.parseFloat(getComputedStyle(el).scrollMarginTop)))).toBeLessThan(2);
  // Ctrl+P on a page whose diagram was never reached: the print dialog opens once it is drawn.
  await page.goto(`${process.env.SAMPLE_URL}запросы-и-загрузка-связей/`, { waitUntil: 'networkidle' });
  await page.evaluate(() => {
    window.print = () => {
      (window as unknown as { printed: string }).printed = document.querySelector('pre.mermaid > svg') ? 'drawn' : 'source';
    };
  });
  await page.keyboard.press('Control+P');
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: string }).printed), waitFor(15_000)).toBe('drawn');
  // A diagram in the first screen shows its source until the reader moves; then it is drawn.
  await page.goto(`${process.env.SAMPLE_URL}core-и-orm/`, { waitUntil: 'networkidle' });
  await expect(page.locator('pre.mermaid')).toContainText('flowchart LR');
  await expect(page.locator('pre.mermaid > svg')).toHaveCount(0);
  await page.mouse.move(300, 300);
  await expect(page.locator('pre.mermaid > svg')).toContainText('PostgreSQL', waitFor(15_000));
});

/**
 * The XSS suite (issue 18): the hostile vault of tests/support/xss-vault.ts, built once
 * by the global setup (XSS_URL), read the way a reader would: each page loaded, its links
 * hovered (previews), clicked, the explorer, the note's graph and the whole graph opened,
 * search typed and its results opened. After every phase no payload has run (each would
 * have named its placement in `window.__xss`), no element carries an event handler, the
 * note's `<base>` has not moved the page's base URL, and the Content-Security-Policy has
 * reported nothing (a report would mean the site's own code, or a payload, was blocked).
 */
import { expect, test, type Page } from '@playwright/test';
import { PLACEMENTS } from '../support/xss-vault.ts';
import { waitFor } from '../support/waits.ts';

const root = () => process.env.XSS_URL!;

test.beforeEach(async ({ page }) => {
  // In every frame, before any of the page's own scripts.
  await page.addInitScript(() => {
    const w = window as unknown as { __xss: string[]; __csp: string[] };
    w.__xss = [];
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));
  });
});

/** Everything a phase must leave as it was: names the phase in each failure. */
async function expectClean(page: Page, phase: string): Promise<void> {
  const state = await page.evaluate(() => {
    const w = window as unknown as { __xss: string[]; __csp: string[] };
    const handlers = [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.localName} ${a.name}>`),
    );
    const scriptUrls = [...document.querySelectorAll('a[href], iframe[src]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? '')
      .filter((url) => /^\s*(?:java|vb)script:/i.test(url.replace(/[\t\n\r]/g, '')));
    return { ran: w.__xss, csp: w.__csp, handlers, scriptUrls, base: document.baseURI.startsWith(location.origin) };
  });
  expect(state.ran, `payloads that ran: ${phase}`).toEqual([]);
  expect(state.handlers, `event handler attributes: ${phase}`).toEqual([]);
  expect(state.scriptUrls, `script URLs: ${phase}`).toEqual([]);
  expect(state.base, `document.baseURI moved: ${phase}`).toBe(true);
  // An event handler attribute that is blocked was never the site's: Mermaid's DOMPurify
  // meets the payloads of a diagram's labels while it parses them (in an inert document,
  // which reports all the same); that none reaches the page is checked above.
  expect(state.csp.filter((v) => !v.startsWith('script-src-attr ')), `CSP violations: ${phase}`).toEqual([]);
}

/** Every note's page, from the site's list of all notes. */
async function notePages(page: Page): Promise<string[]> {
  await page.goto(`${root()}notes/`);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const site = new URL(root());
  return [...new Set(hrefs)].filter((h) => new URL(h).origin === site.origin && !/\/(?:tags|graph|notes)\//.test(new URL(h).pathname));
}

test('the hostile vault holds at least 100 placements', () => {
  expect(PLACEMENTS.length).toBeGreaterThanOrEqual(100);
  expect(new Set(PLACEMENTS).size).toBe(PLACEMENTS.length);
});

test('every note page: load, hover and preview, explorer, graph, search, click', async ({ page }) => {
  test.setTimeout(waitFor(600_000).timeout);
  const pages = await notePages(page);
  expect(pages.length).toBeGreaterThanOrEqual(19);
  for (const url of pages) {
    const name = decodeURIComponent(new URL(url).pathname);
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await expectClean(page, `load ${name}`);

    for (const target of await page.locator('main .hover-me, main :is(h1, h2, h3, td, li, span, b, i)').all()) {
      if (await target.isVisible()) await target.hover({ trial: false, timeout: 2_000 }).catch(() => undefined);
    }
    await expectClean(page, `hover content ${name}`);

    const internal = page.locator('main .note-body a.internal[data-slug]');
    const preview = page.locator('aside.link-preview');
    for (const link of (await internal.all()).slice(0, 12)) {
      if (!(await link.isVisible())) continue;
      await link.hover();
      await expect(preview).toBeVisible();
      await expect(preview.locator('.link-preview-title')).not.toBeEmpty();
      await page.mouse.move(0, 0);
    }
    await expectClean(page, `previews ${name}`);

    await page.locator('.explorer-toggle').click();
    for (const folder of await page.locator('.explorer summary').all()) await folder.click();
    await expectClean(page, `explorer ${name}`);
    await page.locator('.explorer-toggle').click();

    const graphToggle = page.locator('.graph-toggle');
    if (await graphToggle.count()) {
      await graphToggle.click();
      await expect(page.locator('.graph-panel')).toHaveAttribute('data-state', 'ready');
      await page.locator('.graph-list summary').click();
      await expectClean(page, `graph ${name}`);
    }

    // Links that go nowhere (their javascript: URL removed) or to this page's own parts.
    for (const link of await page.locator('main .note-body a:not([href]), main .note-body a[href^="#"]').all()) {
      if (await link.isVisible()) await link.click({ timeout: 2_000 }).catch(() => undefined);
    }
    await expectClean(page, `click ${name}`);
  }
});

test('search: type, open each result', async ({ page }) => {
  test.setTimeout(waitFor(120_000).timeout);
  await page.goto(root());
  for (const query of ['xss', 'img', 'script', 'hover', 'click']) {
    await page.locator('.search-trigger').click();
    await page.locator('.search-input').fill(query);
    const results = page.locator('.search-results a');
    await expect(results.first()).toBeVisible();
    await expectClean(page, `search results for ${query}`);
    await results.first().click();
    await page.waitForLoadState('networkidle');
    await expectClean(page, `search result opened for ${query}`);
  }
});

test('the whole graph, tag pages and the note list', async ({ page }) => {
  await page.goto(`${root()}graph/`);
  const panel = page.locator('.graph-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  await panel.locator('.graph-list summary').click();
  const box = (await panel.locator('.graph-canvas canvas').boundingBox())!;
  for (let i = 1; i < 6; i++) await page.mouse.move(box.x + (box.width * i) / 6, box.y + box.height / 2);
  await expectClean(page, 'graph page');
  await page.goto(`${root()}tags/`);
  await expectClean(page, 'tags index');
  for (const tag of await page.locator('main a[href*="/tags/"]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))) {
    await page.goto(tag);
    await expectClean(page, `tag page ${tag}`);
  }
  await page.goto(`${root()}notes/`);
  await expectClean(page, 'note list');
});

test('the SQL block and the lab run with hostile text as data', async ({ page }) => {
  await page.goto(`${root()}sql/`);
  const block = page.locator('.sql-block').first();
  await block.locator('.sql-run').click();
  await expect(block).not.toHaveAttribute('data-state', 'running', waitFor(20_000));
  await expect(block).toContainText("__xss.push('sql-text')");
  const lab = page.locator('.lab').first();
  await lab.locator('.lab-run-all').click();
  await expect(lab.locator('.lab-result').first()).toContainText("__xss.push('lab-step')", waitFor(20_000));
  await expectClean(page, 'SQL and lab runs');
});

test('an SVG or HTML attachment opened directly is a download, sandboxed, never a page of the site', async ({ page, request }) => {
  // The build's _headers names them; the static server sends them as a host would.
  for (const file of ['attachments/evil.svg', 'attachments/evil.html']) {
    const response = await request.get(`${root()}${file}`);
    expect(response.headers()['content-disposition'], file).toBe('attachment');
    expect(response.headers()['x-content-type-options'], file).toBe('nosniff');
    expect(response.headers()['content-security-policy'], file).toContain('sandbox');
    const [download] = await Promise.all([page.waitForEvent('download'), page.goto(`${root()}${file}`).catch(() => undefined)]);
    expect(download.suggestedFilename()).toBe(file.split('/').pop());
  }
  // Shown as an image on its note, where SVG script never runs.
  await page.goto(`${root()}attachments/`);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('img.embed-image')).toBeVisible();
  await expectClean(page, 'a note showing an SVG attachment');
});

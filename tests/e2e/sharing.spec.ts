/**
 * Sharing and discovery, as crawlers, chat apps and feed readers see the built site: the
 * meta of a note, the home and a tag page, the sitemap, robots.txt, the Atom feed and the
 * social images. The fixture under /kb/ is built with SITE_URL=https://kb.example.org;
 * its absolute URLs are mapped to the test server to follow them. The fixture at `/` has no
 * site URL.
 */
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { buildSite } from '../../src/node/site/build-site.ts';
import { PROJECT_ROOT } from '../support/build.ts';

const SITE = 'https://kb.example.org/kb/';
const kb = () => process.env.FIXTURE_KB_URL!;
/** An absolute URL of the site, on the test server. */
const local = (url: string) => {
  expect(url.startsWith(SITE), `${url} is under ${SITE}`).toBe(true);
  return kb() + url.slice(SITE.length);
};

async function meta(page: Page): Promise<Record<string, string | null>> {
  const read = (selector: string, attribute = 'content') => page.locator(selector).first().getAttribute(attribute, { timeout: 1000 }).catch(() => null);
  const names = ['og:title', 'og:description', 'og:url', 'og:type', 'og:locale', 'og:image', 'og:site_name'];
  const result: Record<string, string | null> = {};
  for (const name of names) result[name] = await read(`meta[property="${name}"]`);
  result.description = await read('meta[name="description"]');
  result['twitter:card'] = await read('meta[name="twitter:card"]');
  result.canonical = await read('link[rel="canonical"]', 'href');
  result.feed = await read('link[rel="alternate"][type="application/atom+xml"]', 'href');
  result.icon = await read('link[rel="icon"]', 'href');
  return result;
}

/** Fetches a social image and checks it is a 1200×630 PNG. */
async function expectCard(request: APIRequestContext, url: string): Promise<Buffer> {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  const png = await response.body();
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  return png;
}

test('a note page: title, summary, canonical URL, locale, image and feed for link previews', async ({ page, request }) => {
  await page.goto(`${kb()}один-к-одному/`);
  const m = await meta(page);
  const url = `${SITE}${encodeURIComponent('один-к-одному')}/`;
  expect(m).toMatchObject({ 'og:title': 'Один к одному', 'og:type': 'article', 'og:locale': 'ru_RU', 'og:url': url, canonical: url, 'twitter:card': 'summary_large_image' });
  // The first paragraph as plain text: no Markdown, no wikilink brackets.
  expect(m['og:description']).toBe(m.description);
  expect(m['og:description']).toMatch(/\p{Script=Cyrillic}{3,}/u);
  expect(m['og:description']).not.toMatch(/[[\]*_#`]/);
  expect(m['og:image']).toMatch(/^https:\/\/kb\.example\.org\/kb\/_vault\/og\/[0-9a-f]{20}\.png$/);
  await expectCard(request, local(m['og:image']!));
  expect(m.feed).toBe('/kb/feed.xml');
  expect((await request.get(new URL(m.icon!, kb()).href)).headers()['content-type']).toContain('image/svg+xml');
});

test('the home and a tag page describe the site, each at its own canonical URL', async ({ page, request }) => {
  await page.goto(kb());
  const home = await meta(page);
  expect(home).toMatchObject({ 'og:title': 'Fixture wiki', 'og:type': 'website', 'og:url': SITE, canonical: SITE, 'og:site_name': 'Fixture wiki' });
  expect(home['og:description']).toBeTruthy();
  await expectCard(request, local(home['og:image']!));

  await page.goto(`${kb()}tags/postgres/`);
  const tag = await meta(page);
  expect(tag).toMatchObject({ 'og:title': '#postgres', 'og:type': 'website', 'og:url': `${SITE}tags/postgres/`, canonical: `${SITE}tags/postgres/` });
  expect(tag['og:description']).toContain('#postgres');
  await expectCard(request, local(tag['og:image']!));
  expect(tag['og:image']).not.toBe(home['og:image']);
});

test('without a site URL: no canonical link or og:url, no sitemap, no social image drawn', async ({ page, request }) => {
  const root = process.env.FIXTURE_URL!;
  await page.goto(`${root}один-к-одному/`);
  const m = await meta(page);
  expect(m.canonical).toBeNull();
  expect(m['og:url']).toBeNull();
  expect(m['og:image']).toBeNull();
  expect(m['twitter:card']).toBe('summary');
  expect((await request.get(`${root}sitemap.xml`)).status()).toBe(404);
  expect(await (await request.get(`${root}robots.txt`)).text()).not.toContain('Sitemap');
});

test('the sitemap under /kb/ lists exactly the published notes, with the dates their pages show', async ({ page, request }) => {
  const robots = await (await request.get(`${kb()}robots.txt`)).text();
  expect(robots).toContain(`Sitemap: ${SITE}sitemap.xml`);

  const response = await request.get(`${kb()}sitemap.xml`);
  expect(response.status()).toBe(200);
  const text = await response.text();
  const entries = [...text.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g)].map(([, loc, lastmod]) => ({ loc, lastmod }));
  const site = await buildSite({ vaultDir: path.join(PROJECT_ROOT, 'tests/fixtures/vault'), base: '/kb/', gitDates: false, mdx: true });
  expect(site.unpublished.size).toBeGreaterThan(0);
  expect(entries.map((e) => e.loc).sort()).toEqual(site.notes.map((n) => `https://kb.example.org${n.url}`).sort());
  expect(text).not.toMatch(/draft/i);
  for (const { loc, lastmod } of entries) {
    await page.goto(local(loc));
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', loc);
    await expect(page.locator('.note-meta time')).toHaveAttribute('datetime', lastmod);
  }
});

test('the feed is well-formed Atom; its links open the notes it names', async ({ page, request }) => {
  const response = await request.get(`${kb()}feed.xml`);
  expect(response.headers()['content-type']).toMatch(/xml/);
  const feed = await response.text();
  await page.goto(kb());
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml');
    const ns = 'http://www.w3.org/2005/Atom';
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
      self: doc.querySelector('feed > link[rel="self"]')?.getAttribute('href'),
      entries: [...doc.getElementsByTagNameNS(ns, 'entry')].map((entry) => ({
        title: entry.getElementsByTagNameNS(ns, 'title')[0]?.textContent,
        link: entry.getElementsByTagNameNS(ns, 'link')[0]?.getAttribute('href'),
        updated: entry.getElementsByTagNameNS(ns, 'updated')[0]?.textContent,
        id: entry.getElementsByTagNameNS(ns, 'id')[0]?.textContent,
      })),
    };
  }, feed);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('http://www.w3.org/2005/Atom feed');
  expect(parsed.self).toBe(`${SITE}feed.xml`);
  expect(parsed.entries.length).toBeGreaterThanOrEqual(8);
  expect(parsed.entries.map((e) => e.title)).toContain('会话与事务');
  const dates = parsed.entries.map((e) => Date.parse(e.updated!));
  expect(dates).toEqual([...dates].sort((a, b) => b - a));
  for (const entry of parsed.entries) {
    expect(entry.id).toBe(entry.link);
    await page.goto(local(entry.link!));
    await expect(page.locator('h1.note-title')).toHaveText(entry.title!);
  }
});

test('social images exist for a Cyrillic and a Chinese title, and differ', async ({ page, request }) => {
  const images: Buffer[] = [];
  for (const [slug, title] of [['один-к-одному', 'Один к одному'], ['中文/会话与事务', '会话与事务']]) {
    await page.goto(`${kb()}${slug.split('/').map(encodeURIComponent).join('/')}/`);
    await expect(page.locator('h1.note-title')).toHaveText(title);
    const image = await page.locator('meta[property="og:image"]').getAttribute('content');
    await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute('content', title);
    images.push(await expectCard(request, local(image!)));
  }
  expect(images[0].equals(images[1])).toBe(false);
});

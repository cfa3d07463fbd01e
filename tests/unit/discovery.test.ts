import { describe, expect, it } from 'vitest';
import { atomFeed, FEED_SIZE, ogLocale, robotsTxt, sitemapXml, xml } from '../../src/core/site/discovery.ts';
import { folderLine, noteCard, ogCardKey, ogCardSlug, siteCard } from '../../src/core/site/og-card.ts';
import { resolveConfig } from '../../src/shell/config.ts';
import { RESERVED_FILES } from '../../src/core/site/urls.ts';
import { memorySite } from './helpers.ts';

const dated = (day: number, extra = '') => `---\nupdated: 2026-01-${String(day).padStart(2, '0')}\n${extra}---\nText of day ${day}.`;

describe('sitemap', () => {
  const { site } = memorySite({ 'Home.md': dated(1), 'Folder/Во второй.md': dated(2), 'Hidden.md': '---\npublish: false\n---\nx', 'pic.png': 'png' }, '/kb/');

  it('lists every published note once, absolute under the base, with the date its page shows', () => {
    const map = sitemapXml(site, 'https://example.org/');
    const locs = [...map.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs.sort()).toEqual(['https://example.org/kb/', `https://example.org/kb/folder/${encodeURIComponent('во-второй')}/`].sort());
    expect(map).toContain('<lastmod>2026-01-02T00:00:00.000Z</lastmod>');
    expect(map).not.toContain('hidden');
    expect(map).not.toContain('pic.png');
  });

  it('names the sitemap in robots.txt only when its absolute URL is known', () => {
    expect(robotsTxt('/kb/', 'https://example.org/')).toContain('Sitemap: https://example.org/kb/sitemap.xml');
    expect(robotsTxt('/kb/', undefined)).not.toContain('Sitemap');
  });
});

describe('feed', () => {
  const files: Record<string, string> = { 'Home.md': dated(1) };
  for (let day = 2; day <= 28; day++) for (const part of ['a', 'b']) files[`N${day}${part}.md`] = dated(day, `description: "Fish & <chips> ${day}"\n`);
  const { site } = memorySite(files, '/kb/');

  it('holds the 50 notes changed last, newest first, with title, link, date and escaped summary', () => {
    const feed = atomFeed(site, { title: 'Wiki & co', siteUrl: 'https://example.org/', lang: 'en' });
    const entries = feed.split('<entry').slice(1);
    expect(entries).toHaveLength(FEED_SIZE);
    expect(entries[0]).toContain('<updated>2026-01-28T00:00:00.000Z</updated>');
    expect(feed).not.toContain('N3a');
    expect(entries[0]).toContain('<link rel="alternate" type="text/html" href="https://example.org/kb/n28a/"/>');
    expect(entries[0]).toContain('<summary>Fish &amp; &lt;chips&gt; 28</summary>');
    expect(feed).toContain('<title>Wiki &amp; co</title>');
    expect(feed).toContain('href="https://example.org/kb/feed.xml"');
  });

  it('without a site URL, links are paths from the root and ids are still absolute', () => {
    const feed = atomFeed(site, { title: 'Wiki', lang: 'en' });
    expect(feed).toContain('href="/kb/n28a/"');
    expect(feed).toContain('<id>urn:vault-kb:/kb/n28a/</id>');
  });
});

describe('xml and locales', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xml(`a<b>&"'\u0001\uFFFE`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });

  it('maps note languages to og:locale', () => {
    expect(ogLocale('ru')).toBe('ru_RU');
    expect(ogLocale('zh')).toBe('zh_CN');
    expect(ogLocale('pt-br')).toBe('pt_BR');
    expect(ogLocale('')).toBeUndefined();
  });
});

describe('site URL and image options', () => {
  it('reads site from SITE_URL, the option or Astro, keeping only the origin', () => {
    expect(resolveConfig({}, { SITE_URL: 'https://kb.example.org/kb/' }, '/p').site).toBe('https://kb.example.org/');
    expect(resolveConfig({ site: 'https://a.example' }, {}, '/p').site).toBe('https://a.example/');
    expect(resolveConfig({}, {}, '/p', 'https://astro.example').site).toBe('https://astro.example/');
    expect(resolveConfig({}, {}, '/p').site).toBeUndefined();
    expect(() => resolveConfig({}, { SITE_URL: 'kb.example.org' }, '/p')).toThrow(/not a URL/);
    expect(() => resolveConfig({}, { SITE_URL: 'ftp://kb.example.org' }, '/p')).toThrow(/https/);
  });

  it('draws images when the site URL is known, unless ogImages is false or OG_IMAGES=0', () => {
    const site = { SITE_URL: 'https://kb.example.org' };
    expect(resolveConfig({}, site, '/p').ogImages).toBe(true);
    expect(resolveConfig({}, {}, '/p').ogImages).toBe(false);
    expect(resolveConfig({ site: 'https://kb.example.org' }, {}, '/p').ogImages).toBe(true);
    expect(resolveConfig({}, {}, '/p', 'https://kb.example.org').ogImages).toBe(true);
    expect(resolveConfig({ ogImages: false }, site, '/p').ogImages).toBe(false);
    expect(resolveConfig({}, { ...site, OG_IMAGES: '0' }, '/p').ogImages).toBe(false);
    expect(resolveConfig({ ogImages: false }, { OG_IMAGES: '1' }, '/p').ogImages).toBe(true);
    expect(resolveConfig({ ogImages: true }, {}, '/p').ogImages).toBe(true);
  });

  it('reserves the feed, sitemap and robots.txt names, so vault files cannot take them', () => {
    for (const name of ['feed.xml', 'sitemap.xml', 'robots.txt', 'favicon.svg']) expect(RESERVED_FILES.has(name)).toBe(true);
    const { attachments, diagnostics } = memorySite({ 'Home.md': 'x', 'feed.xml': '<x/>' });
    expect(attachments[0].slug).toBe('feed-vault.xml');
    expect(diagnostics.some((d) => d.file === 'feed.xml' && d.code === 'duplicate-url')).toBe(true);
  });
});

describe('social image cards', () => {
  const { note } = memorySite({ 'Home.md': 'x', 'A/B/Тема.md': 'y' });

  it('show the title, the folders and the site, and are named by what they show', () => {
    const card = noteCard(note('A/B/Тема.md'), 'Wiki');
    expect(card).toEqual({ title: 'Тема', folders: ['A', 'B'], siteName: 'Wiki' });
    expect(ogCardSlug(card)).toMatch(/^_vault\/og\/[0-9a-f]{20}\.png$/);
    expect(ogCardKey(card)).toBe(ogCardKey({ ...card }));
    expect(ogCardKey(card)).not.toBe(ogCardKey({ ...card, title: 'Другая' }));
    expect(ogCardKey(card)).not.toBe(ogCardKey({ ...card, siteName: 'Other' }));
    expect(siteCard('Wiki').title).toBe('Wiki');
  });

  it('keep the last three folders of a deep note', () => {
    expect(folderLine(['a', 'b', 'c', 'd', 'e'])).toBe('… / c / d / e');
    expect(folderLine(['a'])).toBe('a');
  });
});

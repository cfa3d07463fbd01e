/**
 * What crawlers, chat apps and feed readers read about the site: the page meta they build
 * link previews from (OpenGraph, Twitter), `sitemap.xml`, `robots.txt` and an Atom feed of
 * the notes changed last. Dates are the ones the pages show (`Note.updated`).
 *
 * URLs here are absolute only when the site's address is known (`site` / `SITE_URL`): the
 * sitemap protocol and OpenGraph's `og:url` need absolute URLs, so without one there is no
 * sitemap, no canonical link and no `og:url`; the feed's links and `og:image` are then paths
 * from the host's root, which a feed reader resolves against the feed's own address.
 *
 * The XML is written here rather than with a library: three flat documents, whose only
 * hazard, escaping text and attribute values, is `xml()` below.
 */
import type { Note, Site } from './model.ts';

export const SITEMAP_FILE = 'sitemap.xml';
export const ROBOTS_FILE = 'robots.txt';
export const FEED_FILE = 'feed.xml';
/** Notes in the feed: the most recently changed. */
export const FEED_SIZE = 50;

/** `https://example.org/` + `/kb/note/` → `https://example.org/kb/note/`; undefined without a site URL. */
export function absoluteUrl(siteUrl: string | undefined, path: string): string | undefined {
  return siteUrl ? new URL(path, siteUrl).href : undefined;
}

/**
 * A site URL as given (`https://example.org`, `https://example.org/`, with or without the
 * base), reduced to its origin; the base comes from `base` / `BASE_PATH`. Anything but an
 * http(s) URL is a mistake the author must hear about.
 */
export function normaliseSiteUrl(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`site URL "${value}" is not a URL; write it as https://example.org`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`site URL "${value}" must start with https:// or http://`);
  return `${url.origin}/`;
}

/** OpenGraph's `og:locale` (language_TERRITORY) for a note's language. */
export function ogLocale(lang: string): string | undefined {
  const known: Record<string, string> = { ru: 'ru_RU', en: 'en_US', zh: 'zh_CN', de: 'de_DE', fr: 'fr_FR', es: 'es_ES', uk: 'uk_UA', ja: 'ja_JP' };
  const [language, region] = lang.split(/[-_]/);
  if (!language) return undefined;
  return region ? `${language.toLowerCase()}_${region.toUpperCase()}` : known[language.toLowerCase()] ?? language.toLowerCase();
}

/** Text or attribute value, escaped for XML (and so for HTML too); characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Published notes, most recently changed first; ties by path, so the order is stable. */
export function recentlyChanged(notes: readonly Note[], count = FEED_SIZE): Note[] {
  return [...notes].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.path.localeCompare(b.path)).slice(0, count);
}

/** Every published note's page (the home note at the base), with the date its page shows. */
export function sitemapXml(site: Site, siteUrl: string): string {
  const entries = [...site.notes]
    .sort((a, b) => a.url.localeCompare(b.url))
    .map((note) => `  <url><loc>${xml(absoluteUrl(siteUrl, note.url)!)}</loc><lastmod>${note.updated.toISOString()}</lastmod></url>`);
  if (!site.home) entries.unshift(`  <url><loc>${xml(absoluteUrl(siteUrl, site.options.base)!)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}

/** Everything may be crawled; the sitemap named when its absolute URL is known (the format needs one). */
export function robotsTxt(base: string, siteUrl: string | undefined): string {
  const sitemap = absoluteUrl(siteUrl, `${base}${SITEMAP_FILE}`);
  return `User-agent: *\nAllow: /\n${sitemap ? `\nSitemap: ${sitemap}\n` : ''}`;
}

export interface FeedOptions {
  title: string;
  siteUrl?: string;
  /** Interface language of the site, the feed's `xml:lang`. */
  lang: string;
}

/** An Atom feed (RFC 4287) of the notes changed last: title, link, date and summary of each. */
export function atomFeed(site: Site, options: FeedOptions): string {
  const { base } = site.options;
  const link = (path: string) => absoluteUrl(options.siteUrl, path) ?? path;
  // An entry's id must be an absolute IRI that never changes: its URL when the site has one.
  const id = (path: string) => absoluteUrl(options.siteUrl, path) ?? `urn:vault-kb:${encodeURI(path)}`;
  const notes = recentlyChanged(site.notes);
  const updated = (notes[0]?.updated ?? new Date(0)).toISOString();
  const entries = notes.map((note) =>
    [
      `  <entry xml:lang="${xml(note.lang || options.lang)}">`,
      `    <title>${xml(note.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(link(note.url))}"/>`,
      `    <id>${xml(id(note.url))}</id>`,
      `    <updated>${note.updated.toISOString()}</updated>`,
      ...(note.description ? [`    <summary>${xml(note.description)}</summary>`] : []),
      `  </entry>`,
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(options.lang)}">`,
    `  <title>${xml(options.title)}</title>`,
    `  <link rel="alternate" type="text/html" href="${xml(link(base))}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(link(`${base}${FEED_FILE}`))}"/>`,
    `  <id>${xml(id(base))}</id>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(options.title)}</name></author>`,
    `  <generator>vault-kb</generator>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

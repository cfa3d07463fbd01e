/**
 * Gives every note and file its URL and makes sure no two share one: Astro would silently
 * keep only one page. Collisions, names the router cannot serve and clashes with the
 * site's own pages are reported, and the later file gets a distinct URL, so nothing is lost.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { fileSlug, noteSlug, unservableCharacters } from '../vault/slug.ts';
import type { Attachment, Note } from './model.ts';
import { FEED_FILE, ROBOTS_FILE, SITEMAP_FILE } from './discovery.ts';
import { SERVICE_WORKER_FILE } from './service-worker.ts';

/** First URL segments the site uses for its own pages and assets. */
export const RESERVED_SEGMENTS = new Set(['tags', 'notes', 'pagefind', '_astro', '404', 'search', '_vault', 'graph']);

/**
 * Files at the site's root that the build writes or a host reads as configuration: a vault
 * file there would replace them. Every page is a folder's `index.html`, so a vault file of
 * that name is refused in any folder (`Folder/index.html` beside the note `Folder.md`).
 */
export const RESERVED_FILES = new Set(['404.html', ROBOTS_FILE, SITEMAP_FILE, 'sitemap-index.xml', FEED_FILE, SERVICE_WORKER_FILE, '_headers', '_redirects', 'favicon.ico', 'favicon.svg']);

function isReservedFile(slug: string): boolean {
  return RESERVED_FILES.has(slug) || slug.split('/').pop() === 'index.html';
}

/** `base` + slug with every segment percent-encoded, the form hrefs and the browser agree on. */
export function urlPath(base: string, slug: string): string {
  return `${base}${slug.split('/').map(encodeURIComponent).join('/')}`;
}

/** The note served as the home page, in order of preference (root folder only). */
const HOME_NAMES = ['index', 'home', 'главная', 'readme'];

/** A home note by its file name, else a root note with the alias `Home` (Obsidian's help vaults in other languages). */
export function findHome(notes: readonly Note[]): Note | undefined {
  const root = notes.filter((n) => !n.path.includes('/'));
  for (const name of HOME_NAMES) {
    const home = root.find((n) => n.path.replace(/\.mdx?$/i, '').toLowerCase() === name);
    if (home) return home;
  }
  return root.find((n) => n.aliases.some((alias) => alias.toLowerCase() === 'home'));
}

/**
 * The URL a note asks for with Obsidian Publish's `permalink` frontmatter, as a slug
 * (`/guides/start/` → `guides/start`); undefined when it asks for none.
 */
export function permalinkSlug(note: Note): string | undefined {
  const value = note.frontmatter.permalink;
  if (typeof value !== 'string') return undefined;
  const slug = value.trim().replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
  return slug || undefined;
}

export function assignUrls(
  notes: readonly Note[],
  attachments: readonly Attachment[],
  base: string,
  diagnostics: Diagnostic[],
): Note | undefined {
  const taken = new Map<string, string>();
  const home = findHome(notes);
  const report = (file: string, message: string, code: Diagnostic['code']) =>
    diagnostics.push({ file, line: 1, column: 1, severity: 'warning', code, message });

  const claim = (item: Note | Attachment, wanted: string, isNote: boolean): string => {
    let slug = wanted;
    if (slug.split('/').some((segment) => segment === '')) {
      // Each empty segment in its place: `?/Note.md` is `untitled/note`, not `note/untitled`.
      slug = slug.split('/').map((segment) => segment || 'untitled').join('/');
      report(item.path, `file name has no characters a URL can use; published as /${slug}`, 'unservable-name');
    }
    const first = slug.split('/')[0];
    if (RESERVED_SEGMENTS.has(first) && item !== home) {
      const renamed = [`${first}-vault`, ...slug.split('/').slice(1)].join('/');
      report(item.path, `URL /${slug} is used by the site itself; published as /${renamed}`, 'duplicate-url');
      slug = renamed;
    }
    if (!isNote && isReservedFile(slug)) {
      const renamed = slug.replace(/(\.[^./]+)?$/, (ext) => `-vault${ext}`);
      report(item.path, `URL /${slug} is a file the site writes itself; published as /${renamed}`, 'duplicate-url');
      slug = renamed;
    }
    const key = slug.toLowerCase();
    const owner = taken.get(key);
    if (owner !== undefined) {
      let n = 2;
      const stem = isNote ? slug : slug.replace(/(\.[^./]+)$/, '');
      const ext = isNote ? '' : slug.slice(stem.length);
      while (taken.has(`${stem}-${n}${ext}`.toLowerCase())) n++;
      const renamed = `${stem}-${n}${ext}`;
      // macOS writes names decomposed (NFD): two files can look the same and differ in bytes.
      const twins = owner !== item.path && owner.normalize('NFC') === item.path.normalize('NFC');
      const why = twins ? ' (the two file names differ only in Unicode normalisation, NFC vs NFD)' : '';
      report(item.path, `URL /${slug} is already used by ${owner}${why}; published as /${renamed}`, 'duplicate-url');
      slug = renamed;
    }
    // Last, so the message names the URL actually used (`???.md` is not served at `/`).
    const bad = unservableCharacters(item.path);
    if (bad.length > 0) report(item.path, `file name contains ${bad.map((c) => `'${c}'`).join(', ')}, which URLs cannot carry; published as /${slug}`, 'unservable-name');
    taken.set(slug.toLowerCase(), item.path);
    return slug;
  };

  if (home) {
    home.slug = '';
    home.url = base;
    taken.set('', home.path);
  }
  // Permalinks first: a note that asks for a URL gets it, and a note whose file name would
  // have given the same URL is the one renamed (and reported).
  const ordered = [...notes.filter((n) => permalinkSlug(n) !== undefined), ...notes.filter((n) => permalinkSlug(n) === undefined)];
  for (const note of ordered) {
    if (note === home) continue;
    note.slug = claim(note, permalinkSlug(note) ?? noteSlug(note.path), true);
    note.url = `${urlPath(base, note.slug)}/`;
  }
  for (const file of attachments) {
    file.slug = claim(file, fileSlug(file.path), false);
    file.url = urlPath(base, file.slug);
  }
  return home;
}

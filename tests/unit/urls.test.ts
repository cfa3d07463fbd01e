import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.ts';
import type { Attachment, Note } from '../../src/core/site/model.ts';
import { assignUrls, findHome, RESERVED_SEGMENTS, urlPath } from '../../src/core/site/urls.ts';
import { fileSlug, noteSlug, slugifySegment, unservableCharacters } from '../../src/core/vault/slug.ts';

const note = (p: string) => ({ path: p, isNote: true, slug: '', url: '', aliases: [], frontmatter: {} }) as unknown as Note;
const file = (p: string) => ({ path: p, isNote: false, slug: '', url: '', size: 0 }) as unknown as Attachment;

function assign(notePaths: string[], filePaths: string[] = [], base = '/') {
  const notes = notePaths.map(note);
  const files = filePaths.map(file);
  const diagnostics: Diagnostic[] = [];
  const home = assignUrls(notes, files, base, diagnostics);
  const slugOf = (p: string) => [...notes, ...files].find((x) => x.path === p)!.slug;
  const urlOf = (p: string) => [...notes, ...files].find((x) => x.path === p)!.url;
  return { notes, files, diagnostics, home, slugOf, urlOf };
}

describe('slugs', () => {
  it('lower-cases and turns spaces and punctuation into -', () => {
    expect(slugifySegment('My Note: Part (2)')).toBe('my-note-part-2');
  });

  it('keeps Cyrillic letters', () => {
    expect(slugifySegment('Один к одному')).toBe('один-к-одному');
  });

  it('keeps _ . - and collapses runs of -', () => {
    expect(slugifySegment('a_b.c--d   e')).toBe('a_b.c-d-e');
  });

  it('trims - at the ends and . at the start', () => {
    expect(slugifySegment('  .hidden? ')).toBe('hidden');
  });

  it('NFC-normalises names', () => {
    expect(slugifySegment('Cafe\u0301')).toBe('café');
  });

  it('builds a note slug from every folder, without the extension', () => {
    expect(noteSlug('Folder/Sub Folder/My Note.md')).toBe('folder/sub-folder/my-note');
    expect(noteSlug('Отношения/Многие ко многим.md')).toBe('отношения/многие-ко-многим');
    expect(noteSlug('Component.mdx')).toBe('component');
  });

  it('keeps a file extension, lower-cased', () => {
    expect(fileSlug('Attachments/Pasted image 1.PNG')).toBe('attachments/pasted-image-1.png');
    expect(fileSlug('???.pdf')).toBe('file.pdf');
  });

  it('lists characters a URL cannot carry', () => {
    expect(unservableCharacters('What?.md')).toEqual(['?']);
    expect(unservableCharacters('C# 100%.md')).toEqual(['#', '%']);
    expect(unservableCharacters('Fine name.md')).toEqual([]);
  });

  it('percent-encodes every segment of a URL path under the base', () => {
    expect(urlPath('/kb/', 'один/два')).toBe(`/kb/${encodeURIComponent('один')}/${encodeURIComponent('два')}`);
  });
});

describe('home note', () => {
  it('prefers index, then home, then главная, then readme, in the root only', () => {
    expect(findHome(['README.md', 'Home.md', 'index.md'].map(note))?.path).toBe('index.md');
    expect(findHome(['README.md', 'Home.md'].map(note))?.path).toBe('Home.md');
    expect(findHome(['README.md', 'Главная.md'].map(note))?.path).toBe('Главная.md');
    expect(findHome(['readme.md'].map(note))?.path).toBe('readme.md');
    expect(findHome(['docs/index.md', 'sub/Home.md'].map(note))).toBeUndefined();
  });

  it('serves the home note at the base', () => {
    const { home, urlOf, slugOf } = assign(['Home.md', 'Other.md'], [], '/kb/');
    expect(home?.path).toBe('Home.md');
    expect(slugOf('Home.md')).toBe('');
    expect(urlOf('Home.md')).toBe('/kb/');
    expect(urlOf('Other.md')).toBe('/kb/other/');
  });
});

describe('assignUrls: collisions', () => {
  it('reports two notes that would share a URL, and gives the later one a distinct URL', () => {
    const { slugOf, diagnostics } = assign(['A b.md', 'a-b.md', 'A  B.md']);
    expect(slugOf('A b.md')).toBe('a-b');
    expect(slugOf('a-b.md')).toBe('a-b-2');
    expect(slugOf('A  B.md')).toBe('a-b-3');
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['a-b.md', 'duplicate-url'],
      ['A  B.md', 'duplicate-url'],
    ]);
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 1, severity: 'warning', message: expect.stringContaining('A b.md') });
  });

  it('treats URLs that differ only by case as the same', () => {
    const { slugOf, diagnostics } = assign([], ['Logo.PNG', 'logo.png']);
    expect(slugOf('Logo.PNG')).toBe('logo.png');
    expect(slugOf('logo.png')).toBe('logo-2.png');
    expect(diagnostics.map((d) => d.code)).toEqual(['duplicate-url']);
  });

  it('does not hand out a renamed URL twice', () => {
    const { slugOf } = assign(['x y.md', 'x-y.md', 'x-y-2.md']);
    expect(new Set(['x y.md', 'x-y.md', 'x-y-2.md'].map(slugOf)).size).toBe(3);
  });

  it('separates a note from a file that would get the same URL', () => {
    const { slugOf, diagnostics } = assign(['photo.png.md'], ['photo.png']);
    expect(slugOf('photo.png.md')).toBe('photo.png');
    expect(slugOf('photo.png')).toBe('photo-2.png');
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([['photo.png', 'duplicate-url']]);
  });

  it('gives every note a distinct URL whatever the names', () => {
    const paths = ['Note.md', 'note.md', 'NOTE.md', 'Note!.md', 'Note?.md', 'folder/Note.md', 'Folder/note.md'];
    const { notes } = assign(paths);
    expect(new Set(notes.map((n) => n.slug.toLowerCase())).size).toBe(paths.length);
  });
});

describe('assignUrls: names URLs cannot carry', () => {
  it('reports a name with ? and serves it without it', () => {
    const { slugOf, urlOf, diagnostics } = assign(['What is SQL?.md']);
    expect(slugOf('What is SQL?.md')).toBe('what-is-sql');
    expect(urlOf('What is SQL?.md')).toBe('/what-is-sql/');
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'What is SQL?.md', code: 'unservable-name', message: expect.stringContaining("'?'") }),
    ]);
  });

  it('names the URL actually used for a name with no usable character', () => {
    const { slugOf, diagnostics } = assign(['???.md', '?/Note.md']);
    expect(slugOf('???.md')).toBe('untitled');
    expect(slugOf('?/Note.md')).toBe('untitled/note');
    expect(diagnostics.every((d) => d.code === 'unservable-name')).toBe(true);
    expect(diagnostics.filter((d) => d.file === '???.md').map((d) => d.message)).toEqual([
      expect.stringContaining('published as /untitled'),
      expect.stringContaining('published as /untitled'),
    ]);
  });
});

describe('assignUrls: the site’s own URLs', () => {
  it('reserves tags, notes, graph, search, 404, pagefind, _astro and _vault', () => {
    expect([...RESERVED_SEGMENTS].sort()).toEqual(['404', '_astro', '_vault', 'graph', 'notes', 'pagefind', 'search', 'tags']);
  });

  it('moves a note or folder named like a site page out of the way, and reports it', () => {
    const { slugOf, diagnostics } = assign(['Tags.md', 'tags/Note.md', 'Notes/Список.md', 'Search.md', 'Tagsmore.md'], ['Tags/pic.png']);
    expect(slugOf('Tags.md')).toBe('tags-vault');
    expect(slugOf('tags/Note.md')).toBe('tags-vault/note');
    expect(slugOf('Notes/Список.md')).toBe('notes-vault/список');
    expect(slugOf('Search.md')).toBe('search-vault');
    expect(slugOf('Tagsmore.md')).toBe('tagsmore');
    expect(slugOf('Tags/pic.png')).toBe('tags-vault/pic.png');
    expect(diagnostics.filter((d) => d.code === 'duplicate-url').map((d) => d.file).sort()).toEqual(
      ['Notes/Список.md', 'Search.md', 'Tags.md', 'Tags/pic.png', 'tags/Note.md'].sort(),
    );
  });

  it('keeps a renamed reserved URL distinct from a note already named so', () => {
    const { slugOf } = assign(['tags-vault.md', 'tags.md']);
    expect(slugOf('tags-vault.md')).toBe('tags-vault');
    expect(slugOf('tags.md')).toBe('tags-vault-2');
  });
});

describe('reserved output paths (issue 18: attachments overwrote the site’s own files)', () => {
  it('gives vault files named like the site’s root files, or any folder’s index.html, a suffix and a diagnostic', () => {
    const { slugOf, diagnostics } = assign(
      ['Folder.md'],
      ['404.html', 'index.html', 'robots.txt', 'sitemap.xml', '_headers', 'favicon.ico', 'Folder/index.html', 'Deep/A/Index.HTML', 'Other/robots.txt'],
    );
    expect(['404.html', 'index.html', 'robots.txt', 'sitemap.xml', '_headers', 'favicon.ico', 'Folder/index.html', 'Deep/A/Index.HTML', 'Other/robots.txt'].map(slugOf)).toEqual([
      '404-vault.html', 'index-vault.html', 'robots-vault.txt', 'sitemap-vault.xml', '_headers-vault', 'favicon-vault.ico',
      'folder/index-vault.html', 'deep/a/index-vault.html', 'other/robots.txt',
    ]);
    expect(diagnostics.filter((d) => d.file === 'Folder/index.html')).toEqual([
      expect.objectContaining({ line: 1, column: 1, code: 'duplicate-url', message: 'URL /folder/index.html is a file the site writes itself; published as /folder/index-vault.html' }),
    ]);
    expect(diagnostics).toHaveLength(8);
  });

  it('moves files under the site’s own folders (pagefind, _astro, _vault, graph)', () => {
    const { slugOf } = assign([], ['pagefind/pagefind.js', '_astro/x.js', '_vault/katex/katex.min.css', 'graph/data.json']);
    expect(['pagefind/pagefind.js', '_astro/x.js', '_vault/katex/katex.min.css', 'graph/data.json'].map(slugOf)).toEqual([
      'pagefind-vault/pagefind.js', '_astro-vault/x.js', '_vault-vault/katex/katex.min.css', 'graph-vault/data.json',
    ]);
  });

  it('names the difference between NFC and NFD twins', () => {
    const { diagnostics } = assign(['café.md', 'cafe\u0301.md']);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'URL /café is already used by café.md (the two file names differ only in Unicode normalisation, NFC vs NFD); published as /café-2',
    ]);
  });
});

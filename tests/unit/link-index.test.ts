import { describe, expect, it } from 'vitest';
import { LinkIndex, type IndexedFile, type Resolution } from '../../src/core/links/link-index.ts';

function indexOf(paths: string[], aliases: Record<string, string[]> = {}): LinkIndex<IndexedFile> {
  return new LinkIndex(paths.map((p) => ({ path: p, isNote: /\.mdx?$/i.test(p), aliases: aliases[p] ?? [] })));
}

/** The path a link resolves to, or undefined when it is missing. */
function target(resolution: Resolution<IndexedFile>): string | undefined {
  return resolution.status === 'missing' ? undefined : resolution.file.path;
}

describe('LinkIndex: by name and path', () => {
  const index = indexOf([
    'Home.md',
    'Notes/Sessions.md',
    'Один к одному.md',
    'Отношения/Многие ко многим.md',
    'Attachments/report.pdf',
    'Attachments/diagram.png',
    'Primary Key.md',
    'deep/folder/Note.md',
  ]);

  it('resolves [[Note]] by file name wherever the note is', () => {
    const r = index.resolve('Sessions', 'Home.md');
    expect(r).toMatchObject({ status: 'resolved', via: 'name' });
    expect(target(r)).toBe('Notes/Sessions.md');
  });

  it('resolves a root note by its exact path', () => {
    expect(index.resolve('Home', 'Notes/Sessions.md')).toMatchObject({ status: 'resolved', via: 'path', file: { path: 'Home.md' } });
  });

  it('ignores case, as Obsidian does', () => {
    expect(target(index.resolve('sessions', 'Home.md'))).toBe('Notes/Sessions.md');
    expect(target(index.resolve('SESSIONS', 'Home.md'))).toBe('Notes/Sessions.md');
    expect(target(index.resolve('notes/SESSIONS', 'Home.md'))).toBe('Notes/Sessions.md');
  });

  it('resolves Cyrillic names with spaces, ignoring case', () => {
    expect(target(index.resolve('Один к одному', 'Home.md'))).toBe('Один к одному.md');
    expect(target(index.resolve('ОДИН К ОДНОМУ', 'Home.md'))).toBe('Один к одному.md');
    expect(target(index.resolve('многие ко многим', 'Home.md'))).toBe('Отношения/Многие ко многим.md');
    expect(target(index.resolve('Отношения/Многие ко многим', 'Home.md'))).toBe('Отношения/Многие ко многим.md');
  });

  it('resolves [[Note.md]] written with its extension', () => {
    expect(target(index.resolve('Home.md', 'Notes/Sessions.md'))).toBe('Home.md');
    expect(target(index.resolve('Sessions.md', 'Home.md'))).toBe('Notes/Sessions.md');
    expect(target(index.resolve('Notes/Sessions.md', 'Home.md'))).toBe('Notes/Sessions.md');
  });

  it('resolves links to files that are not notes, by name or path, ignoring case', () => {
    expect(index.resolve('report.pdf', 'Home.md')).toMatchObject({ status: 'resolved', file: { path: 'Attachments/report.pdf', isNote: false } });
    expect(target(index.resolve('REPORT.PDF', 'Home.md'))).toBe('Attachments/report.pdf');
    expect(target(index.resolve('Attachments/diagram.png', 'Home.md'))).toBe('Attachments/diagram.png');
  });

  it('does not resolve a file name without its extension to a non-note file', () => {
    expect(index.resolve('report', 'Home.md')).toEqual({ status: 'missing' });
  });

  it('does not match [[Key]] to "Primary Key.md": names match whole, not by suffix', () => {
    expect(index.resolve('Key', 'Home.md')).toEqual({ status: 'missing' });
    expect(index.resolve('ary Key', 'Home.md')).toEqual({ status: 'missing' });
    expect(target(index.resolve('Primary Key', 'Home.md'))).toBe('Primary Key.md');
  });

  it('matches [[folder/Note]] against trailing folders of the path (a/folder/Note.md)', () => {
    expect(target(index.resolve('folder/Note', 'Home.md'))).toBe('deep/folder/Note.md');
    expect(target(index.resolve('deep/folder/Note', 'Home.md'))).toBe('deep/folder/Note.md');
    expect(target(index.resolve('Folder/note.md', 'Home.md'))).toBe('deep/folder/Note.md');
  });

  it('does not match a partial folder name in [[older/Note]]', () => {
    expect(index.resolve('older/Note', 'Home.md')).toEqual({ status: 'missing' });
    expect(index.resolve('other/Note', 'Home.md')).toEqual({ status: 'missing' });
  });

  it('treats a leading / as the vault root', () => {
    expect(target(index.resolve('/deep/folder/Note', 'Home.md'))).toBe('deep/folder/Note.md');
  });

  it('accepts backslashes as folder separators', () => {
    expect(target(index.resolve('deep\\folder\\Note', 'Home.md'))).toBe('deep/folder/Note.md');
  });

  it('resolves an empty path ([[#Heading]]) to the source note itself', () => {
    expect(index.resolve('', 'Notes/Sessions.md')).toMatchObject({ status: 'resolved', via: 'path', file: { path: 'Notes/Sessions.md' } });
  });

  it('reports a missing note as missing', () => {
    expect(index.resolve('Нет такой заметки', 'Home.md')).toEqual({ status: 'missing' });
  });

  it('get() finds files by exact path, with or without the note extension, ignoring case', () => {
    expect(index.get('notes/sessions.md')?.path).toBe('Notes/Sessions.md');
    expect(index.get('Notes/Sessions')?.path).toBe('Notes/Sessions.md');
    expect(index.get('Attachments/report')).toBeUndefined();
  });

  it('matches names NFC-normalised, so a link pasted in NFD (macOS) resolves', () => {
    const cyr = indexOf(['Мой путь.md', 'Café.md']);
    expect(target(cyr.resolve('Мой путь'.normalize('NFD'), 'x.md'))).toBe('Мой путь.md');
    expect(target(cyr.resolve('café'.normalize('NFD'), 'x.md'))).toBe('Café.md');
  });
});

describe('LinkIndex: relative links', () => {
  const index = indexOf(['Note.md', 'a/Note.md', 'a/b/Source.md', 'a/b/Sibling.md', 'a/Other.md', 'c/Far.md']);

  it('resolves ./x against the source folder only', () => {
    expect(target(index.resolve('./Sibling', 'a/b/Source.md'))).toBe('a/b/Sibling.md');
    expect(target(index.resolve('./Sibling.md', 'a/b/Source.md'))).toBe('a/b/Sibling.md');
    expect(target(index.resolve('./Note', 'a/Other.md'))).toBe('a/Note.md');
  });

  it('does not fall back to the file name for ./x', () => {
    // c/Far.md exists, but not next to the source.
    expect(index.resolve('./Far', 'a/b/Source.md')).toEqual({ status: 'missing' });
  });

  it('resolves ../x against the parent folder', () => {
    expect(target(index.resolve('../Other', 'a/b/Source.md'))).toBe('a/Other.md');
    expect(target(index.resolve('../../Note', 'a/b/Source.md'))).toBe('Note.md');
    expect(target(index.resolve('../../c/Far', 'a/b/Source.md'))).toBe('c/Far.md');
  });

  it('treats ../ above the vault root as missing', () => {
    expect(index.resolve('../Note', 'Note.md')).toEqual({ status: 'missing' });
    expect(index.resolve('../../../Note', 'a/b/Source.md')).toEqual({ status: 'missing' });
  });
});

describe('LinkIndex: several files match', () => {
  it('prefers an exact vault path over a note in the source folder, and does not report it', () => {
    const index = indexOf(['Note.md', 'a/Note.md']);
    expect(index.resolve('Note', 'a/Source.md')).toMatchObject({ status: 'resolved', via: 'path', file: { path: 'Note.md' } });
  });

  it('reports ambiguity and picks the note in the source folder', () => {
    const index = indexOf(['x/Note.md', 'y/Note.md', 'z/Note.md']);
    const r = index.resolve('Note', 'y/Source.md');
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'ambiguous') return;
    expect(r.file.path).toBe('y/Note.md');
    expect(r.via).toBe('name');
    expect(r.candidates.map((c) => c.path)).toEqual(['x/Note.md', 'y/Note.md', 'z/Note.md']);
  });

  it('only the source folder itself counts, not an ancestor of it', () => {
    const index = indexOf(['a/Note.md', 'bb/Note.md']);
    expect(target(index.resolve('Note', 'bb/deep/Source.md'))).toBe('a/Note.md');
  });

  it('otherwise picks the shortest path (in characters)', () => {
    const index = indexOf(['archive/old/Note.md', 'a/b/Note.md', 'archive/Note.md']);
    const r = index.resolve('Note', 'Source.md');
    expect(r.status).toBe('ambiguous');
    // a/b/Note.md (11) is shorter than archive/Note.md (15), though it is one folder deeper.
    expect(target(r)).toBe('a/b/Note.md');
  });

  it('otherwise picks the first alphabetically', () => {
    const index = indexOf(['b/Note.md', 'a/Note.md', 'c/Note.md']);
    const r = index.resolve('Note', 'Source.md');
    expect(r.status).toBe('ambiguous');
    expect(target(r)).toBe('a/Note.md');
    if (r.status === 'ambiguous') expect(r.candidates.map((c) => c.path)).toEqual(['a/Note.md', 'b/Note.md', 'c/Note.md']);
  });

  it('picks the same file whatever order the files were indexed in', () => {
    const paths = ['q/Dup.md', 'p/Dup.md', 'r/s/Dup.md'];
    const picks = [paths, [...paths].reverse(), [paths[1], paths[2], paths[0]]].map((order) => target(indexOf(order).resolve('Dup', 'Home.md')));
    expect(picks).toEqual(['p/Dup.md', 'p/Dup.md', 'p/Dup.md']);
  });

  it('matches names that differ only by case as the same name (ambiguous)', () => {
    const index = indexOf(['a/note.md', 'b/NOTE.md']);
    expect(index.resolve('Note', 'Home.md').status).toBe('ambiguous');
  });

  it('narrows candidates with folders: [[x/Note]] is not ambiguous when only one is in x', () => {
    const index = indexOf(['x/Note.md', 'y/Note.md']);
    expect(index.resolve('x/Note', 'Home.md')).toMatchObject({ status: 'resolved', file: { path: 'x/Note.md' } });
  });

  it('a note and an attachment of the same stem do not collide: [[Note]] is the note', () => {
    const index = indexOf(['a/Note.md', 'b/Note.pdf']);
    expect(index.resolve('Note', 'Home.md')).toMatchObject({ status: 'resolved', file: { path: 'a/Note.md' } });
    expect(index.resolve('Note.pdf', 'Home.md')).toMatchObject({ status: 'resolved', file: { path: 'b/Note.pdf' } });
  });
});

describe('LinkIndex: frontmatter aliases', () => {
  const index = indexOf(['Notes/Sessions.md', 'Notes/Один к одному.md', 'Alias clash.md', 'x/A.md', 'y/B.md'], {
    'Notes/Sessions.md': ['Session', 'Unit of work'],
    'Notes/Один к одному.md': ['1:1', 'Связь один-к-одному'],
    'x/A.md': ['Shared'],
    'y/B.md': ['Shared', 'Alias clash'],
  });

  it('resolves an alias, ignoring case', () => {
    expect(index.resolve('unit of work', 'Home.md')).toMatchObject({ status: 'resolved', via: 'alias', file: { path: 'Notes/Sessions.md' } });
    expect(target(index.resolve('СВЯЗЬ ОДИН-К-ОДНОМУ', 'Home.md'))).toBe('Notes/Один к одному.md');
  });

  it('prefers a note named so over a note aliased so', () => {
    expect(index.resolve('Alias clash', 'Home.md')).toMatchObject({ status: 'resolved', file: { path: 'Alias clash.md' } });
  });

  it('reports an alias two notes share as ambiguous, with a deterministic pick', () => {
    const r = index.resolve('Shared', 'Home.md');
    expect(r).toMatchObject({ status: 'ambiguous', via: 'alias', file: { path: 'x/A.md' } });
    expect(index.resolve('Shared', 'y/Other.md')).toMatchObject({ status: 'ambiguous', file: { path: 'y/B.md' } });
  });

  it('does not use aliases for links with a folder', () => {
    expect(index.resolve('Notes/Session', 'Home.md')).toEqual({ status: 'missing' });
  });
});

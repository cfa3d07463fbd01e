/**
 * Obsidian's link resolution, as lookup tables built once per vault, so resolving a
 * link costs a few map lookups whatever the vault's size.
 *
 * For a link path written in note `source`:
 *  1. `./x`, `../x`: relative to the source's folder, and nothing else.
 *  2. The exact vault path, with or without the `.md` extension, ignoring case.
 *  3. Otherwise the files whose name (and, for `a/b`, trailing folders) match, ignoring
 *     case. One match wins. Several: one in the source's folder, else the one with the
 *     shortest path (in characters, as Obsidian counts it: `a/b/Note` beats `archive/Note`),
 *     else the first alphabetically. Only that last case is reported as ambiguous (a warning);
 *     the others are Obsidian's own choice (an info line in `npm run check --verbose`).
 *  4. Otherwise a note whose frontmatter `aliases` contains the text.
 * Paths, link text and aliases are compared NFC-normalised: the scan normalises file names
 * (macOS writes NFD), so a link typed or pasted in NFD must be normalised the same way.
 */
import { basename, dirname, joinPath } from '../vault/vault-path.ts';

export interface IndexedFile {
  /** Vault-relative path, `/`-separated. */
  path: string;
  isNote: boolean;
  aliases?: readonly string[];
}

export type Resolution<T extends IndexedFile> =
  | { status: 'resolved'; file: T; via: 'path' | 'name' | 'alias' }
  /** `candidates`: every match, shortest path first (the folder rule aside); `file` is the one used. */
  | {
    status: 'ambiguous'; file: T; candidates: readonly T[]; via: 'name' | 'alias';
    /** Which rule picked `file`: the source's folder, the one shortest path, or (paths equally short) the alphabet. */
    rule: 'folder' | 'shortest' | 'alphabetical';
  }
  | { status: 'missing' };

const NOTE_EXT = /\.mdx?$/i;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function key(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export class LinkIndex<T extends IndexedFile> {
  private readonly byPath = new Map<string, T>();
  private readonly byName = new Map<string, T[]>();
  /** `b/note` → files at `…/b/note.md`: path-qualified links without scanning every same-named file. */
  private readonly bySuffix = new Map<string, T[]>();
  private readonly byAlias = new Map<string, T[]>();
  private readonly folders = new Map<T, string>();
  private readonly rankings = new WeakMap<T[], { ranked: T[]; byFolder: Map<string, T> }>();

  constructor(files: Iterable<T>) {
    for (const file of files) {
      this.folders.set(file, dirname(file.path));
      const lower = key(file.path);
      this.byPath.set(lower, file);
      push(this.byName, basename(lower), file);
      this.addSuffixes(lower, file);
      if (file.isNote) {
        const stem = lower.replace(NOTE_EXT, '');
        if (!this.byPath.has(stem)) this.byPath.set(stem, file);
        push(this.byName, basename(stem), file);
        this.addSuffixes(stem, file);
        for (const alias of file.aliases ?? []) push(this.byAlias, key(alias).trim(), file);
      }
    }
  }

  private addSuffixes(lowerPath: string, file: T): void {
    const segments = lowerPath.split('/');
    for (let i = 1; i < segments.length - 1; i++) push(this.bySuffix, segments.slice(i).join('/'), file);
  }

  get(vaultPath: string): T | undefined {
    return this.byPath.get(key(vaultPath));
  }

  resolve(linkPath: string, sourcePath: string): Resolution<T> {
    const written = linkPath.normalize('NFC').trim().replace(/\\/g, '/');
    const sourceDir = dirname(sourcePath);
    if (written === '') {
      const self = this.get(sourcePath);
      return self ? { status: 'resolved', file: self, via: 'path' } : { status: 'missing' };
    }
    if (/^\.\.?\//.test(written)) {
      const joined = joinPath(sourceDir, written);
      const file = joined.startsWith('..') ? undefined : this.get(joined);
      return file ? { status: 'resolved', file, via: 'path' } : { status: 'missing' };
    }
    const wanted = written.replace(/^\/+/, '').toLowerCase();
    const exact = this.byPath.get(wanted);
    if (exact) return { status: 'resolved', file: exact, via: 'path' };

    const candidates = wanted.includes('/') ? this.bySuffix.get(wanted) : this.byName.get(wanted);
    if (candidates) return this.pick(candidates, sourceDir, 'name');

    const aliased = wanted.includes('/') ? undefined : this.byAlias.get(wanted);
    if (aliased && aliased.length > 0) return this.pick(aliased, sourceDir, 'alias');
    return { status: 'missing' };
  }

  /**
   * Candidates in order of preference apart from the folder rule: shortest path, then
   * alphabetical. Sorted once per name, not once per link: a vault with a README in every
   * folder has thousands of links to hundreds of same-named files.
   */
  private ranking(candidates: T[]): { ranked: T[]; byFolder: Map<string, T> } {
    let ranking = this.rankings.get(candidates);
    if (!ranking) {
      const ranked = [...new Set(candidates)].sort(
        (a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      );
      const byFolder = new Map<string, T>();
      for (const file of ranked) if (!byFolder.has(this.folders.get(file)!)) byFolder.set(this.folders.get(file)!, file);
      ranking = { ranked, byFolder };
      this.rankings.set(candidates, ranking);
    }
    return ranking;
  }

  private pick(candidates: T[], sourceDir: string, via: 'name' | 'alias'): Resolution<T> {
    const { ranked, byFolder } = this.ranking(candidates);
    if (ranked.length === 1) return { status: 'resolved', file: ranked[0], via };
    const inFolder = byFolder.get(sourceDir);
    const rule = inFolder ? 'folder' : ranked[0].path.length < ranked[1].path.length ? 'shortest' : 'alphabetical';
    return { status: 'ambiguous', file: inFolder ?? ranked[0], candidates: ranked, via, rule };
  }
}

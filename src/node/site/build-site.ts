/**
 * Vault in, site model out: reads every file once, analyses every note once, then resolves
 * links, backlinks and tags against lookup tables. Pages render from this model.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../../core/diagnostics.ts';
import { LinkIndex } from '../../core/links/link-index.ts';
import { analyzeNote, type NoteFacts } from '../../core/markdown/analyze.ts';
import { decodeNote } from '../../core/vault/decode.ts';
import { MAX_TAGS } from '../../core/markdown/limits.ts';
import { splitFrontmatter } from '../../core/vault/frontmatter.ts';
import { mdxProblem } from '../../core/vault/mdx-check.ts';
import { isMdxPath, isNotePath, scanVault, type VaultFile } from '../vault/scan.ts';
import { gitLastModified, type GitHistory } from './git-dates.ts';
import { cachedRead, keepRead, pruneReads, readKey } from './read-cache.ts';
import { detectLanguage, majorityLanguage } from '../../core/site/language.ts';
import { checkLinks } from '../../core/site/link-check.ts';
import type { Attachment, Note, Site, SiteOptions, VaultItem } from '../../core/site/model.ts';
import { privateAttachments, privateLinkTargets } from '../../core/site/private-files.ts';
import { buildTags, tagKey, tagUrlDiagnostics } from '../../core/site/tag-pages.ts';
import { assignUrls } from '../../core/site/urls.ts';

const READ_CONCURRENCY = 64;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const EMPTY_FACTS: NoteFacts = {
  headings: [], blocks: [], links: [], tags: [], excerpt: '', hasMath: false, hasMermaid: false, sqlBlocks: 0, pythonBlocks: 0, docTests: [], sqlViews: false, sqlProblems: [],
  labs: [], labProblems: [], limitProblems: [], brokenLinks: [],
};

/** Reads one note; undefined when it is not published. */
export function readNote(
  file: VaultFile,
  source: string,
  gitDate: Date | undefined,
  diagnostics: Diagnostic[],
): Note | undefined {
  const { frontmatter, body, issues } = splitFrontmatter(source);
  for (const issue of issues) {
    diagnostics.push({ file: file.path, ...issue, severity: 'warning', code: 'invalid-frontmatter' });
  }
  if (!frontmatter.publish) return undefined;
  let facts = EMPTY_FACTS;
  try {
    facts = analyzeNote(body, { mdx: file.path.toLowerCase().endsWith('.mdx') });
  } catch (error) {
    // Parser errors (vfile messages) carry their place; others are reported at the top.
    const { line, column } = error as { line?: unknown; column?: unknown };
    diagnostics.push({
      file: file.path, line: typeof line === 'number' ? line : 1, column: typeof column === 'number' ? column : 1,
      severity: 'error', code: 'render-crash', message: `could not parse the note: ${(error as Error).message}`,
    });
  }
  for (const problem of facts.sqlProblems) {
    diagnostics.push({ file: file.path, line: problem.line, column: 1, severity: 'warning', code: 'sql-block-option', message: problem.message });
  }
  for (const problem of facts.labProblems) {
    diagnostics.push({ file: file.path, line: problem.line, column: 1, severity: 'error', code: 'lab-spec', message: `lab block: ${problem.message}` });
  }
  for (const broken of facts.brokenLinks) {
    diagnostics.push({
      file: file.path, line: broken.line, column: broken.column, severity: 'warning', code: 'link-syntax',
      message: `link ${JSON.stringify(broken.written)} is broken over lines, so it is shown as text, not a link; keep it on one line`,
    });
  }
  for (const problem of facts.limitProblems) {
    diagnostics.push({ file: file.path, ...problem, severity: 'warning', code: 'note-limit' });
  }
  const tagPlaces = new Map<string, { name: string; line: number; column: number }>();
  for (const tag of [...frontmatter.tags.map((t) => ({ ...t, column: 1 })), ...facts.tags]) {
    if (tagPlaces.has(tagKey(tag.name))) continue;
    if (tagPlaces.size === MAX_TAGS) {
      diagnostics.push({
        file: file.path, line: tag.line, column: tag.column, severity: 'warning', code: 'note-limit',
        message: `more than ${MAX_TAGS} tags; this one and the ones after it are shown as text and left out of the tag pages`,
      });
      break;
    }
    tagPlaces.set(tagKey(tag.name), { name: tag.name, line: tag.line, column: tag.column });
  }
  const updatedFrom = frontmatter.updated ? 'frontmatter' : gitDate ? 'git' : 'file';
  return {
    path: file.path,
    absPath: file.absPath,
    isNote: true,
    isMdx: isMdxPath(file.path),
    slug: '',
    url: '',
    title: frontmatter.title ?? path.posix.basename(file.path).replace(/\.mdx?$/i, ''),
    aliases: frontmatter.aliases,
    tags: [...tagPlaces.values()].map((t) => t.name),
    tagPlaces: [...tagPlaces.values()],
    lang: frontmatter.lang ?? '',
    detectedLang: detectLanguage(body) ?? '',
    updated: frontmatter.updated ?? gitDate ?? new Date(file.mtimeMs),
    updatedFrom,
    description: frontmatter.description ?? facts.excerpt,
    frontmatter: frontmatter.data,
    body,
    facts,
  };
}

/** What reading one note produced: the note (undefined when unpublished) and its problems. */
export interface ReadResult {
  note: Note | undefined;
  diagnostics: Diagnostic[];
  /** An unpublished note's link targets, so attachments only it uses stay unpublished too. */
  privateLinks?: string[];
}

/**
 * Reads and analyses notes; in this thread by default, in worker threads for big builds.
 * With `cacheDir` (a build), a note whose bytes an earlier build read is not parsed again (read-cache.ts).
 */
export type NoteReader = (files: VaultFile[], gitDates: Map<string, Date>, cacheDir?: string) => Promise<ReadResult[]>;

async function readOne(file: VaultFile, bytes: Uint8Array, gitDate: Date | undefined): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const decoded = decodeNote(bytes);
  if ('problem' in decoded) {
    diagnostics.push({ file: file.path, ...decoded.problem, severity: 'error', code: 'invalid-encoding' });
    return { note: undefined, diagnostics };
  }
  // Astro's MDX compiler would stop the build on this note: report it at its place, leave it out.
  const mdx = isMdxPath(file.path) ? await mdxProblem(decoded.text) : undefined;
  if (mdx) {
    diagnostics.push({ file: file.path, ...mdx, message: `${mdx.message}; the note is not published`, severity: 'error', code: 'mdx-error' });
    return { note: undefined, diagnostics, privateLinks: privateLinkTargets(file.path, decoded.text) };
  }
  const note = readNote(file, decoded.text, gitDate, diagnostics);
  return note ? { note, diagnostics } : { note, diagnostics, privateLinks: privateLinkTargets(file.path, decoded.text) };
}

export const readNotesHere: NoteReader = (files, gitDates, cacheDir) =>
  mapLimited(files, READ_CONCURRENCY, async (file) => {
    const bytes = await readFile(file.absPath);
    const gitDate = gitDates.get(file.path);
    if (!cacheDir) return readOne(file, bytes, gitDate);
    const key = readKey(file, bytes, gitDate);
    const kept = await cachedRead<ReadResult>(cacheDir, file, key);
    if (kept) return kept;
    const result = await readOne(file, bytes, gitDate);
    await keepRead(cacheDir, file, key, result);
    return result;
  });

/**
 * What reading a note produced, kept between builds of a watching dev server so an edit
 * re-reads one note, not the vault.
 */
export type NoteCache = Map<string, ReadResult & { mtimeMs: number; size: number }>;

/** `readCacheDir`: where a build keeps what it read for the next one (read-cache.ts); none in dev and checks. */
export async function buildSite(options: SiteOptions, cache: NoteCache = new Map(), reader: NoteReader = readNotesHere, readCacheDir?: string): Promise<Site> {
  const diagnostics: Diagnostic[] = [];
  const [files, git] = await Promise.all([
    scanVault(options.vaultDir, diagnostics, options.folders),
    options.gitDates === false ? Promise.resolve<GitHistory>({ changes: new Map() }) : gitLastModified(options.vaultDir),
  ]);
  const gitDates = new Map([...git.changes].map(([file, change]) => [file, change.date]));
  // MDX is code that runs at build time: only a vault trusted with `mdx: true` publishes it.
  const mdxOff = options.mdx ? [] : files.filter((f) => isMdxPath(f.path));
  for (const f of mdxOff) {
    diagnostics.push({
      file: f.path, line: 1, column: 1, severity: 'warning', code: 'mdx-disabled',
      message: 'MDX notes run code when the site is built, so they are not published unless the vault is trusted: set vaultKb({ mdx: true }) or VAULT_MDX=1',
    });
  }
  const noteFiles = files.filter((f) => isNotePath(f.path) && (options.mdx || !isMdxPath(f.path)));
  const isFresh = (f: VaultFile) => {
    const hit = cache.get(f.path);
    return hit !== undefined && hit.mtimeMs === f.mtimeMs && hit.size === f.size;
  };
  const stale = noteFiles.filter((f) => !isFresh(f));
  (await reader(stale, gitDates, readCacheDir)).forEach((result, i) => {
    cache.set(stale[i].path, { ...result, mtimeMs: stale[i].mtimeMs, size: stale[i].size });
  });
  if (readCacheDir) await pruneReads(readCacheDir, noteFiles.map((f) => f.path));
  const read = noteFiles.map((f) => cache.get(f.path)!);
  const present = new Set(noteFiles.map((f) => f.path));
  for (const key of cache.keys()) if (!present.has(key)) cache.delete(key);
  const notes: Note[] = [];
  const unpublished = new Set<string>(mdxOff.map((f) => f.path));
  const privateLinks = new Map<string, string[]>();
  read.forEach((entry, i) => {
    diagnostics.push(...entry.diagnostics);
    // A fresh copy per build: URLs and language are assigned below and may change between builds.
    if (entry.note) notes.push({ ...entry.note, updatedBy: entry.note.updatedFrom === 'git' ? git.changes.get(entry.note.path)?.author : undefined });
    else unpublished.add(noteFiles[i].path);
    if (entry.privateLinks) privateLinks.set(noteFiles[i].path, entry.privateLinks);
  });
  const attachments: Attachment[] = files
    .filter((f) => !isNotePath(f.path))
    .map((f) => ({ path: f.path, absPath: f.absPath, isNote: false, slug: '', url: '', size: f.size }));
  return { ...assembleSite(options, notes, attachments, unpublished, diagnostics, privateLinks), vaultInRepository: git.prefix };
}

/**
 * The second half of a build, on notes already read: private attachments left out, URLs,
 * language, link index, link check with backlinks, tags. No I/O, so tests can assemble a
 * site from strings.
 */
export function assembleSite(
  options: SiteOptions,
  notes: Note[],
  attachments: Attachment[],
  unpublished: Set<string>,
  diagnostics: Diagnostic[],
  /** Link targets of unpublished notes (path → targets): attachments only they use are left out. */
  privateLinks: ReadonlyMap<string, readonly string[]> = new Map(),
): Site {
  const withheld = privateAttachments(notes, attachments, privateLinks);
  attachments = attachments.filter((a) => !withheld.has(a.path));
  const home = assignUrls(notes, attachments, options.base, diagnostics);
  // A note's language: its frontmatter's, else the vault's configured one, else its text's.
  for (const note of notes) note.lang ||= options.lang || note.detectedLang;
  // The site's language: configured, else its home note's, else the one most notes are written in.
  const lang = options.lang ?? (home?.lang || majorityLanguage(notes.map((n) => n.lang).filter(Boolean)));
  for (const note of notes) note.lang ||= lang;

  const index = new LinkIndex<VaultItem>([...notes, ...attachments]);
  const backlinks = checkLinks(notes, index, unpublished, diagnostics);
  diagnostics.push(...tagUrlDiagnostics(notes, options.base));
  return {
    options,
    lang,
    notes,
    attachments,
    home,
    index,
    noteBySlug: new Map(notes.map((n) => [n.slug, n])),
    backlinks,
    tags: buildTags(notes, options.base),
    unpublished,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/**
 * The home page's sections: the notes its path (the home note's cards, home-cards.ts) does
 * not lead to, one section per vault folder, so every published note can be reached from
 * home. Notes come in reading order, the order a reader meets them following links from the
 * home note (breadth first, each note's links in the order it writes them), and folders in
 * the order their first note is met; a vault without a home note, or notes no link reaches,
 * by folder and title.
 */
import { resolveLink } from './resolve-link.ts';
import type { Note, Site } from './model.ts';

export interface FolderSection {
  /** The folder's vault path, '' for the vault's top level. */
  folder: string;
  notes: Note[];
}

type SiteNotes = Pick<Site, 'notes' | 'home' | 'index' | 'lang'>;

/** The notes `note` links to (embeds left out), in the order it writes them, once each. */
export function linkedNotes(site: SiteNotes, note: Note): Note[] {
  const linked = new Set<Note>();
  for (const link of note.facts.links) {
    if (link.embed) continue;
    const { resolution } = resolveLink(site.index, note, link.target);
    if (resolution.status !== 'missing' && resolution.file.isNote && resolution.file !== note) linked.add(resolution.file);
  }
  return [...linked];
}

const folderOf = (note: Note) => (note.path.includes('/') ? note.path.slice(0, note.path.lastIndexOf('/')) : '');

/** Every note, in the order a reader reaches it from the home note; the unreached by folder and title. */
export function readingOrder(site: SiteNotes): Note[] {
  const seen = new Set<Note>(site.home ? [site.home] : []);
  for (const note of seen) for (const next of linkedNotes(site, note)) seen.add(next);
  const byPlace = (a: Note, b: Note) => folderOf(a).localeCompare(folderOf(b), site.lang) || a.title.localeCompare(b.title, site.lang);
  return [...seen, ...site.notes.filter((n) => !seen.has(n)).sort(byPlace)];
}

/** The notes neither the home note is nor links to, by folder, top level first. */
export function homeSections(site: SiteNotes): FolderSection[] {
  const onPath = new Set(site.home ? [site.home, ...linkedNotes(site, site.home)] : []);
  const sections = new Map<string, Note[]>([['', []]]);
  for (const note of readingOrder(site)) {
    if (onPath.has(note)) continue;
    const list = sections.get(folderOf(note));
    if (list) list.push(note);
    else sections.set(folderOf(note), [note]);
  }
  return [...sections].filter(([, notes]) => notes.length > 0).map(([folder, notes]) => ({ folder, notes }));
}

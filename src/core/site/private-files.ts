/**
 * Unpublished means absent: an attachment that only `publish: false` / `draft: true` notes
 * use (link or embed) is not published either. An attachment no note uses stays published,
 * as before (it may be linked from outside the site); one a published note uses stays too.
 */
import { LinkIndex } from '../links/link-index.ts';
import { parseLinkTarget } from '../links/wiki-target.ts';
import { analyzeNote } from '../markdown/analyze.ts';
import { noteBody } from '../vault/frontmatter.ts';
import type { Attachment, Note, VaultItem } from './model.ts';

/** The link targets, as written, of an unpublished note (none when it does not parse: then nothing is withheld for it). */
export function privateLinkTargets(vaultPath: string, source: string): string[] {
  try {
    return analyzeNote(noteBody(source), { mdx: vaultPath.toLowerCase().endsWith('.mdx') }).links.map((l) => l.target);
  } catch {
    return [];
  }
}

/** Attachments used by unpublished notes (path → targets) and by no published note. */
export function privateAttachments(notes: readonly Note[], attachments: readonly Attachment[], privateLinks: ReadonlyMap<string, readonly string[]>): Set<string> {
  if (privateLinks.size === 0) return new Set();
  const index = new LinkIndex<VaultItem>([...notes, ...attachments]);
  const usedBy = (from: string, target: string): string | undefined => {
    const resolution = index.resolve(parseLinkTarget(target).path, from);
    return resolution.status !== 'missing' && !resolution.file.isNote ? resolution.file.path : undefined;
  };
  const used = new Set<string>();
  for (const [from, targets] of privateLinks) for (const target of targets) {
    const file = usedBy(from, target);
    if (file) used.add(file);
  }
  for (const note of notes) for (const link of note.facts.links) {
    const file = usedBy(note.path, link.target);
    if (file) used.delete(file);
  }
  return used;
}

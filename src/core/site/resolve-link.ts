/**
 * One link occurrence, resolved: which vault item it points to and which anchor on it.
 * Used by the link check (to report) and by the renderer (to write the href), so both
 * always agree.
 */
import { findHeading } from '../markdown/headings.ts';
import type { LinkIndex, Resolution } from '../links/link-index.ts';
import { parseLinkTarget, type WikiTarget } from '../links/wiki-target.ts';
import type { Note, VaultItem } from './model.ts';

export interface ResolvedLink {
  target: WikiTarget;
  resolution: Resolution<VaultItem>;
  /** Fragment id on the target page, when the link names a heading or block that exists. */
  anchor?: string;
  /** The heading or block named in the link was not found on the target. */
  anchorMissing?: boolean;
}

export function resolveLink(index: LinkIndex<VaultItem>, source: Note, written: string): ResolvedLink {
  const target = parseLinkTarget(written);
  const resolution = index.resolve(target.path, source.path);
  if (resolution.status === 'missing' || !target.subpath || !resolution.file.isNote) return { target, resolution };
  const note = resolution.file;
  if (target.subpath.kind === 'heading') {
    const heading = findHeading(note.facts.headings, target.subpath.parts);
    return heading ? { target, resolution, anchor: heading.id } : { target, resolution, anchorMissing: true };
  }
  const id = target.subpath.id;
  return note.facts.blocks.some((b) => b.id === id)
    ? { target, resolution, anchor: `^${id}` }
    : { target, resolution, anchorMissing: true };
}

/** The href a resolved link gets: the target's URL and the fragment when there is one. */
export function hrefOf(link: ResolvedLink): string | undefined {
  if (link.resolution.status === 'missing') return undefined;
  const url = link.resolution.file.url;
  return link.anchor ? `${url}#${encodeURIComponent(link.anchor)}` : url;
}

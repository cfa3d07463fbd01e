/**
 * What a note's rendered HTML depends on, as one hash, so a build can reuse the HTML an
 * earlier build rendered (src/node/site/render-cache.ts). A page depends on more than its
 * note's text: every link it has resolves against the titles, aliases, headings, block ids
 * and URLs of the whole vault (a retitled or moved note changes the pages that link to
 * it), and an embed shows another note's text, tags and language. So the key is the note's
 * own inputs, the notes it embeds (transitively), the site's link model and the site's
 * render settings; the caller adds the renderer's code version. Dates, authors and
 * descriptions are left out: the rendered body never shows them (the page around it does,
 * and Astro renders that on every build).
 */
import { sha256OfText } from '../hash.ts';
import { resolveLink } from '../site/resolve-link.ts';
import type { Note, VaultItem } from '../site/model.ts';
import type { RenderContext } from './render-note.ts';

/** The fields of every vault item that links and embeds to it resolve or show. */
function linkFields(item: VaultItem): unknown {
  if (!item.isNote) return [item.path, item.url];
  const { headings, blocks } = item.facts;
  return [item.path, item.url, item.slug, item.title, item.aliases, item.lang, headings.map((h) => [h.depth, h.text, h.id]), blocks.map((b) => b.id)];
}

/**
 * The site's part of every key: the link model of all items and the settings the renderer
 * reads. Computed once per build; a change here (a retitled note, a new heading, another
 * base path) renders every page again, as any of them may link there.
 */
export function siteRenderKey(items: readonly VaultItem[], settings: { base: string; siteLang: string; strictLineBreaks: boolean }): string {
  const sorted = [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sha256OfText(JSON.stringify([settings.base, settings.siteLang, settings.strictLineBreaks, sorted.map(linkFields)]));
}

/** A note's own render inputs. */
function noteFields(note: Note, ctx: Pick<RenderContext, 'bodyOf'>): unknown {
  return [note.path, note.title, note.lang, note.tags, note.isMdx, ctx.bodyOf(note)];
}

/** The notes `note` embeds, directly or through the notes it embeds, in the order first met. */
function embeddedNotes(note: Note, ctx: Pick<RenderContext, 'index'>): Note[] {
  const seen = new Set([note.path]);
  const found: Note[] = [];
  const queue = [note];
  for (let current = queue.shift(); current; current = queue.shift()) {
    for (const link of current.facts.links) {
      if (!link.embed) continue;
      const { resolution } = resolveLink(ctx.index, current, link.target);
      if (resolution.status === 'missing' || !resolution.file.isNote || seen.has(resolution.file.path)) continue;
      seen.add(resolution.file.path);
      found.push(resolution.file);
      queue.push(resolution.file);
    }
  }
  return found;
}

/** The key of `note`'s rendered HTML: `siteKey` (siteRenderKey), its own inputs and its embeds'. */
export function noteRenderKey(note: Note, siteKey: string, ctx: Pick<RenderContext, 'index' | 'bodyOf'>): string {
  return sha256OfText(JSON.stringify([siteKey, noteFields(note, ctx), embeddedNotes(note, ctx).map((n) => noteFields(n, ctx))]));
}

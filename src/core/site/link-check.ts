/**
 * Resolves every link of every note once: reports what is broken, with file:line:col,
 * and collects backlinks. Linear in the number of links.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { LinkIndex } from '../links/link-index.ts';
import type { LinkOccurrence } from '../markdown/analyze.ts';
import type { Backlink, Note, VaultItem } from './model.ts';
import { resolveLink } from './resolve-link.ts';

const MAX_CONTEXTS = 3;
/** Same-named files listed in an ambiguous-link message; a README in every folder would list hundreds. */
const MAX_LISTED = 5;

function written(link: LinkOccurrence): string {
  return link.written;
}

export function checkLinks(
  notes: readonly Note[],
  index: LinkIndex<VaultItem>,
  unpublished: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): Map<string, Backlink[]> {
  const backlinks = new Map<string, Backlink[]>();
  const unpublishedIndex = unpublishedLookup(unpublished);
  const embedEdges = new Map<string, { to: string; link: LinkOccurrence }[]>();

  for (const note of notes) {
    const seen = new Map<string, Backlink>();
    for (const link of note.facts.links) {
      const report = (code: Diagnostic['code'], message: string, severity: Diagnostic['severity'] = 'warning') =>
        diagnostics.push({ file: note.path, line: link.line, column: link.column, severity, code, message });
      const resolved = resolveLink(index, note, link.target);
      const { resolution } = resolved;
      if (resolution.status === 'missing') {
        const hidden = unpublishedIndex(resolved.target.path);
        const why = hidden ? ` (${hidden} is not published)` : '';
        if (link.embed) report('missing-embed', `embedded file not found: ${written(link)}${why}`);
        else report('unresolved-link', `unresolved link ${written(link)}${why}`);
        continue;
      }
      if (resolution.status === 'ambiguous') {
        const shown = [resolution.file.path];
        for (const c of resolution.candidates) {
          if (shown.length >= MAX_LISTED) break;
          if (c !== resolution.file) shown.push(c.path);
        }
        const more = resolution.candidates.length - shown.length;
        const names = `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
        // Obsidian's own rules decide between them, except between equally short paths in other folders.
        if (resolution.rule === 'alphabetical') report('ambiguous-link', `ambiguous link ${written(link)} matches ${resolution.candidates.length} files (${names}); using ${resolution.file.path}`);
        else report('ambiguous-link', `link ${written(link)} matches ${resolution.candidates.length} files (${names}); Obsidian's rule (${resolution.rule === 'folder' ? 'same folder' : 'shortest path'}) picks ${resolution.file.path}`, 'info');
      }
      if (resolved.anchorMissing) {
        const sub = resolved.target.subpath!;
        if (sub.kind === 'heading') report('missing-heading', `heading "${sub.parts.join('#')}" not found in ${resolution.file.path}: ${written(link)}`);
        else report('missing-block', `block ^${sub.id} not found in ${resolution.file.path}: ${written(link)}`);
      }
      const target = resolution.file;
      if (link.embed && target.isNote && !(target === note && resolved.target.subpath)) {
        const edges = embedEdges.get(note.path) ?? [];
        edges.push({ to: target.path, link });
        embedEdges.set(note.path, edges);
      }
      if (!target.isNote || target === note) continue;
      let backlink = seen.get(target.path);
      if (!backlink) {
        backlink = { from: note, contexts: [] };
        seen.set(target.path, backlink);
        const list = backlinks.get(target.path) ?? [];
        list.push(backlink);
        backlinks.set(target.path, list);
      }
      if (link.context && backlink.contexts.length < MAX_CONTEXTS && !backlink.contexts.includes(link.context)) {
        backlink.contexts.push(link.context);
      }
    }
  }
  reportEmbedCycles(embedEdges, diagnostics);
  return backlinks;
}

/**
 * The unpublished note a broken link was meant for, to say why it is broken: by path, or,
 * for a bare name (`[[Draft]]` for `notes/Draft.md`), by file name as Obsidian would.
 */
function unpublishedLookup(unpublished: ReadonlySet<string>): (linkPath: string) => string | undefined {
  const stem = (p: string) => p.normalize('NFC').toLowerCase().replace(/\.mdx?$/, '');
  const byPath = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const p of [...unpublished].sort()) {
    const key = stem(p);
    const name = key.slice(key.lastIndexOf('/') + 1);
    byPath.set(key, p);
    if (!byName.has(name)) byName.set(name, p);
  }
  return (linkPath) => {
    const wanted = stem(linkPath.trim().replace(/^\/+/, ''));
    return byPath.get(wanted) ?? (wanted.includes('/') ? undefined : byName.get(wanted));
  };
}

/** A note that embeds itself, directly or through others, is drawn once and then stopped; say where. */
function reportEmbedCycles(edges: Map<string, { to: string; link: LinkOccurrence }[]>, diagnostics: Diagnostic[]): void {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (path: string) => {
    state.set(path, 'active');
    stack.push(path);
    for (const edge of edges.get(path) ?? []) {
      const s = state.get(edge.to);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.indexOf(edge.to)), edge.to].join(' → ');
        diagnostics.push({
          file: path, line: edge.link.line, column: edge.link.column, severity: 'warning', code: 'embed-cycle',
          message: `embeds form a cycle (${cycle}); the repeated embed is shown as a link`,
        });
      } else if (s === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(path, 'done');
  };
  for (const path of [...edges.keys()].sort()) if (!state.has(path)) visit(path);
}

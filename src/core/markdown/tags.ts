/**
 * Inline `#tags` as Obsidian reads them: letters of any script, digits, `_`, `-` and `/`
 * for nesting, at least one character that is not a digit (`#2024` is not a tag), after a
 * space or punctuation. Never inside code, links, URLs, math or raw HTML; a heading's own
 * `#` markers are syntax, not text, so they never reach here.
 */
import type { Nodes, Parent, PhrasingContent, Root, Text } from 'mdast';

export interface TagOccurrence {
  /** As written, without `#` and trailing `/`. */
  name: string;
  line: number;
  column: number;
}

const TAG = /#([\p{L}\p{N}\p{M}_/-]+)/gu;
const SKIP = new Set(['link', 'linkReference', 'wikiLink', 'inlineCode', 'code', 'html', 'inlineMath', 'math', 'definition']);

/** `#2024` and `#///` are not tags; `#v2`, `#тег`, `#a/b` are. */
export function normaliseTagName(raw: string): string | undefined {
  const name = raw.replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
  return /[^\d/]/u.test(name) ? name : undefined;
}

function precededByBoundary(text: string, index: number, source: string, nodeStart: number | undefined): boolean {
  const before = index > 0 ? text[index - 1] : nodeStart !== undefined && nodeStart > 0 ? source[nodeStart - 1] : '';
  return before === '' || /[\s([{"'«“„,;:!?*_~>|]/u.test(before);
}

function positionIn(text: string, index: number, start: { line: number; column: number } | undefined) {
  const before = text.slice(0, index);
  const newline = before.lastIndexOf('\n');
  const line = (start?.line ?? 0) + (before.match(/\n/g)?.length ?? 0);
  return { line, column: newline === -1 ? (start?.column ?? 1) + index : index - newline };
}

/**
 * Finds inline tags. With `replace`, each tag's text is swapped for the node it returns
 * (the renderer turns tags into links); without, the tree is left as it is.
 */
export function findInlineTags(
  tree: Root,
  source: string,
  replace?: (name: string) => PhrasingContent,
): TagOccurrence[] {
  const found: TagOccurrence[] = [];
  const walk = (parent: Parent) => {
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i] as Nodes;
      if (SKIP.has(child.type)) continue;
      if (child.type !== 'text') {
        if ('children' in child) walk(child as Parent);
        continue;
      }
      const text = (child as Text).value;
      if (!text.includes('#')) continue;
      const start = child.position?.start;
      const pieces: PhrasingContent[] = [];
      let last = 0;
      for (const match of text.matchAll(TAG)) {
        const index = match.index ?? 0;
        if (!precededByBoundary(text, index, source, start?.offset)) continue;
        const name = normaliseTagName(match[1]);
        if (!name) continue;
        found.push({ name, ...positionIn(text, index, start) });
        if (replace) {
          if (index > last) pieces.push({ type: 'text', value: text.slice(last, index) });
          pieces.push(replace(name));
          last = index + 1 + match[1].replace(/\/+$/, '').length;
        }
      }
      if (replace && pieces.length > 0) {
        if (last < text.length) pieces.push({ type: 'text', value: text.slice(last) });
        (parent.children as PhrasingContent[]).splice(i, 1, ...pieces);
        i += pieces.length - 1;
      }
    }
  };
  walk(tree);
  return found;
}

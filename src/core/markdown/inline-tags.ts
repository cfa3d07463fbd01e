/**
 * Inline `#tags` as Obsidian reads them: letters of any script, digits, `_`, `-` and `/`
 * for nesting, at least one character that is not a digit (`#2024` is not a tag), after a
 * space or punctuation. Never inside code, links, URLs, math or raw HTML, nor escaped as
 * `\#`; a heading's own `#` markers are syntax, not text, so they never reach here.
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

/**
 * Where each character of a text node's value is in the source. The value can be shorter
 * than its source (`\#` escapes, entities, the `> ` and indentation of continuation lines),
 * so characters are matched in order, skipping source characters the value does not have.
 * A character the source lacks (`©` from `&copy;`) keeps the current place.
 */
function sourceOffsets(value: string, source: string, from: number, to: number): number[] {
  const offsets: number[] = [];
  let at = from;
  for (let i = 0; i < value.length; i++) {
    const found = source.indexOf(value[i], at);
    const inNode = found !== -1 && found < to;
    offsets.push(inNode ? found : at);
    if (inNode) at = found + 1;
  }
  return offsets;
}

/** Judged on the source, not the value: in `\#tag` the value has a space before `#`, the source a backslash. */
function precededByBoundary(before: string): boolean {
  return before === '' || /[\s([{"'«“„,;:!?*_~>|]/u.test(before);
}

function positionAt(source: string, offset: number, start: { line: number; offset: number }) {
  const newlines = source.slice(start.offset, offset).match(/\n/g)?.length ?? 0;
  return { line: start.line + newlines, column: offset - source.lastIndexOf('\n', offset - 1) };
}

/** For trees built without offsets: positions counted in the value. */
function positionIn(text: string, index: number, start: { line: number; column: number } | undefined) {
  const before = text.slice(0, index);
  const newline = before.lastIndexOf('\n');
  const line = (start?.line ?? 0) + (before.match(/\n/g)?.length ?? 0);
  return { line, column: newline === -1 ? (start?.column ?? 1) + index : index - newline };
}

/**
 * Finds inline tags. `source` is the text the tree was parsed from (see parsedText), as its
 * positions are offsets into it. With `replace`, each tag's text is swapped for the node it
 * returns (the renderer turns tags into links); without, the tree is left as it is.
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
      const end = child.position?.end.offset;
      const offsets = start?.offset === undefined || end === undefined ? undefined : sourceOffsets(text, source, start.offset, end);
      const pieces: PhrasingContent[] = [];
      let last = 0;
      for (const match of text.matchAll(TAG)) {
        const index = match.index ?? 0;
        const offset = offsets?.[index];
        const before = offset === undefined ? text[index - 1] ?? '' : source[offset - 1] ?? '';
        if (!precededByBoundary(before)) continue;
        const name = normaliseTagName(match[1]);
        if (!name) continue;
        const position = offset === undefined ? positionIn(text, index, start) : positionAt(source, offset, start as { line: number; offset: number });
        found.push({ name, ...position });
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

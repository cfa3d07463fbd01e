/**
 * Obsidian's inline footnotes, `text^[the note itself]`: each becomes a footnote reference
 * and a definition at the end of the note, so remark-rehype numbers it with the `[^1]`
 * footnotes, in order of appearance. micromark has no syntax for them, so they are found
 * in the parsed tree: from a text node with `^[` to the text node with its closing `]`
 * (brackets counted), whatever inline markup lies between, within one paragraph's line of
 * siblings.
 */
import type { FootnoteDefinition, FootnoteReference, Parent, PhrasingContent, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

const OPENER = '^[';

/** Where the bracket opened at `depth` 1 closes in `text` from `from`, or the depth left at its end. */
function closing(text: string, from: number, depth: number): { at: number } | { depth: number } {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return { at: i };
  }
  return { depth };
}

export function inlineFootnotes(tree: Root): void {
  const definitions: FootnoteDefinition[] = [];
  visit(tree, (node) => {
    if (!('children' in node)) return;
    const parent = node as Parent;
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i];
      if (child.type !== 'text') continue;
      const start = child.value.indexOf(OPENER);
      if (start < 0) continue;
      // Find the closing bracket in this text node or a later sibling text node.
      let depth = 1;
      let end: { index: number; at: number } | undefined;
      for (let j = i; j < parent.children.length && !end; j++) {
        const sibling = parent.children[j];
        if (sibling.type !== 'text') continue;
        const found = closing(sibling.value, j === i ? start + OPENER.length : 0, depth);
        if ('at' in found) end = { index: j, at: found.at };
        else depth = found.depth;
      }
      if (!end) continue;
      const identifier = `inline-${definitions.length + 1}`;
      const last = parent.children[end.index] as Text;
      const content: PhrasingContent[] = end.index === i
        ? [{ type: 'text', value: child.value.slice(start + OPENER.length, end.at) }]
        : [
            { type: 'text', value: child.value.slice(start + OPENER.length) },
            ...(parent.children.slice(i + 1, end.index) as PhrasingContent[]),
            { type: 'text', value: last.value.slice(0, end.at) },
          ];
      const reference: FootnoteReference = { type: 'footnoteReference', identifier, label: identifier };
      const before: Text = { type: 'text', value: child.value.slice(0, start) };
      const after: Text = { type: 'text', value: last.value.slice(end.at + 1) };
      parent.children.splice(i, end.index - i + 1, ...([before, reference, after].filter((n) => n.type !== 'text' || n.value !== '') as typeof parent.children));
      definitions.push({ type: 'footnoteDefinition', identifier, label: identifier, children: [{ type: 'paragraph', children: content.filter((n) => n.type !== 'text' || n.value !== '') }] });
    }
  });
  tree.children.push(...definitions);
}

/**
 * Obsidian's custom task marks: `- [?] item`, `- [-] item`, `- [/] item` (any one character
 * in the brackets). GFM knows only `[ ]` and `[x]` and leaves the others as text; Obsidian
 * checks the box and exposes the mark to CSS themes as `data-task` on the item. Every task
 * item gets its mark there (`x`, ` `, `?`), as Obsidian's do.
 */
import type { ListItem, Root } from 'mdast';
import { visit } from 'unist-util-visit';

const CUSTOM_MARK = /^\[([^\s\]\\])\][ \t]+/u;

function setMark(item: ListItem, mark: string): void {
  item.data = { ...item.data, hProperties: { ...(item.data?.hProperties as Record<string, unknown> | undefined), dataTask: mark } };
}

export function customTaskMarks(tree: Root): void {
  visit(tree, 'listItem', (item: ListItem) => {
    if (typeof item.checked === 'boolean') {
      setMark(item, item.checked ? 'x' : ' ');
      return;
    }
    const paragraph = item.children[0];
    const first = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined;
    if (first?.type !== 'text') return;
    const match = CUSTOM_MARK.exec(first.value);
    if (!match) return;
    first.value = first.value.slice(match[0].length);
    item.checked = true;
    setMark(item, match[1]);
  });
}

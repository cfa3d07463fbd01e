/**
 * Obsidian block ids: `text ^my-id` at the end of a paragraph or list item, or `^my-id`
 * alone in the paragraph after a table, quote, list or code block. The marker is removed
 * and the block gets `id="^my-id"`, the fragment Obsidian Publish uses for `[[Note#^my-id]]`.
 */
import type { Nodes, Paragraph, Parent, Root, Text } from 'mdast';
import { plainText } from './text.ts';

export interface BlockInfo {
  id: string;
  line: number;
}

const TRAILING_ID = /(^|\s)\^([A-Za-z0-9-]+)\s*$/;
const ALONE_ID = /^\^([A-Za-z0-9-]+)$/;

function setBlockId(node: Nodes, id: string): void {
  node.data = { ...node.data, blockId: id, hProperties: { ...node.data?.hProperties, id: `^${id}` } } as typeof node.data;
}

export function blockIdOf(node: Nodes): string | undefined {
  return (node.data as { blockId?: string } | undefined)?.blockId;
}

export function assignBlockIds(tree: Root): BlockInfo[] {
  const blocks: BlockInfo[] = [];
  const walk = (parent: Parent, ancestors: Parent[]) => {
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i] as Nodes;
      if (child.type === 'paragraph') {
        const alone = ALONE_ID.exec(plainText(child).trim());
        if (alone && i > 0 && child.children.length === 1) {
          const target = parent.children[i - 1] as Nodes;
          const id = alone[1].toLowerCase();
          setBlockId(target, id);
          blocks.push({ id, line: target.position?.start.line ?? 0 });
          parent.children.splice(i, 1);
          i--;
          continue;
        }
        const marker = stripTrailingId(child);
        if (marker) {
          const target = blockOf(child, marker.ownLine, [...ancestors, parent]);
          setBlockId(target, marker.id);
          blocks.push({ id: marker.id, line: target.position?.start.line ?? 0 });
        }
      }
      if ('children' in child) walk(child as Parent, [...ancestors, parent]);
    }
  };
  walk(tree, []);
  return blocks;
}

/**
 * Which block a trailing `^id` names. In a list item's first paragraph, the item. On a line
 * of its own right under a quote or callout (`> text` then `^id`), Markdown continues the
 * quote's last paragraph, but Obsidian means the whole quote: the outermost quote the
 * paragraph closes.
 */
function blockOf(paragraph: Paragraph, ownLine: boolean, ancestors: Parent[]): Nodes {
  const parent = ancestors[ancestors.length - 1];
  if (parent.type === 'listItem' && parent.children[0] === paragraph) return parent as Nodes;
  if (!ownLine) return paragraph;
  let target: Nodes = paragraph;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const up = ancestors[i];
    if (up.type !== 'blockquote' || up.children[up.children.length - 1] !== target) break;
    target = up as Nodes;
  }
  return target;
}

/** Removes a trailing `^id` from the paragraph; says whether it stood on a line of its own. */
function stripTrailingId(paragraph: Paragraph): { id: string; ownLine: boolean } | undefined {
  const last = paragraph.children[paragraph.children.length - 1];
  if (last?.type !== 'text') return undefined;
  const match = TRAILING_ID.exec((last as Text).value);
  if (!match) return undefined;
  (last as Text).value = (last as Text).value.slice(0, match.index + match[1].length).replace(/\s+$/, '');
  if ((last as Text).value === '') paragraph.children.pop();
  return { id: match[2].toLowerCase(), ownLine: match[1] === '\n' };
}

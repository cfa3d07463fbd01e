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
  const walk = (parent: Parent) => {
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
        const id = stripTrailingId(child);
        if (id) {
          const target = parent.type === 'listItem' && parent.children[0] === child ? parent : child;
          setBlockId(target as Nodes, id);
          blocks.push({ id, line: target.position?.start.line ?? 0 });
        }
      }
      if ('children' in child) walk(child as Parent);
    }
  };
  walk(tree);
  return blocks;
}

function stripTrailingId(paragraph: Paragraph): string | undefined {
  const last = paragraph.children[paragraph.children.length - 1];
  if (last?.type !== 'text') return undefined;
  const match = TRAILING_ID.exec((last as Text).value);
  if (!match) return undefined;
  (last as Text).value = (last as Text).value.slice(0, match.index + match[1].length).replace(/\s+$/, '');
  if ((last as Text).value === '') paragraph.children.pop();
  return match[2].toLowerCase();
}

/** Plain text of an mdast subtree as a reader sees it (a wikilink reads as its alias). */
import type { Nodes } from 'mdast';
import { defaultLinkText, parseLinkTarget } from '../links/wiki-target.ts';

export function plainText(node: Nodes | { type: string; value?: unknown; children?: unknown[]; data?: unknown }): string {
  const n = node as { type: string; value?: unknown; children?: Nodes[]; data?: { alias?: string } };
  if (n.type === 'wikiLink') {
    const alias = n.data?.alias;
    return alias && alias !== n.value ? alias : defaultLinkText(parseLinkTarget(String(n.value ?? '')));
  }
  if (typeof n.value === 'string' && n.type !== 'html') return n.value;
  if (n.type === 'break') return ' ';
  if (!n.children) return '';
  const parts = n.children.map((child) => plainText(child));
  const blockLevel = n.children.length > 0 && n.children.every((c) => !('value' in c) && 'children' in c && /^(paragraph|heading|listItem|list|blockquote|table|tableRow|tableCell)$/.test(c.type));
  return parts.join(blockLevel ? ' ' : '');
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Obsidian accepts a non-breaking space after a callout's `[!type]` marker (notes pasted from
 * the web or typed on a French keyboard have them); remark-callout accepts a plain space only.
 * So before it runs, no-break spaces right after the marker become a space, and a marker
 * followed by spaces alone keeps the type's default title.
 */
import type { Blockquote, Root } from 'mdast';
import { visit } from 'unist-util-visit';

const MARKER_NBSP = /^(\[![^\]\n]+\][+-]?)[ \t\u00a0\u202f]*\u00a0[ \t\u00a0\u202f]*/;
const MARKER_BLANK = /^(\[![^\]\n]+\][+-]?)[ \t\u00a0\u202f]+(?=\n|$)/;

export function calloutMarkerSpaces() {
  return (tree: Root) => {
    visit(tree, 'blockquote', (quote: Blockquote) => {
      const paragraph = quote.children[0];
      const first = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined;
      if (first?.type !== 'text' || !first.value.startsWith('[!')) return;
      first.value = first.value.replace(MARKER_BLANK, '$1').replace(MARKER_NBSP, '$1 ');
    });
  };
}

/**
 * Heading ids, assigned once on the tree so the rendered `id` and the anchor a link
 * resolves to are the same string. GitHub's slugger: Cyrillic stays, duplicates get `-1`.
 */
import type { Heading, Root } from 'mdast';
import GithubSlugger, { slug } from 'github-slugger';
import { visit } from 'unist-util-visit';
import { collapseWhitespace, plainText } from './text.ts';

export interface HeadingInfo {
  depth: number;
  text: string;
  id: string;
  line: number;
}

export function assignHeadingIds(tree: Root): HeadingInfo[] {
  const slugger = new GithubSlugger();
  const headings: HeadingInfo[] = [];
  visit(tree, 'heading', (node: Heading) => {
    const text = collapseWhitespace(plainText(node));
    const id = slugger.slug(text || 'section');
    node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
    headings.push({ depth: node.depth, text, id, line: node.position?.start.line ?? 0 });
  });
  return headings;
}

/** How Obsidian compares a heading in a link with the heading in the note: loosely. */
export function headingKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * `[[Note#A#B]]`: B, under an A. Returns the heading or undefined.
 * The last part must match; earlier parts must match enclosing headings, in order.
 */
export function findHeading(headings: readonly HeadingInfo[], parts: readonly string[]): HeadingInfo | undefined {
  const keys = parts.map(headingKey);
  const last = keys[keys.length - 1];
  for (let i = 0; i < headings.length; i++) {
    if (headingKey(headings[i].text) !== last) continue;
    let want = keys.length - 2;
    let depth = headings[i].depth;
    for (let j = i - 1; j >= 0 && want >= 0; j--) {
      if (headings[j].depth >= depth) continue;
      depth = headings[j].depth;
      if (headingKey(headings[j].text) === keys[want]) want--;
    }
    if (want < 0) return headings[i];
  }
  // A GitHub-style anchor (`#пример-configpy`, as tables of contents pasted from GitHub have)
  // names the heading by its id rather than its text.
  if (parts.length === 1) {
    const anchor = parts[0].toLowerCase();
    return headings.find((h) => h.id === anchor || h.id === slug(parts[0], false));
  }
  return undefined;
}

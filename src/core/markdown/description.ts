/**
 * A note's summary when its frontmatter has no `description`: the text of its first
 * paragraph of prose, as a reader sees it (links read as their text), cut at a word; a line
 * that only points at another note ("English version: [[…]]") is not prose. Used by
 * the page's `description` and OpenGraph meta, note lists and the feed.
 */
import type { Nodes, Root } from 'mdast';
import { visitParents } from 'unist-util-visit-parents';
import { collapseWhitespace } from './text.ts';
import { defaultLinkText, parseLinkTarget } from '../links/wiki-target.ts';

/** Longest summary, in characters: what link previews in chat show before cutting it themselves. */
export const DESCRIPTION_LENGTH = 200;

/** Not prose: a callout or quote is someone else's voice or an aside, a table or list item a fragment. */
const SKIPPED_CONTAINERS = new Set(['blockquote', 'table', 'footnoteDefinition']);

/** Inline parts a summary leaves out: pictures, raw HTML, maths, footnote marks. */
const DROPPED = new Set(['image', 'imageReference', 'html', 'inlineMath', 'footnoteReference']);

function summaryText(node: Nodes): string {
  if (DROPPED.has(node.type)) return '';
  if (node.type === 'wikiLink') {
    const n = node as unknown as { value: string; data?: { alias?: string; embed?: boolean } };
    if (n.data?.embed) return '';
    return n.data?.alias && n.data.alias !== n.value ? n.data.alias : defaultLinkText(parseLinkTarget(n.value));
  }
  if (node.type === 'break') return ' ';
  if ('value' in node && typeof node.value === 'string') return node.value;
  return 'children' in node ? (node.children as Nodes[]).map(summaryText).join('') : '';
}

const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/**
 * A short line that only points elsewhere, "English version: [[…]]", "See [[…]]": at most six
 * words, no more than three of them outside links. It says nothing about the note itself.
 */
function isPointer(paragraph: Nodes, text: string): boolean {
  if (wordCount(text) > 6) return false;
  let linked = '';
  visitParents(paragraph, (node) => {
    if (node.type !== 'wikiLink' && node.type !== 'link') return;
    linked += ` ${summaryText(node)}`;
    return 'skip';
  });
  return linked !== '' && wordCount(text) - wordCount(linked) <= 3;
}

/** The first paragraph with words in it, outside callouts, quotes, tables and footnotes, that is not a pointer; '' if none. */
export function firstParagraphText(tree: Root): string {
  let found = '';
  visitParents(tree, 'paragraph', (node, ancestors) => {
    if (found) return false;
    if (ancestors.some((a) => SKIPPED_CONTAINERS.has(a.type))) return;
    const text = collapseWhitespace(summaryText(node));
    // A paragraph of only an embed or a picture says nothing.
    if (/[\p{L}\p{N}]/u.test(text) && !isPointer(node, text)) found = text;
  });
  return found;
}

/**
 * Cuts `text` to at most `max` characters (an ellipsis included) at a word boundary, as
 * the Unicode word rules find them: after a space in Latin or Cyrillic, between words in
 * Chinese or Japanese (which have no spaces). Punctuation left dangling is dropped.
 */
export function cutAtWord(text: string, max = DESCRIPTION_LENGTH, locale?: string): string {
  if ([...text].length <= max) return text;
  const limit = max - 1;
  let cut = 0;
  let length = 0;
  for (const { index, segment } of new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)) {
    length += [...segment].length;
    if (length > limit) break;
    cut = index + segment.length;
  }
  // A single word longer than the limit (a URL, a chemical name): cut inside it, by code point.
  const head = cut > 0 ? text.slice(0, cut) : [...text].slice(0, limit).join('');
  return `${head.replace(/[\s\p{P}]+$/u, '')}…`;
}

/** The summary of a parsed note: its first paragraph, cut at a word. */
export function noteSummary(tree: Root, locale?: string): string {
  return cutAtWord(firstParagraphText(tree), DESCRIPTION_LENGTH, locale);
}

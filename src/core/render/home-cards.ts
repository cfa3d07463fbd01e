/**
 * The home note's lists of links as cards: each note a list links to becomes a card with
 * that note's description (its frontmatter `description`, else its first paragraph: the
 * same text as its `og:description`), in the order and under the paragraphs or headings
 * the author wrote, so the home page is a path through the wiki whose cards stay true when
 * a note changes. A list item without a link to a note keeps the author's text; a note
 * linked twice in a list gets one card, where it is first linked.
 */
import type { List, ListItem, Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { decodeUrlPath, isExternalUrl } from '../markdown/analyze.ts';
import type { LinkIndex } from '../links/link-index.ts';
import type { Note, VaultItem } from '../site/model.ts';
import { resolveLink } from '../site/resolve-link.ts';

type Card = { link: Nodes; note: Note };

/** A wikilink (not an embed) or a relative Markdown link, as written; undefined for anything else. */
function writtenTarget(node: Nodes): string | undefined {
  if (node.type === ('wikiLink' as string)) {
    const wiki = node as unknown as { value: string; data: { embed?: boolean } };
    return wiki.data.embed ? undefined : wiki.value;
  }
  if (node.type === 'link' && node.url && !isExternalUrl(node.url)) return decodeUrlPath(node.url);
  return undefined;
}

/** The notes an item links to, each with the link as written (linked later with the rest of the page). */
function cardsOf(item: ListItem, home: Note, index: LinkIndex<VaultItem>): Card[] {
  const cards: Card[] = [];
  visit(item, (node: Nodes) => {
    const written = writtenTarget(node);
    if (written === undefined) return;
    const { resolution } = resolveLink(index, home, written);
    if (resolution.status !== 'missing' && resolution.file.isNote && resolution.file !== home) cards.push({ link: node, note: resolution.file });
  });
  return cards;
}

function element(tagName: string, className: string, children: unknown[], props: Record<string, unknown> = {}): Nodes {
  return { type: 'vaultNode', data: { hName: tagName, hProperties: { className: [className], ...props } }, children } as unknown as Nodes;
}

function card({ link, note }: Card, home: Note): ListItem {
  const children = [element('p', 'home-card-title', [link])];
  if (note.description) children.push(element('p', 'home-card-description', [{ type: 'text', value: note.description }]));
  // A card for a note in another language says so, for screen readers and hyphenation.
  const lang = note.lang !== home.lang ? { lang: note.lang } : {};
  // Loose, so its paragraphs stay paragraphs (a tight item's are unwrapped).
  return { type: 'listItem', spread: true, children: children as never, data: { hProperties: { className: ['home-card'], ...lang } } };
}

/** Turns the home note's top-level lists that link to notes into card grids, in place. */
export function homeCards(tree: Root, home: Note, index: LinkIndex<VaultItem>): void {
  for (const block of tree.children) {
    if (block.type !== 'list') continue;
    const carded = new Set<Note>();
    const items = block.children.map((item) => ({ item, cards: cardsOf(item, home, index) }));
    if (!items.some(({ cards }) => cards.length > 0)) continue;
    const list = block as List;
    list.children = items.flatMap(({ item, cards }) => {
      if (cards.length === 0) return [{ ...item, data: { hProperties: { className: ['home-card', 'home-card-text'] } } }];
      const fresh = cards.filter((c) => !carded.has(c.note));
      for (const c of fresh) carded.add(c.note);
      return fresh.map((c) => card(c, home));
    });
    list.data = { ...list.data, hProperties: { className: ['home-cards'] } };
  }
}

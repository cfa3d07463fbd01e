/**
 * One ranking for search results gathered from several Pagefind indexes (one per page
 * language). Their scores are not comparable: each index weighs words by its own size, so a
 * short page in a small index can outscore the page a query names. So a result whose title
 * holds every word of the query comes first, then one with such a heading (and the result
 * then leads to that heading), then the rest; each group by score. Words match by their
 * start, so an inflected form matches («блокировки» the query «блокировка»).
 */
export interface SearchHit {
  score: number;
  title: string;
  url: string;
  /** The page's sections under a heading, as Pagefind gives them (`sub_results`). */
  headings: { title: string; url: string }[];
}

export interface RankedHit<T extends SearchHit> {
  hit: T;
  /** Where the result leads: the matching heading's anchor, else the page. */
  url: string;
  /** The matching heading's text, if the result leads to one. */
  heading?: string;
}

const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);

/** How much of a query word must begin a word of the text: all of a short one, else all but its last two letters. */
const stemOf = (word: string) => (word.length <= 4 ? word : word.slice(0, Math.max(4, word.length - 2)));

export function holdsAll(text: string, query: string): boolean {
  const stems = wordsOf(query).map(stemOf);
  const words = wordsOf(text);
  return stems.length > 0 && stems.every((stem) => words.some((word) => word.startsWith(stem)));
}

export function rankHits<T extends SearchHit>(query: string, hits: readonly T[]): RankedHit<T>[] {
  const ranked = hits.map((hit) => {
    const heading = hit.headings.find((h) => h.url.includes('#') && h.title !== hit.title && holdsAll(h.title, query));
    const tier = holdsAll(hit.title, query) ? 2 : heading ? 1 : 0;
    return { tier, ranked: { hit, url: heading?.url ?? hit.url, ...(heading ? { heading: heading.title } : {}) } };
  });
  return ranked.sort((a, b) => b.tier - a.tier || b.ranked.hit.score - a.ranked.hit.score).map((r) => r.ranked);
}

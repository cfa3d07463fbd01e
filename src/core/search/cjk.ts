/**
 * Chinese and Japanese in the search index, shared by the build and the search box.
 * Pagefind segments these languages into dictionary words and matches a query only at the
 * start of a word, so 同步 is not found in a page where the segmenter kept 条同步 or 同步日志
 * as one word (4 of the 59 pages with 同步 in Obsidian's Chinese help). So the index holds
 * every Han and kana character as a word of its own (a space between two), the query is
 * split the same way (every character must be on the page), and the search box keeps the
 * pages whose text has the query's characters in a row, and shows titles and excerpts with
 * the spaces taken out again.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30FC';
const BEFORE_CJK = new RegExp(`([${CJK}])(?=[${CJK}])`, 'gu');
/** A space the split added, also between two highlighted characters of an excerpt (`</mark> <mark>`). */
const ADDED_SPACE = new RegExp(`([${CJK}](?:</mark>)?) (?=(?:<mark>)?[${CJK}])`, 'gu');
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');
const CJK_RUN = new RegExp(`[${CJK}]{2,}`, 'gu');

export function hasCjk(text: string): boolean {
  return HAS_CJK.test(text);
}

/** A space between every two adjacent Han or kana characters. */
export function splitCjk(text: string): string {
  return text.replace(BEFORE_CJK, '$1 ');
}

/** splitCjk undone, in plain text or in an excerpt's HTML. */
export function joinCjk(text: string): string {
  return text.replace(ADDED_SPACE, '$1');
}

/** An HTML page with splitCjk applied to its text, not to tags or attributes. */
export function splitCjkInHtml(html: string): string {
  return hasCjk(html) ? html.replace(/>([^<]+)</g, (_, text: string) => `>${splitCjk(text)}<`) : html;
}

/** Whether a page's (split) text has each run of Han or kana characters of the query in a row. */
export function hasCjkRuns(query: string, pageText: string): boolean {
  const runs = query.match(CJK_RUN);
  if (!runs) return true;
  const text = joinCjk(pageText);
  return runs.every((run) => text.includes(run));
}

/**
 * Phase one of a build: what a note contains that other notes and pages depend on
 * (headings, block ids, links, embeds, tags), read from its syntax tree. Nothing here
 * knows about other notes; resolving is done later against the whole vault's index.
 */
import type { Nodes, Root, Text } from 'mdast';
import { visitParents } from 'unist-util-visit-parents';
import { remove } from 'unist-util-remove';
import { parseNote } from './parser.ts';
import type { LimitProblem } from './bounds.ts';
import { assignHeadingIds, type HeadingInfo } from './headings.ts';
import { assignBlockIds, type BlockInfo } from './block-ids.ts';
import { findInlineTags, type TagOccurrence } from './inline-tags.ts';
import { collapseWhitespace, plainText } from './text.ts';
import { noteSummary } from './description.ts';
import { docTestBlocks, findSqlBlocks, type DocTestBlock } from '../sql/blocks.ts';
import { findPythonBlocks } from '../python/blocks.ts';
import { findLabBlocks, type LabParse } from '../lab/blocks.ts';
import { SCHEMA_VIEW_LANG, TABLE_VIEW_LANG } from '../render/sql-markup.ts';

export interface LinkOccurrence {
  /** Target as written: `Note#Heading`, `folder/file.pdf`, `#Heading`. */
  target: string;
  /** Alias given after `|` (for embeds: size or alt text). */
  alias?: string;
  embed: boolean;
  syntax: 'wiki' | 'markdown';
  /** The link as written in the note (`[[Highlighter\\|evidenziazioni]]`), for diagnostics. */
  written: string;
  line: number;
  column: number;
  /** The sentence or line the link stands in, for backlinks. */
  context: string;
}

export interface NoteFacts {
  headings: HeadingInfo[];
  blocks: BlockInfo[];
  links: LinkOccurrence[];
  tags: TagOccurrence[];
  /** The first paragraph, plain and cut at a word (description.ts). */
  excerpt: string;
  hasMath: boolean;
  hasMermaid: boolean;
  /** Runnable ```sql blocks (so the page loads the SQL runner), and problems in their options. */
  sqlBlocks: number;
  /** Runnable ```python blocks (run only where Python blocks are on: vaultKb({ python: true })). */
  pythonBlocks: number;
  /** The runnable ```sql and ```python blocks, in page order, as `npm run check` runs them. */
  docTests: DocTestBlock[];
  /** A ```sql-schema or ```sql-table view, or a block's `show=`: the page loads the views of relationships and changes. */
  sqlViews: boolean;
  sqlProblems: { line: number; message: string }[];
  /** ```lab blocks, parsed (so the page loads the lab, and the render does not parse them again), and the errors of those that do not parse. */
  labs: LabParse[];
  labProblems: { line: number; message: string }[];
  /** Where the note ran into a parsing limit (limits.ts), and what was shown instead. */
  limitProblems: LimitProblem[];
  /** Wikilinks broken over lines (`[[Note|the\ntext]]`), which Obsidian does not read as links. */
  brokenLinks: { line: number; column: number; written: string }[];
}

const MDX_ONLY = new Set(['mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'mdxJsxFlowElement', 'mdxJsxTextElement']);

/**
 * Parses a note body and applies the structural passes every later phase relies on.
 * MDX-only nodes (imports, JSX, expressions) are dropped: they only mean something to
 * Astro's MDX compiler, which renders `.mdx` pages itself.
 */
export function prepareTree(
  body: string,
  options: { mdx?: boolean } = {},
): { tree: Root; headings: HeadingInfo[]; blocks: BlockInfo[]; source: string; problems: LimitProblem[] } {
  const { tree, source, problems } = parseNote(body, options);
  if (options.mdx) remove(tree, (node) => MDX_ONLY.has(node.type));
  const headings = assignHeadingIds(tree);
  const blocks = assignBlockIds(tree);
  // Positions in the tree point into the parsed text, not the body: passes that map them back need it.
  return { tree, headings, blocks, source, problems };
}

const CONTEXT_BLOCKS = new Set(['paragraph', 'heading', 'tableCell', 'listItem', 'blockquote', 'footnoteDefinition']);
const SCHEME = /^[a-z][a-z0-9+.-]*:|^\/\//i;
const CONTEXT_LENGTH = 200;
/**
 * How far past the previous link of a block the next link's text is looked for: a bounded
 * search keeps a paragraph of 20,000 links linear (the text of a link is usually close to
 * the previous one; where it is not, the context is taken at the previous link instead).
 */
const CONTEXT_SEARCH = 4 * CONTEXT_LENGTH;

export function isExternalUrl(url: string): boolean {
  return SCHEME.test(url);
}

export function decodeUrlPath(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

export function analyzeNote(body: string, options: { mdx?: boolean } = {}): NoteFacts {
  const { tree, headings, blocks, source, problems } = prepareTree(body, options);
  const links: LinkOccurrence[] = [];
  const brokenLinks: NoteFacts['brokenLinks'] = [];
  // One text per block, however many links it holds, and where in it the last link was.
  const blockTexts = new Map<Nodes, { text: string; cursor: number }>();
  let hasMath = false;
  let hasMermaid = false;
  let sqlViews = false;

  visitParents(tree, (node: Nodes, ancestors: Nodes[]) => {
    if (node.type === 'math' || node.type === 'inlineMath') hasMath = true;
    if (node.type === 'code' && node.lang?.toLowerCase() === 'mermaid') hasMermaid = true;
    if (node.type === 'code' && [SCHEMA_VIEW_LANG, TABLE_VIEW_LANG].includes(node.lang?.toLowerCase() ?? '')) sqlViews = true;
    if (node.type === 'text' && node.value.includes('[[')) brokenLinks.push(...linksBrokenOverLines(node, source));
    const link = linkOf(node);
    if (!link) return;
    const position = node.position?.start;
    const end = node.position?.end;
    const block = [...ancestors].reverse().find((a) => CONTEXT_BLOCKS.has(a.type));
    const { text, ...occurrence } = link;
    links.push({
      ...occurrence,
      written: position && end ? source.slice(position.offset, end.offset) : occurrence.target,
      line: position?.line ?? 0,
      column: position?.column ?? 0,
      context: block ? contextIn(blockTexts, block, text) : '',
    });
  });

  const sql = findSqlBlocks(tree);
  const python = findPythonBlocks(tree);
  const labs = findLabBlocks(tree);
  return {
    headings,
    blocks,
    links,
    tags: findInlineTags(tree, source),
    excerpt: noteSummary(tree),
    hasMath,
    hasMermaid,
    sqlBlocks: sql.filter((b) => b.options.runnable).length,
    pythonBlocks: python.filter((b) => b.options.runnable).length,
    docTests: docTestBlocks(sql, python),
    sqlViews: sqlViews || [...sql, ...python].some((b) => b.options.runnable && b.options.show.length > 0),
    sqlProblems: sql.flatMap((b) => b.problems.map((message) => ({ line: b.line, message }))),
    labs: labs.map(({ line, code, scenario, error }) => ({ line, code, ...(scenario ? { scenario } : {}), ...(error ? { error } : {}) })),
    // The error's own line: the diagnostic points at the offending line of the block, not its fence.
    labProblems: labs.flatMap((b) => (b.error ? [{ line: b.error.line, message: b.error.message.replace(/^line \d+: /, '') }] : [])),
    limitProblems: problems,
    brokenLinks,
  };
}

const BROKEN_OVER_LINES = /!?\[\[[^\[\]\n]*\n[^\[\]]*?\]\]/g;

/** `[[…]]` with a line break inside, in a text node (micromark leaves those as text), with its place in the file. */
function linksBrokenOverLines(node: Text, source: string): NoteFacts['brokenLinks'] {
  const start = node.position?.start;
  const end = node.position?.end;
  if (!start || !end || start.offset === undefined || end.offset === undefined) return [];
  const written = source.slice(start.offset, end.offset);
  return [...written.matchAll(BROKEN_OVER_LINES)].map((match) => {
    const before = written.slice(0, match.index);
    const newlines = before.split('\n').length - 1;
    const column = newlines === 0 ? start.column + match.index : match.index - before.lastIndexOf('\n');
    return { line: start.line + newlines, column, written: match[0] };
  });
}

function linkOf(node: Nodes): (Omit<LinkOccurrence, 'line' | 'column' | 'context' | 'written'> & { text: string }) | undefined {
  if (node.type === 'wikiLink') {
    const n = node as unknown as { value: string; data: { alias?: string; embed?: boolean } };
    const alias = n.data.alias && n.data.alias !== n.value ? n.data.alias : undefined;
    return { target: n.value, alias, embed: n.data.embed === true, syntax: 'wiki', text: alias ?? n.value };
  }
  if ((node.type === 'link' || node.type === 'image') && node.url && !isExternalUrl(node.url)) {
    const text = node.type === 'image' ? node.alt ?? '' : plainText(node);
    return { target: decodeUrlPath(node.url), embed: node.type === 'image', syntax: 'markdown', text };
  }
  return undefined;
}

/**
 * A window of the block's text around the link, so long paragraphs still show the part that
 * matters. Links are met in document order, so each is looked for after the previous one.
 */
function contextIn(blockTexts: Map<Nodes, { text: string; cursor: number }>, block: Nodes, linkText: string): string {
  let entry = blockTexts.get(block);
  if (!entry) {
    entry = { text: collapseWhitespace(plainText(block)), cursor: 0 };
    blockTexts.set(block, entry);
  }
  const { text } = entry;
  if (text.length <= CONTEXT_LENGTH) return text;
  const found = text.slice(entry.cursor, entry.cursor + CONTEXT_SEARCH + linkText.length).indexOf(linkText);
  const at = found === -1 ? entry.cursor : entry.cursor + found;
  if (found !== -1) entry.cursor = at + linkText.length;
  const start = Math.max(0, Math.min(at - CONTEXT_LENGTH / 2, text.length - CONTEXT_LENGTH));
  const slice = text.slice(start, start + CONTEXT_LENGTH);
  return `${start > 0 ? '…' : ''}${slice}${start + CONTEXT_LENGTH < text.length ? '…' : ''}`;
}

/**
 * The Markdown dialect of an Obsidian vault, as one unified parser: CommonMark + GFM
 * (tables, task lists, footnotes, strikethrough, autolinks), `$math$`, `[[wikilinks]]`
 * and `![[embeds]]`, `> [!callouts]` and `==highlights==`.
 */
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkWikiLink from 'remark-wiki-link';
import remarkCallout from '@r4ai/remark-callout';
import remarkFlexibleMarkers from 'remark-flexible-markers';
import remarkMdx from 'remark-mdx';
import { unified, type PluggableList, type Processor } from 'unified';
import { embedFromMarkdown, embedSyntax } from './embed-syntax.ts';
import { calloutMarkerSpaces } from './callout-marker.ts';
import { stripComments } from './comments.ts';
import { boundText, fileLine, type BoundedText, type LimitProblem } from './bounds.ts';
import { visit } from 'unist-util-visit';

const ALIAS_DIVIDER = '|';

function remarkEmbeds(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(embedSyntax({ aliasDivider: ALIAS_DIVIDER }));
  (data.fromMarkdownExtensions ??= []).push(embedFromMarkdown);
}

/**
 * The vault's additions to Markdown, on top of CommonMark + GFM. Syntax only: they shape
 * the tree and resolve nothing. Astro's MDX pipeline runs the same list.
 */
export const vaultSyntaxPlugins: PluggableList = [
  remarkMath,
  [remarkWikiLink, { aliasDivider: ALIAS_DIVIDER }],
  remarkEmbeds,
  calloutMarkerSpaces,
  // The title's text and markup in one inline box, so the title wraps as text (no flex columns).
  [remarkCallout, { titleInner: () => ({ tagName: 'span', properties: { className: ['callout-title-inner'] } }) }],
  remarkFlexibleMarkers,
];

export function createParser(options: { mdx?: boolean } = {}) {
  return unified()
    .use(remarkParse)
    .use(options.mdx ? [remarkMdx] : [])
    .use(remarkGfm)
    .use(vaultSyntaxPlugins);
}

const markdownParser = createParser();
const mdxParser = createParser({ mdx: true });

/**
 * Parses a note body (frontmatter already blanked) into mdast with file positions, with the
 * text the positions are offsets into and the parsing limits it ran into.
 * `.mdx` notes are read with MDX syntax so their imports and JSX are not taken for text.
 */
export function parseNote(body: string, options: { mdx?: boolean } = {}): { tree: Root; source: string; problems: LimitProblem[] } {
  const parser = options.mdx ? mdxParser : markdownParser;
  const { text, problems, addedLines } = parsedText(body, options);
  const tree = parser.runSync(parser.parse(text)) as Root;
  if (addedLines.length > 0) {
    visit(tree, (node) => {
      if (!node.position) return;
      node.position.start.line = fileLine(addedLines, node.position.start.line);
      node.position.end.line = fileLine(addedLines, node.position.end.line);
    });
  }
  return { tree, source: text, problems };
}

/** The tree alone (see parseNote). */
export function parseMarkdown(body: string, options: { mdx?: boolean } = {}): Root {
  return parseNote(body, options).tree;
}

/**
 * The text a note's tree is parsed from, which its positions are offsets into: `.md` notes
 * kept within the parsing limits (bounds.ts: LF line endings, nesting and markers capped)
 * and without their comments (same line count, shorter lines), `.mdx` notes as they are
 * (Astro's MDX compiler parses those pages itself). `problems` are the limits it applied.
 */
export function parsedText(body: string, options: { mdx?: boolean } = {}): BoundedText {
  if (options.mdx) return { text: body, problems: [], addedLines: [] };
  const bounded = boundText(body);
  return { ...bounded, text: stripComments(bounded.text) };
}

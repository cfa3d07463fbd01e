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
import { stripComments } from './comments.ts';

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
  remarkCallout,
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
 * Parses a note body (frontmatter already blanked) into mdast with file positions.
 * `.mdx` notes are read with MDX syntax so their imports and JSX are not taken for text.
 */
export function parseMarkdown(body: string, options: { mdx?: boolean } = {}): Root {
  const parser = options.mdx ? mdxParser : markdownParser;
  const tree = parser.parse(parsedText(body, options));
  return parser.runSync(tree) as Root;
}

/**
 * The text a note's tree is parsed from, which its positions are offsets into: `.md` notes
 * without their comments (same line count, shorter lines), `.mdx` notes as they are.
 */
export function parsedText(body: string, options: { mdx?: boolean } = {}): string {
  return options.mdx ? body : stripComments(body);
}

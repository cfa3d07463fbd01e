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
import { unified, type Processor } from 'unified';
import { embedFromMarkdown, embedSyntax } from './embed-syntax.ts';
import { stripComments } from './comments.ts';

const ALIAS_DIVIDER = '|';

function remarkEmbeds(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(embedSyntax({ aliasDivider: ALIAS_DIVIDER }));
  (data.fromMarkdownExtensions ??= []).push(embedFromMarkdown);
}

/** Syntax-level plugins only: they shape the tree, they do not resolve anything. */
export function createParser() {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkWikiLink, { aliasDivider: ALIAS_DIVIDER })
    .use(remarkEmbeds)
    .use(remarkCallout)
    .use(remarkFlexibleMarkers);
}

const sharedParser = createParser();

/** Parses a note body (frontmatter already blanked) into mdast with file positions. */
export function parseMarkdown(body: string): Root {
  const tree = sharedParser.parse(stripComments(body));
  return sharedParser.runSync(tree) as Root;
}

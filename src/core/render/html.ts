/**
 * mdast → HTML: GFM, footnotes, math (KaTeX), callouts, and code highlighted by Shiki at
 * build time. A language Shiki does not know falls back to plain text instead of failing
 * the page.
 *
 * Shiki runs with its CSS-variables theme: each block is tokenized once and the colours
 * are `var(--shiki-token-…)`, which the stylesheet sets for the light and the dark theme
 * (two named themes would tokenize every block twice). Its JavaScript regex engine is a
 * quarter faster than the Oniguruma WebAssembly one here (docs/benchmarks.md).
 *
 * A note's raw HTML is parsed (hast-util-raw) and the whole tree sanitised (sanitise.ts) once,
 * right after mdast becomes hast: by then links, embeds (expanded in mdast), media, callouts
 * and the SQL and lab markup are all in the tree, so everything a note can bring in passes
 * the sanitiser, and the schema allows the site's own markup from those stages. KaTeX,
 * Shiki, callout kinds, task labels and external-link marks come after it, from trusted
 * code that escapes what it is given: KaTeX's MathML and Shiki's spans need no allow-list,
 * and are not walked twice.
 */
import type { Root as MdastRoot } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import { raw } from 'hast-util-raw';
import { VFile } from 'vfile';
import rehypeStringify from 'rehype-stringify';
import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import { createCssVariablesTheme, createHighlighter, createJavaScriptRegexEngine, type Highlighter, type ShikiTransformer } from 'shiki';
import { unified, type PluggableList } from 'unified';
import { EXIT, visit } from 'unist-util-visit';
import { normaliseCallouts } from './callouts.ts';
import { rehypeCodeHeaders, type CodeLabels } from './code-header.ts';
import { labelTaskCheckboxes } from './task-lists.ts';
import { findUnsafeHtml, sanitiseElementsInPlace, sanitiseTree, type UnsafeHtml } from './sanitise.ts';

const THEME = createCssVariablesTheme({ name: 'vault', variablePrefix: '--shiki-', fontStyle: true });

let highlighter: Promise<Highlighter> | undefined;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: [THEME],
    langs: [],
    // Forgiving: a grammar rule this engine cannot compile is skipped, not fatal.
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  return highlighter;
}

/** Identical code blocks (embedded notes, repeated snippets) are highlighted once. */
const highlightCache = new Map<string, HastRoot>();
const MAX_CACHE = 2000;
const boundedCache = {
  get: (key: string) => highlightCache.get(key),
  set(key: string, value: HastRoot) {
    if (highlightCache.size >= MAX_CACHE) highlightCache.delete(highlightCache.keys().next().value!);
    highlightCache.set(key, value);
    return this;
  },
};

/** External links open as normal links but never leak the reader's page to the target. */
function rehypeExternalLinks() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      const href = node.tagName === 'a' ? node.properties.href : undefined;
      if (typeof href === 'string' && /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href) && !href.startsWith('mailto:')) {
        node.properties.rel = ['noopener', 'noreferrer'];
        node.properties.className = [...((node.properties.className as string[]) ?? []), 'external'];
      }
    });
  };
}

/** Marks each block with its language, for its header (code-header.ts). */
const languageMark: ShikiTransformer = {
  pre(node) {
    node.properties.dataLanguage = this.options.lang;
  },
};

const SHIKI_OPTIONS = {
  theme: THEME.name!,
  lazy: true,
  defaultLanguage: 'text',
  fallbackLanguage: 'text',
  cache: boundedCache,
  transformers: [languageMark],
  // Shiki gives up on a line after 500 ms by default and leaves the rest of it plain. On a
  // loaded machine an ordinary line can take that long (its grammar's patterns compile on
  // first use), so the same note came out highlighted differently from build to build, and
  // the render cache kept whichever came first. The bound that keeps a hostile line from
  // stalling the build is its length instead, which gives the same output every time.
  tokenizeTimeLimit: 10_000,
  tokenizeMaxLineLength: 2_000,
};

/** Shiki as a rehype plugin whose highlighter is created on first use and then shared. */
function rehypeShiki() {
  let transform: ((tree: HastRoot) => Promise<void> | void) | undefined;
  return async (tree: HastRoot) => {
    transform ??= rehypeShikiFromHighlighter(await getHighlighter(), SHIKI_OPTIONS) as (tree: HastRoot) => Promise<void> | void;
    await transform(tree);
  };
}

/**
 * A note's raw HTML parsed into elements (hast-util-raw). Only trees that have some: the
 * parse re-serialises every node of the tree, which is work, and rewrites attributes that
 * are already correct (`data-x` becomes `data-x=""`).
 */
function rehypeRawWhereNeeded() {
  return (tree: HastRoot, file: VFile) => {
    let found = false;
    visit(tree, 'raw', () => {
      found = true;
      return EXIT;
    });
    return found ? (raw(tree, { file }) as HastRoot) : tree;
  };
}

/** Reports what it removes in `file.data.unsafeHtml`, then hands on the sanitised tree. */
function rehypeSanitiseNote() {
  return (tree: HastRoot, file: VFile) => {
    file.data.unsafeHtml = findUnsafeHtml(tree);
    return sanitiseTree(tree);
  };
}

/** MDX keeps its components (trusted code); the HTML elements of its Markdown get the same rules. */
function rehypeSanitiseMdxElements() {
  return (tree: HastRoot) => sanitiseElementsInPlace(tree);
}

/** The trusted HTML-side transforms, run on the sanitised tree. */
const trustedPlugins: PluggableList = [rehypeKatex, normaliseCallouts, labelTaskCheckboxes, rehypeExternalLinks, rehypeShiki, rehypeCodeHeaders];

/** The HTML-side transforms of an `.mdx` note, in Astro's MDX pipeline. */
export const rehypeMdxPlugins: PluggableList = [rehypeSanitiseMdxElements, ...trustedPlugins];

function processorWith(plugins: PluggableList) {
  return unified()
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRawWhereNeeded)
    .use(rehypeSanitiseNote)
    .use(plugins)
    .use(rehypeStringify);
}

const withMath = processorWith(trustedPlugins);
/** Most notes have no math: KaTeX's walk over the whole tree is skipped for them. */
const withoutMath = processorWith(trustedPlugins.filter((p) => p !== rehypeKatex));

export interface NoteHtml {
  html: string;
  /** What the sanitiser removed from the note's own content (not from notes it embeds). */
  unsafe: UnsafeHtml[];
}

/** `codeLabels`: the words of code blocks' headers; without them, blocks get no header. */
export async function toHtml(tree: MdastRoot, options: { math?: boolean; codeLabels?: CodeLabels } = { math: true }): Promise<NoteHtml> {
  const processor = options.math ? withMath : withoutMath;
  const file = new VFile();
  file.data.codeLabels = options.codeLabels;
  const hast = await processor.run(tree as never, file);
  return { html: processor.stringify(hast as never), unsafe: (file.data.unsafeHtml as UnsafeHtml[] | undefined) ?? [] };
}

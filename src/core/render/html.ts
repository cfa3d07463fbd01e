/**
 * mdast → HTML: GFM, footnotes, math (KaTeX), callouts, and code highlighted by Shiki at
 * build time. A language Shiki does not know falls back to plain text instead of failing
 * the page.
 *
 * Shiki runs with its CSS-variables theme: each block is tokenized once and the colours
 * are `var(--shiki-token-…)`, which the stylesheet sets for the light and the dark theme
 * (two named themes would tokenize every block twice). Its JavaScript regex engine is a
 * quarter faster than the Oniguruma WebAssembly one here (docs/benchmarks.md).
 */
import type { Root as MdastRoot } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import { createCssVariablesTheme, createHighlighter, createJavaScriptRegexEngine, type Highlighter } from 'shiki';
import { unified, type PluggableList } from 'unified';
import { visit } from 'unist-util-visit';
import { normaliseCallouts } from './callouts.ts';
import { labelTaskCheckboxes } from './task-lists.ts';

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

const SHIKI_OPTIONS = {
  theme: THEME.name!,
  lazy: true,
  defaultLanguage: 'text',
  fallbackLanguage: 'text',
  cache: boundedCache,
} as const;

/** Shiki as a rehype plugin whose highlighter is created on first use and then shared. */
function rehypeShiki() {
  let transform: ((tree: HastRoot) => Promise<void> | void) | undefined;
  return async (tree: HastRoot) => {
    transform ??= rehypeShikiFromHighlighter(await getHighlighter(), SHIKI_OPTIONS) as (tree: HastRoot) => Promise<void> | void;
    await transform(tree);
  };
}

/** The HTML-side transforms of a note; Astro's MDX pipeline runs the same list. */
export const rehypeVaultPlugins: PluggableList = [rehypeKatex, normaliseCallouts, labelTaskCheckboxes, rehypeExternalLinks, rehypeShiki];

function processorWith(plugins: PluggableList) {
  return unified().use(remarkRehype, { allowDangerousHtml: true }).use(plugins).use(rehypeStringify, { allowDangerousHtml: true });
}

const withMath = processorWith(rehypeVaultPlugins);
/** Most notes have no math: KaTeX's walk over the whole tree is skipped for them. */
const withoutMath = processorWith(rehypeVaultPlugins.filter((p) => p !== rehypeKatex));

export async function toHtml(tree: MdastRoot, options: { math?: boolean } = { math: true }): Promise<string> {
  const processor = options.math ? withMath : withoutMath;
  const hast = await processor.run(tree as never);
  return processor.stringify(hast as never);
}

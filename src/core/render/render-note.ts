/**
 * Phase two of a build: one note to HTML. Wikilinks, Markdown links and images become
 * links to the resolved pages and files (or visibly unresolved text), tags link to their
 * pages, and embeds are drawn in place: files as media, notes (whole, a section or a
 * block) transcluded, depth-limited and cycle-safe.
 */
import type { FootnoteDefinition, Heading, Image, Link, List, ListItem, Nodes, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { newlineToBreak } from 'mdast-util-newline-to-break';
import { customTaskMarks } from '../markdown/task-marks.ts';
import { inlineFootnotes } from '../markdown/inline-footnotes.ts';
import { prepareTree, isExternalUrl, decodeUrlPath } from '../markdown/analyze.ts';
import { assignBlockIds, blockIdOf } from '../markdown/block-ids.ts';
import { assignHeadingIds, findHeading, type HeadingInfo } from '../markdown/headings.ts';
import { findInlineTags } from '../markdown/inline-tags.ts';
import { collapseWhitespace, plainText } from '../markdown/text.ts';
import { defaultLinkText, parseEmbedSize, type WikiTarget } from '../links/wiki-target.ts';
import type { LinkIndex } from '../links/link-index.ts';
import type { Note, VaultItem } from '../site/model.ts';
import { hrefOf, resolveLink, type ResolvedLink } from '../site/resolve-link.ts';
import { tagKey } from '../site/tag-pages.ts';
import { toHtml } from './html.ts';
import { homeCards } from './home-cards.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { renderLabels, type RenderLabels } from './labels.ts';
import { fill, pageLanguage } from '../i18n/strings.ts';
import { markLabBlocks } from './lab-markup.ts';
import { markSqlBlocks, unmarkSqlBlocks } from './sql-markup.ts';
import { mediaKind } from './media.ts';

export interface RenderContext {
  index: LinkIndex<VaultItem>;
  /** The page's labels: its note's language when translated, else the site's (renderNote sets them per page). */
  labels: RenderLabels;
  /** The site's language, for notes in a language the string table does not have. */
  siteLang: string;
  tagUrl: (name: string) => string;
  /** Text of a note with its frontmatter blanked (see splitFrontmatter). */
  bodyOf: (note: Note) => string;
  /** CommonMark's line breaks (a single newline joins lines) instead of Obsidian's default (it breaks the line). */
  strictLineBreaks: boolean;
}

export interface TocEntry {
  depth: number;
  text: string;
  id: string;
}

export interface RenderedNote {
  html: string;
  toc: TocEntry[];
  /** Id of the note's opening `# Title` heading, left out of the HTML: the page's title carries it. */
  titleId?: string;
  /** What the sanitiser removed from this note's own content (`unsafe-html`). */
  diagnostics: Diagnostic[];
}

const MAX_EMBED_DEPTH = 4;
/** Bounds the work a page full of embeds of embeds can cause. */
const MAX_EMBEDS_PER_PAGE = 100;

type Element = { type: string; data?: Record<string, unknown>; children?: unknown[]; value?: string };

function node(hName: string, className: string[], children: unknown[], props: Record<string, unknown> = {}): Element {
  return { type: 'vaultNode', data: { hName, hProperties: { className, ...props } }, children };
}

const text = (value: string) => ({ type: 'text', value });

export async function renderNote(note: Note, siteCtx: RenderContext): Promise<RenderedNote> {
  // One language per page: what the renderer writes (placeholders, captions) speaks the page's.
  const ctx = { ...siteCtx, labels: renderLabels(pageLanguage(note.lang, siteCtx.siteLang)) };
  const memo = new Map<string, TransformedNote>();
  // The page expands embeds in the memoised tree itself (no copy): an embed of this same
  // note slices and copies it, and a second expansion of an expanded tree is a no-op.
  const { tree, headings, found } = transformed(note, ctx, memo, note.slug === '');
  const titleHeading = dropTitleHeading(tree, note.title);
  if (found.embeds) expandEmbeds(tree, ctx, memo, [note.path], { left: MAX_EMBEDS_PER_PAGE });
  // Embedded notes may bring math along, so only a page without any embed skips KaTeX.
  const { html, unsafe } = await toHtml(tree, { math: found.math || found.embeds > 0, codeLabels: ctx.labels.code });
  const diagnostics = unsafe.map(({ line, column, message }): Diagnostic => ({
    file: note.path, line, column, severity: 'warning', code: 'unsafe-html', message,
  }));
  return titleHeading
    ? { html, toc: tocOf(headings.slice(1)), titleId: headings[0].id, diagnostics }
    : { html, toc: tocOf(headings), diagnostics };
}

/**
 * Many notes open with `# Their title`; the page already shows the title as its heading, so
 * that first heading is not repeated. Says whether it removed one.
 */
function dropTitleHeading(tree: Root, title: string): boolean {
  const first = tree.children[0];
  if (first?.type !== 'heading' || first.depth !== 1 || collapseWhitespace(plainText(first)) !== title) return false;
  tree.children.shift();
  return true;
}

export function tocOf(headings: readonly HeadingInfo[]): TocEntry[] {
  return headings.filter((h) => h.depth <= 4).map(({ depth, text: t, id }) => ({ depth, text: t, id }));
}

/**
 * The same transforms for a tree someone else parsed (Astro's MDX compiler): heading and
 * block ids, tags, links and embeds, so `.mdx` notes behave like `.md` ones.
 */
export function transformParsedTree(tree: Root, note: Note, source: string, siteCtx: RenderContext): void {
  const ctx = { ...siteCtx, labels: renderLabels(pageLanguage(note.lang, siteCtx.siteLang)) };
  assignHeadingIds(tree);
  assignBlockIds(tree);
  obsidianSyntax(tree);
  linkTree(tree, note, source, ctx);
  if (!ctx.strictLineBreaks) newlineToBreak(tree);
  markSqlBlocks(tree, ctx.labels);
  markLabBlocks(tree, ctx.labels, note.facts.labs);
  expandEmbeds(tree, ctx, new Map(), [note.path], { left: MAX_EMBEDS_PER_PAGE });
}

/** Obsidian syntax micromark does not parse, found in the tree: custom task marks, inline footnotes. */
function obsidianSyntax(tree: Root): void {
  customTaskMarks(tree);
  inlineFootnotes(tree);
}

interface TransformedNote {
  tree: Root;
  headings: HeadingInfo[];
  /** What the linking pass saw, so later passes over the whole tree can be skipped. */
  found: { embeds: number; math: boolean };
}

/** A note embed waiting to be expanded; holds plain data only, so trees can be cloned cheaply. */
interface EmbedPlaceholder {
  type: 'vaultEmbed';
  data: { path: string; target: WikiTarget; label: string; href: string; title: string; slug: string };
}

/** A note parsed and linked once per page render, however often it is embedded. */
function transformed(note: Note, ctx: RenderContext, memo: Map<string, TransformedNote>, home = false): TransformedNote {
  let result = memo.get(note.path);
  if (!result) {
    result = transformNote(note, ctx, home);
    memo.set(note.path, result);
  }
  return result;
}

/** `home`: the page is the home note, whose lists of links become cards (home-cards.ts). */
function transformNote(note: Note, ctx: RenderContext, home: boolean): TransformedNote {
  const body = ctx.bodyOf(note);
  const { tree, headings, source } = prepareTree(body, { mdx: note.isMdx });
  obsidianSyntax(tree);
  if (home) homeCards(tree, note, ctx.index);
  const found = linkTree(tree, note, source, ctx);
  // Obsidian's default: a single newline inside a paragraph is a line break.
  if (!ctx.strictLineBreaks) newlineToBreak(tree);
  markSqlBlocks(tree, ctx.labels);
  markLabBlocks(tree, ctx.labels, note.facts.labs);
  return { tree, headings, found };
}

/** Tags become tag links; wikilinks, Markdown links and images point at what they resolve to. */
function linkTree(tree: Root, note: Note, source: string, ctx: RenderContext): TransformedNote['found'] {
  const found = { embeds: 0, math: false };
  // Tags past the note's limit (limits.ts) have no page: they stay text.
  const kept = new Set(note.tags.map(tagKey));
  findInlineTags(tree, source, (name) => !kept.has(tagKey(name)) ? { type: 'text', value: `#${name}` } : ({
    type: 'link',
    url: ctx.tagUrl(name),
    children: [{ type: 'text', value: `#${name}` }],
    data: { hProperties: { className: ['tag'] } },
  }));
  visit(tree, (current: Nodes, index, parent: Parent | undefined) => {
    if (!parent || index === undefined) return;
    if (current.type === 'math' || current.type === 'inlineMath') found.math = true;
    if (current.type === 'code' && current.lang?.toLowerCase() === 'mermaid') {
      // As hast (hChildren): an mdast text node would lose each line's indentation.
      const mermaid = node('pre', ['mermaid'], []);
      mermaid.data!.hChildren = [text(current.value)];
      parent.children[index] = mermaid as never;
      return SKIP;
    }
    let replacement: Element | EmbedPlaceholder | undefined;
    if (current.type === ('wikiLink' as string)) {
      const wiki = current as unknown as { value: string; data: { alias?: string; embed?: boolean } };
      const alias = wiki.data.alias !== wiki.value ? wiki.data.alias : undefined;
      const resolved = resolveLink(ctx.index, note, wiki.value);
      replacement = wiki.data.embed
        ? embedNode(resolved, alias, note, ctx.labels)
        : linkNode(resolved, alias ?? defaultLinkText(resolved.target), note, ctx.labels);
    } else if ((current.type === 'link' || current.type === 'image') && current.url && !isExternalUrl(current.url) && !isTagLink(current)) {
      replacement = markdownLinkNode(current, note, ctx);
    } else if (current.type === 'image') {
      sizeExternalImage(current);
    }
    if (!replacement) return;
    if (replacement.type === 'vaultEmbed') found.embeds++;
    parent.children[index] = replacement as never;
    return SKIP;
  });
  return found;
}

/** Replaces note-embed placeholders with the content they name, recursively, within limits. */
function expandEmbeds(root: Parent, ctx: RenderContext, memo: Map<string, TransformedNote>, stack: string[], budget: { left: number }): void {
  visit(root, 'vaultEmbed' as never, (current: EmbedPlaceholder, index: number | undefined, parent: Parent | undefined) => {
    if (!parent || index === undefined) return;
    const { path, target, label, href, title, slug } = current.data;
    const key = target.subpath ? `${path}#${JSON.stringify(target.subpath)}` : path;
    const note = ctx.index.get(path);
    let replacement: Element;
    if (!note?.isNote || stack.includes(key) || stack.length > MAX_EMBED_DEPTH || budget.left <= 0) {
      replacement = node('a', ['internal', 'embed-stopped'], [text(label)], {
        href, title: ctx.labels.embedNotExpanded,
      });
    } else {
      budget.left--;
      const source = transformed(note, ctx, memo);
      const content = { type: 'root', children: structuredClone(sliceContent(source.tree, source.headings, target)) } as Root;
      expandEmbeds(content, ctx, memo, [...stack, key], budget);
      stripIds(content.children);
      markFootnotesAsEmbedded(content.children, path);
      unmarkSqlBlocks(content.children);
      rebaseFragmentLinks(content.children, note.url);
      const heading = node('div', ['embed-title'], [node('a', ['internal'], [text(title)], { href, dataSlug: slug })]);
      replacement = node('div', ['embed', 'embed-note'], [heading, node('div', ['embed-content'], content.children)], { dataEmbedSrc: path });
      if (parent.type === 'paragraph') {
        // A transcluded note is block content; its paragraph becomes a div so the HTML stays valid.
        parent.data = { ...parent.data, hName: 'div', hProperties: { className: ['embed-line'] } };
      }
    }
    parent.children[index] = replacement as never;
    return SKIP;
  });
}

function isTagLink(node: Link | Image): boolean {
  return ((node.data as { hProperties?: { className?: string[] } } | undefined)?.hProperties?.className ?? []).includes('tag');
}

function linkNode(resolved: ResolvedLink, label: string, source: Note, labels: RenderLabels): Element {
  const { resolution } = resolved;
  if (resolution.status === 'missing') {
    return node('span', ['unresolved'], [text(label)], { title: fill(labels.doesNotExist, { name: resolved.target.path }) });
  }
  const sameNote = resolution.file === source && resolved.target.path === '';
  const href = sameNote ? (resolved.anchor ? `#${encodeURIComponent(resolved.anchor)}` : '#') : hrefOf(resolved)!;
  const classes = ['internal', ...(resolution.file.isNote ? [] : ['file'])];
  return node('a', classes, [text(label)], { href, ...(resolution.file.isNote ? { dataSlug: resolution.file.slug } : {}) });
}

function markdownLinkNode(link: Link | Image, source: Note, ctx: RenderContext): Element | EmbedPlaceholder {
  const resolved = resolveLink(ctx.index, source, decodeUrlPath(link.url));
  if (link.type === 'image') return embedNode(resolved, link.alt ?? undefined, source, ctx.labels);
  return withChildren(linkNode(resolved, '', source, ctx.labels), link.children);
}

/** Obsidian's size syntax on a web image: `![250](url)`, `![alt|100x145](url)`. */
function sizeExternalImage(image: Image): void {
  const { width, height, alt } = parseEmbedSize(image.alt ?? undefined);
  if (!width) return;
  image.alt = alt ?? '';
  image.data = { ...image.data, hProperties: { ...image.data?.hProperties, width, ...(height ? { height } : {}) } };
}

function withChildren(element: Element, children: PhrasingContent[]): Element {
  return { ...element, children };
}

function embedNode(resolved: ResolvedLink, alias: string | undefined, source: Note, labels: RenderLabels): Element | EmbedPlaceholder {
  const { resolution, target } = resolved;
  const name = target.path || source.title;
  if (resolution.status === 'missing') {
    return node('span', ['embed-missing'], [text(fill(labels.missingEmbed, { name }))], { role: 'note', title: fill(labels.notInVault, { name }) });
  }
  const file = resolution.file;
  if (!file.isNote) return mediaNode(file.url, file.path, alias, target);
  return {
    type: 'vaultEmbed',
    data: { path: file.path, target, label: alias ?? defaultLinkText(target), href: hrefOf(resolved)!, title: file.title, slug: file.slug },
  };
}

function mediaNode(url: string, filePath: string, alias: string | undefined, target: WikiTarget): Element {
  const { width, height, alt } = parseEmbedSize(alias);
  const size = { ...(width ? { width } : {}), ...(height ? { height } : {}) };
  const name = filePath.split('/').pop()!;
  switch (mediaKind(filePath)) {
    case 'image':
      return node('img', ['embed-image'], [], { src: url, alt: alt ?? name, loading: 'lazy', ...size });
    case 'audio':
      return node('audio', ['embed-audio'], [], { src: url, controls: true, preload: 'metadata', title: name });
    case 'video':
      return node('video', ['embed-video'], [], { src: url, controls: true, preload: 'metadata', title: name, ...size });
    case 'pdf': {
      const page = target.subpath?.kind === 'heading' ? `#${target.subpath.parts.join('&')}` : '';
      return node('iframe', ['embed-pdf'], [], { src: `${url}${page}`, title: name, loading: 'lazy', ...size });
    }
    default:
      return node('a', ['internal', 'file'], [text(alt ?? name)], { href: url });
  }
}

/** The part of a note an embed asks for: all of it, a heading's section, or one block. */
function sliceContent(tree: Root, headings: HeadingInfo[], target: WikiTarget): RootContent[] {
  const sub = target.subpath;
  if (!sub) return tree.children;
  if (sub.kind === 'heading') {
    const heading = findHeading(headings, sub.parts);
    if (!heading) return tree.children;
    const start = tree.children.findIndex((c) => c.type === 'heading' && (c.data?.hProperties as { id?: string })?.id === heading.id);
    if (start === -1) return tree.children;
    let end = start + 1;
    while (end < tree.children.length && !(tree.children[end].type === 'heading' && (tree.children[end] as Heading).depth <= heading.depth)) end++;
    return tree.children.slice(start, end);
  }
  let found: RootContent | undefined;
  visit(tree, (n: Nodes) => {
    if (!found && blockIdOf(n) === sub.id) found = n as RootContent;
  });
  if (!found) return tree.children;
  if (found.type === 'listItem') return [{ type: 'list', ordered: false, spread: false, children: [found as ListItem] } as List];
  return [found];
}

/** `[[#Heading]]` in transcluded text means the heading on the note it came from, not on this page. */
function rebaseFragmentLinks(nodes: RootContent[], url: string): void {
  for (const n of nodes) {
    visit(n as Nodes, (child: Nodes) => {
      const props = child.data?.hProperties as Record<string, unknown> | undefined;
      if (typeof props?.href === 'string' && props.href.startsWith('#')) props.href = `${url}${props.href}`;
    });
  }
}

/**
 * remark-rehype gathers footnotes at the end of the page, outside the embed they came from;
 * their content is wrapped in a `div` that says where it came from, as the embed does
 * (`data-embed-src`), so that what the sanitiser removes there is reported at the embedded
 * note, not at this one.
 */
function markFootnotesAsEmbedded(nodes: RootContent[], path: string): void {
  for (const n of nodes) {
    visit(n as Nodes, 'footnoteDefinition', (definition: FootnoteDefinition) => {
      definition.children = [node('div', ['embed-footnote'], definition.children, { dataEmbedSrc: path }) as never];
      return SKIP;
    });
  }
}

/** Transcluded headings and blocks must not repeat ids the embedding page already has. */
function stripIds(nodes: RootContent[]): void {
  for (const n of nodes) {
    visit(n as Nodes, (child: Nodes) => {
      const props = child.data?.hProperties as Record<string, unknown> | undefined;
      if (props?.id) delete props.id;
    });
  }
}

/**
 * Note HTML is data: what a note's raw HTML and Markdown links may put on the page, close
 * to what Obsidian allows (formatting, tables, details, kbd, sup/sub, mark, images, audio,
 * video, iframes from known embed hosts, class and style), enforced by hast-util-sanitize.
 * Nothing that runs script survives: no `<script>`, no `on*` attribute, no `srcdoc`, no
 * `javascript:`/`vbscript:`/`data:` URL (but `data:` images), no `<base>`, `<meta>`,
 * `<link>`, `<form>`, `<object>`, `<embed>` or `<style>`.
 *
 * Everything removed is also reported, at its place in the note, by asking the sanitiser
 * itself about each element (so the report and the removal cannot disagree).
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { find, html } from 'property-information';

type PropertyDefinition = NonNullable<Schema['attributes']>[string][number];

/** Hosts whose players a note may embed with `<iframe>`, as Obsidian users paste them. */
export const EMBED_HOSTS = [
  'www.youtube.com', 'youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com', 'open.spotify.com',
  'w.soundcloud.com', 'codepen.io', 'www.loom.com', 'www.figma.com', 'docs.google.com', 'www.google.com',
  'calendar.google.com', 'embed.music.apple.com', 'player.twitch.tv', 'www.openstreetmap.org', 'gist.github.com',
  'fast.wistia.net', 'fast.wistia.com',
];
const hostPattern = EMBED_HOSTS.map((h) => h.replaceAll('.', '\\.')).join('|');
/** An allowed player, or one of the site's own PDFs (a root-relative path, as embeds are made). */
const IFRAME_SRC = new RegExp(`^(?:https://(?:${hostPattern})/|/(?!/)[^?#]*\\.pdf(?:[?#]|$))`, 'i');
/** Media and links may be relative or http(s) (the protocol check does that), never `data:`. */
const NOT_DATA = /^(?!\s*data:)/i;
const IMAGE_SRC = [NOT_DATA, /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp);/i];
/**
 * Inline CSS cannot run script in today's browsers, but `url()` fetches from anywhere and
 * `position: fixed` lets a note draw over the site's own interface.
 */
const SAFE_STYLE = /^(?![\s\S]*(?:url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|position\s*:\s*(?:fixed|sticky)))/i;

const mediaAttributes: PropertyDefinition[] = ['controls', 'loop', 'muted', 'preload', 'poster', 'autoPlay', 'playsInline', ['src', NOT_DATA]];

/**
 * GitHub's schema (hast-util-sanitize's default) widened to what Obsidian renders. Ids are
 * not prefixed (`clobber: []`): heading ids, block ids and footnote ids are the targets of
 * the site's links, and remark-rehype already prefixes footnote ids itself. `ancestors` is
 * left out: a stray `<td>` is harmless, and without it each element can be judged alone.
 */
const isClassName = (d: PropertyDefinition) => (typeof d === 'string' ? d : d[0]) === 'className';
/** GitHub's per-tag attributes, without their narrow `class` lists: notes may use any class. */
const defaultAttributes = Object.fromEntries(
  Object.entries(defaultSchema.attributes!).map(([tag, list]) => [tag, list.filter((d) => !isClassName(d))]),
);

export const noteHtmlSchema: Schema = {
  ...defaultSchema,
  ancestors: {},
  clobber: [],
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'select'],
  // `obsidian:` links open a note in the reader's Obsidian app (Obsidian's own help uses them).
  protocols: { ...defaultSchema.protocols, href: [...(defaultSchema.protocols!.href ?? []), 'obsidian', 'tel'], src: ['http', 'https', 'data'], poster: ['http', 'https'] },
  tagNames: [
    ...defaultSchema.tagNames!,
    'mark', 'u', 'small', 'abbr', 'cite', 'dfn', 'figure', 'figcaption', 'caption', 'col', 'colgroup',
    'audio', 'video', 'track', 'iframe', 'label', 'center', 'font', 'wbr', 'aside', 'article', 'header',
    'footer', 'nav', 'main', 'time', 'data', 'bdi', 'bdo', 'address', 'hgroup', 'meter', 'progress',
  ],
  attributes: {
    ...defaultAttributes,
    // The site's own markup carries its data in data-* attributes (SQL blocks, labs, embeds,
    // callouts, links' slugs); in a note's HTML they are inert.
    // No `name`: `<img name="querySelector">` would replace `document.querySelector` for the
    // site's scripts. No colon in an `id`: the site's own ids are `kb:…`, so a note cannot
    // take one over (heading, block and footnote ids never have one).
    '*': [...defaultAttributes['*'].filter((d) => d !== 'name' && d !== 'id'), ['id', /^[^:]*$/], 'className', ['style', SAFE_STYLE], 'data*', 'role', 'ariaHidden', 'ariaLabel', 'ariaDescribedBy', 'ariaLabelledBy', 'ariaExpanded', 'ariaLive', 'hidden', 'translate'],
    a: [...defaultAttributes.a, 'rel', ['target', '_blank', '_self'], 'download'],
    img: [...defaultAttributes.img.filter((a) => a !== 'src'), ['src', ...IMAGE_SRC], 'loading', 'decoding', 'srcSet', 'sizes'],
    audio: mediaAttributes,
    video: mediaAttributes,
    source: [['src', NOT_DATA], 'type', 'srcSet', 'sizes', 'media'],
    track: [['src', NOT_DATA], 'kind', 'srcLang', 'label', 'default'],
    iframe: [['src', IFRAME_SRC], 'loading', 'allow', 'allowFullScreen', 'allowTransparency', 'frameBorder', 'referrerPolicy', 'scrolling', 'title'],
    input: [['disabled', true], ['type', 'checkbox'], 'checked'],
    details: ['open'],
    time: ['dateTime'],
  },
};

/** One construct the sanitiser took out, where the note has it. */
export interface UnsafeHtml {
  line: number;
  column: number;
  message: string;
}

/** The element as the sanitiser would keep it, judged without its children: undefined if removed. */
function sanitiseAlone(node: Element): Element | undefined {
  const result = sanitize({ type: 'element', tagName: node.tagName, properties: node.properties, children: [] }, noteHtmlSchema);
  return result.type === 'element' ? result : undefined;
}

function attributeName(property: string): string {
  return find(html, property).attribute;
}

function describeRemoval(node: Element, property: string, value: unknown): string {
  const name = attributeName(property);
  const first = Array.isArray(value) ? value[0] : value;
  // Browsers ignore tabs and newlines in a URL: `java\tscript:` is `javascript:`.
  const isUrl = Object.hasOwn(noteHtmlSchema.protocols!, property);
  const url = isUrl && typeof first === 'string' ? first.replace(/[\t\n\r]/g, '') : '';
  const scheme = /^\s*([a-z][a-z0-9+.\-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (node.tagName === 'a' && name === 'href' && scheme) return `removed a ${scheme}: link`;
  if (scheme && !/^https?$/.test(scheme)) return `removed the ${name} attribute of <${node.tagName}> (a ${scheme}: URL)`;
  return `removed the ${name} attribute of <${node.tagName}>`;
}

/** What the sanitiser will take out of one element: the element itself, or some attributes. */
function removalsOf(node: Element): string[] {
  const kept = sanitiseAlone(node);
  if (!kept) {
    const stripped = noteHtmlSchema.strip!.includes(node.tagName);
    return [`removed <${node.tagName}>${stripped ? ' and its content' : ''}`];
  }
  return Object.entries(node.properties)
    .filter(([key, value]) => value !== undefined && value !== null && JSON.stringify(kept.properties[key]) !== JSON.stringify(value))
    .map(([key, value]) => describeRemoval(node, key, value));
}

/**
 * Each construct the sanitiser will remove, with its place: its own, else its nearest
 * positioned ancestor's. Content transcluded from another note (under `data-embed-src`, its
 * footnotes included: see render-note.ts) is skipped: it is reported once, at that note.
 */
export function findUnsafeHtml(tree: Root): UnsafeHtml[] {
  const found: UnsafeHtml[] = [];
  const walk = (nodes: (RootContent | ElementContent)[], place: { line: number; column: number } | undefined) => {
    for (const child of nodes) {
      if (child.type !== 'element') continue;
      const at = child.position?.start ?? place;
      for (const message of removalsOf(child)) if (at) found.push({ line: at.line, column: at.column, message });
      if (child.properties.dataEmbedSrc === undefined) walk(child.children, at);
    }
  };
  walk(tree.children, undefined);
  return found;
}

/** The sanitised tree (a new one). */
export function sanitiseTree(tree: Root): Root {
  return sanitize(tree, noteHtmlSchema) as Root;
}

/**
 * For `.mdx` notes, whose trees also hold MDX's own nodes (components, expressions, ESM)
 * that a whole-tree sanitiser would drop: each HTML element from their Markdown keeps only
 * what the schema allows; an element the schema refuses is replaced by its content.
 */
export function sanitiseElementsInPlace(tree: Root): void {
  const walk = (parent: { children: (RootContent | ElementContent)[] }) => {
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i];
      if (child.type !== 'element') {
        if ('children' in child) walk(child as { children: RootContent[] });
        continue;
      }
      const kept = sanitiseAlone(child);
      if (kept) child.properties = kept.properties;
      walk(child);
      if (!kept) {
        const content = noteHtmlSchema.strip!.includes(child.tagName) ? [] : child.children;
        parent.children.splice(i, 1, ...content);
        i += content.length - 1;
      }
    }
  };
  walk(tree);
}

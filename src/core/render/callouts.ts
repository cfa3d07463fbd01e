/**
 * Obsidian's callout types and their aliases (`faq` is a `question`, `error` a `danger`…).
 * The type as written stays on `data-callout-type` for custom styling; the canonical kind
 * goes on `data-callout-kind`, which the stylesheet colours. Unknown types look like `note`.
 * Each kind's title starts with Obsidian's Lucide icon for it, inlined as SVG from
 * lucide-static's icon data (the page loads no icon font or script).
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import iconNodes from 'lucide-static/icon-nodes.json' with { type: 'json' };

/** Obsidian's icon for each kind (its `--callout-icon` defaults), by Lucide's current names. */
const ICONS: Record<string, string> = {
  note: 'pencil', abstract: 'clipboard-list', info: 'info', todo: 'circle-check', tip: 'flame',
  success: 'check', question: 'circle-question-mark', warning: 'triangle-exclamation-point',
  failure: 'x', danger: 'zap', bug: 'bug', example: 'list', quote: 'quote',
};

type IconNode = [string, Record<string, string>][];

/** The kind's icon as an inline SVG element, decorative (the title says the kind). */
function icon(kind: string): Element {
  const shapes = (iconNodes as unknown as Record<string, IconNode>)[ICONS[kind]];
  return {
    type: 'element', tagName: 'svg',
    properties: {
      className: ['callout-icon'], xmlns: 'http://www.w3.org/2000/svg', width: '16', height: '16', viewBox: '0 0 24 24',
      fill: 'none', stroke: 'currentColor', strokeWidth: '2', strokeLinecap: 'round', strokeLinejoin: 'round', ariaHidden: 'true',
    },
    children: shapes.map(([tagName, properties]): ElementContent => ({ type: 'element', tagName, properties: { ...properties }, children: [] })),
  };
}

const ALIASES: Record<string, string> = {
  summary: 'abstract', tldr: 'abstract',
  hint: 'tip', important: 'tip',
  check: 'success', done: 'success',
  help: 'question', faq: 'question',
  caution: 'warning', attention: 'warning',
  fail: 'failure', missing: 'failure',
  error: 'danger',
  cite: 'quote',
};
const KINDS = new Set(['note', 'abstract', 'info', 'todo', 'tip', 'success', 'question', 'warning', 'failure', 'danger', 'bug', 'example', 'quote']);

export function calloutKind(type: string): string {
  const t = type.toLowerCase();
  const kind = ALIASES[t] ?? t;
  return KINDS.has(kind) ? kind : 'note';
}

export function normaliseCallouts() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const type = node.properties.dataCalloutType;
      if (typeof type !== 'string') return;
      node.properties.dataCalloutKind = calloutKind(type);
      // Obsidian's own attribute, so CSS snippets written for Obsidian (`[data-callout="x"]`) apply.
      node.properties.dataCallout = type.toLowerCase();
      node.properties.className = ['callout'];
      const title = node.children.find((child): child is Element => child.type === 'element' && child.properties.dataCalloutTitle !== undefined);
      title?.children.unshift(icon(node.properties.dataCalloutKind));
    });
  };
}

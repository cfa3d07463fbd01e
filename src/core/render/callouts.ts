/**
 * Obsidian's callout types and their aliases (`faq` is a `question`, `error` a `danger`…).
 * The type as written stays on `data-callout-type` for custom styling; the canonical kind
 * goes on `data-callout-kind`, which the stylesheet colours. Unknown types look like `note`.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

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
    });
  };
}

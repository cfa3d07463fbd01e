/** A few lines instead of hastscript: the lab's markup is built the same way at build time and in the browser. Browser-safe. */
import type { Element, ElementContent, Properties } from 'hast';

export type Child = ElementContent | string | undefined | false;

export function el(tagName: string, properties: Properties, ...children: Child[]): Element {
  return {
    type: 'element',
    tagName,
    properties,
    children: children.filter((c): c is ElementContent | string => c !== undefined && c !== false).map((c) => (typeof c === 'string' ? { type: 'text', value: c } : c)),
  };
}

/**
 * Task list items (`- [x] done`) get their text as their checkbox's label: GFM renders a
 * bare disabled checkbox, which a screen reader announces as an unnamed control. The
 * checkbox and the item's own text are wrapped in a <label>; a nested list stays outside.
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

const isElement = (node: ElementContent, tag: string): node is Element => node.type === 'element' && node.tagName === tag;

function labelCheckbox(parent: Element): boolean {
  const at = parent.children.findIndex((child) => isElement(child, 'input') && child.properties.type === 'checkbox');
  if (at < 0) return false;
  let end = parent.children.findIndex((child, i) => i > at && (isElement(child, 'ul') || isElement(child, 'ol')));
  if (end < 0) end = parent.children.length;
  const label: Element = { type: 'element', tagName: 'label', properties: {}, children: parent.children.slice(at, end) };
  parent.children.splice(at, end - at, label);
  return true;
}

export function labelTaskCheckboxes() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const classes = node.properties.className;
      if (node.tagName !== 'li' || !Array.isArray(classes) || !classes.includes('task-list-item')) return;
      // A loose list puts the checkbox in the item's first paragraph.
      if (!labelCheckbox(node)) {
        const paragraph = node.children.find((child): child is Element => isElement(child, 'p'));
        if (paragraph) labelCheckbox(paragraph);
      }
    });
  };
}

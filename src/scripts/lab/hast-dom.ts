/** hast → DOM, for the lab's markup drawn again in the browser (src/core/lab/view/lab-view.ts). Text stays text. */
import type { ElementContent } from 'hast';

function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (/^data[A-Z]/.test(property)) return `data-${property.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).slice(1)}`;
  return property.toLowerCase();
}

export function hastToDom(node: ElementContent): Node {
  if (node.type === 'text') return document.createTextNode(node.value);
  if (node.type !== 'element') return document.createTextNode('');
  const element = document.createElement(node.tagName);
  for (const [property, value] of Object.entries(node.properties)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(attributeName(property), Array.isArray(value) ? value.join(' ') : value === true ? '' : String(value));
  }
  element.append(...node.children.map(hastToDom));
  return element;
}

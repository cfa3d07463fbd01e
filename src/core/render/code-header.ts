/**
 * A header over every highlighted code block: its language and a Copy button (the page's
 * src/scripts/code-copy.ts copies on click), written at build time so nothing shifts when
 * the page's scripts start; a runnable block's Run and Edit join the same header in the
 * browser (src/scripts/sql/block-view.ts). Kept out of the search index. Runs after Shiki,
 * which marks each `pre` with its language (`data-language`); Shiki's cached fragments are
 * spliced into their parents first, so a header is never added to a fragment it reuses.
 */
import type { Element, ElementContent, Parent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export interface CodeLabels {
  copy: string;
  copyHint: string;
  copied: string;
}

/** Shown as the block's language; others as written, `text` not at all. */
const LANGUAGE_NAMES: Record<string, string> = { sql: 'SQL', python: 'Python', py: 'Python', js: 'JavaScript', ts: 'TypeScript', output: '' };

export function languageName(lang: string): string {
  const name = LANGUAGE_NAMES[lang.toLowerCase()] ?? lang;
  return name === 'text' || name === 'plaintext' ? '' : name;
}

function header(lang: string, labels: CodeLabels): Element {
  const el = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });
  const name = languageName(lang);
  return el('div', { className: ['code-header'], dataPagefindIgnore: '' }, [
    el('span', { className: ['code-lang'] }, name ? [{ type: 'text', value: name }] : []),
    el('span', { className: ['code-actions'] }, [
      el('button', { type: 'button', className: ['code-copy'], title: labels.copyHint, dataCopied: labels.copied }, [{ type: 'text', value: labels.copy }]),
    ]),
  ]);
}

const VIEWS = new Set(['sql-schema-view', 'sql-table-view']);
const isView = (parent: Parent) =>
  parent.type === 'element' && ((parent as Element).properties.className as string[] | undefined)?.some((name) => VIEWS.has(name)) === true;

/** `file.data.codeLabels`: the words, in the page's interface language. */
export function rehypeCodeHeaders() {
  return (tree: Root, file: VFile) => {
    const labels = file.data.codeLabels as CodeLabels | undefined;
    if (!labels) return;
    visit(tree, 'root', (node: Root, index, parent: Parent | undefined) => {
      if (!parent || index === undefined) return;
      parent.children.splice(index, 1, ...(node.children as ElementContent[]));
      return [SKIP, index];
    });
    visit(tree, 'element', (node: Element, index, parent: Parent | undefined) => {
      if (node.tagName !== 'pre' || typeof node.properties.dataLanguage !== 'string' || !parent || index === undefined) return;
      // A ```sql-schema or ```sql-table placeholder is replaced by its view: no code to copy.
      if (isView(parent)) return SKIP;
      parent.children.splice(index, 0, header(node.properties.dataLanguage, labels));
      return [SKIP, index + 2];
    });
  };
}

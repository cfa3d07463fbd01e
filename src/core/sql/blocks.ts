/**
 * A note's ```sql blocks (or ```python blocks, src/core/python/blocks.ts) in page order,
 * with their options and the ```output block that may follow each. The renderer marks them
 * up for the browser and `npm run check` runs them; both number them the same way, by this
 * function.
 */
import type { Code, Nodes, Parent, Root } from 'mdast';
import { parseSqlMeta, type SqlBlockOptions } from './block-options.ts';

export interface SqlBlock {
  /** 0-based, in page order, over all ```sql blocks (norun ones included). */
  id: number;
  node: Code;
  parent: Parent;
  line: number;
  code: string;
  options: SqlBlockOptions;
  problems: string[];
  expected?: { node: Code; text: string; line: number };
}

/**
 * A runnable block as `npm run check` runs it (doc-test.ts): plain data, kept in the note's
 * facts, so a note's blocks go to a check thread without the thread parsing the note again.
 */
export interface DocTestBlock {
  lang: 'sql' | 'python';
  line: number;
  code: string;
  options: SqlBlockOptions;
  expected?: { text: string; line: number };
}

/** The runnable blocks of both languages, in page order. */
export function docTestBlocks(sql: readonly SqlBlock[], python: readonly SqlBlock[]): DocTestBlock[] {
  const plain = (lang: DocTestBlock['lang']) => ({ line, code, options, expected }: SqlBlock): DocTestBlock => ({
    lang, line, code, options, ...(expected ? { expected: { text: expected.text, line: expected.line } } : {}),
  });
  return [...sql.map(plain('sql')), ...python.map(plain('python'))].filter((b) => b.options.runnable).sort((a, b) => a.line - b.line);
}

export const SQL_LANG = 'sql';
export const OUTPUT_LANG = 'output';

export function findSqlBlocks(tree: Root): SqlBlock[] {
  return findFencedBlocks(tree, SQL_LANG);
}

/** The blocks fenced with `lang` (lower case), numbered among themselves; their options are the SQL blocks'. */
export function findFencedBlocks(tree: Root, lang: string): SqlBlock[] {
  const blocks: SqlBlock[] = [];
  const walk = (parent: Parent) => {
    parent.children.forEach((child, index) => {
      const node = child as Nodes;
      if (node.type === 'code' && node.lang?.toLowerCase() === lang) {
        const { options, problems } = parseSqlMeta(node.meta);
        const next = parent.children[index + 1] as Nodes | undefined;
        const expected =
          options.runnable && next?.type === 'code' && next.lang?.toLowerCase() === OUTPUT_LANG
            ? { node: next, text: next.value, line: next.position?.start.line ?? 0 }
            : undefined;
        blocks.push({ id: blocks.length, node, parent, line: node.position?.start.line ?? 0, code: node.value, options, problems, expected });
      } else if ('children' in node) walk(node as Parent);
    });
  };
  walk(tree);
  return blocks;
}

/**
 * Marks a note's runnable ```sql blocks up for the page's SQL runner (src/scripts/sql):
 * a `div.sql-block` around the code, with the block's number, database, role and expected
 * error as data attributes; setup blocks folded in a `<details>`; an ```output block after
 * it folded as its expected output. The code itself is still highlighted by Shiki.
 */
import type { Code, Parent, Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { findSqlBlocks } from '../sql/blocks.ts';
import type { RenderLabels } from './labels.ts';

type Wrapper = { type: string; data: Record<string, unknown>; children: unknown[] };

function wrapper(hName: string, className: string, children: unknown[], props: Record<string, unknown> = {}): Wrapper {
  return { type: 'sqlWrapper', data: { hName, hProperties: { className: [className], ...props }, sqlWrapper: true }, children };
}

function label(text: string): Wrapper {
  return { type: 'sqlLabel', data: { hName: 'summary', sqlLabel: true }, children: [{ type: 'text', value: text }] };
}

export function markSqlBlocks(tree: Root, labels: RenderLabels): void {
  for (const block of findSqlBlocks(tree)) {
    if (!block.options.runnable) continue;
    const { options, parent } = block;
    const children: unknown[] = [block.node];
    if (block.expected) {
      parent.children.splice(parent.children.indexOf(block.expected.node), 1);
      children.push(wrapper('details', 'sql-expected', [label(labels.expected), block.expected.node]));
    }
    const expectError = options.expectError ? (options.expectError.code ?? options.expectError.message ?? '') : undefined;
    let marked: Wrapper = wrapper('div', 'sql-block', children, {
      dataSqlBlock: block.id,
      dataDb: options.db,
      ...(options.setup ? { dataSetup: '' } : {}),
      ...(expectError !== undefined ? { dataExpectError: expectError } : {}),
      ...(options.show.length > 0 ? { dataShow: options.show.join(',') } : {}),
    });
    if (options.setup) marked = wrapper('details', 'sql-setup', [label(labels.setup), marked]);
    parent.children[parent.children.indexOf(block.node)] = marked as unknown as RootContent;
  }
}

/**
 * In a transcluded note, SQL blocks are shown, not run: they belong to the other note's
 * database. Their runner markup is taken off, the code stays.
 */
export function unmarkSqlBlocks(nodes: RootContent[]): void {
  const root = { type: 'root', children: nodes } as Parent;
  visit(root, (node, index, parent) => {
    const data = (node as { data?: { sqlWrapper?: boolean; sqlLabel?: boolean } }).data;
    if (!parent || index === undefined || !(data?.sqlWrapper || data?.sqlLabel)) return;
    const inner = data.sqlLabel ? [] : ((node as Parent).children as Code[]);
    parent.children.splice(index, 1, ...inner);
    return [SKIP, index];
  });
}

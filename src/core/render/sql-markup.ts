/**
 * Marks a note's runnable ```sql blocks up for the page's SQL runner (src/scripts/sql):
 * a `div.sql-block` around the code, with the block's number, database, role, expected
 * error, text (`data-code`: what runs, never read back from the highlighted markup) and
 * expected output (`data-expected`) as data attributes; setup blocks folded in a `<details>`; an ```output block after it folded
 * as its expected output. The code itself is still highlighted by Shiki. The
 * same for ```python blocks (`data-python-block`, with the note line of their first code
 * line), which run on the same databases when the site's Python blocks can run. Also the
 * placeholders of ```sql-schema and ```sql-table views.
 */
import type { Code, Parent, Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { findPythonBlocks } from '../python/blocks.ts';
import { findSqlBlocks, type SqlBlock } from '../sql/blocks.ts';
import type { RenderLabels } from './labels.ts';

type Wrapper = { type: string; data: Record<string, unknown>; children: unknown[] };

function wrapper(hName: string, className: string, children: unknown[], props: Record<string, unknown> = {}): Wrapper {
  return { type: 'sqlWrapper', data: { hName, hProperties: { className: [className], ...props }, sqlWrapper: true }, children };
}

function label(text: string): Wrapper {
  return { type: 'sqlLabel', data: { hName: 'summary', sqlLabel: true }, children: [{ type: 'text', value: text }] };
}

/** ```sql-schema and ```sql-table blocks: views of a page database, drawn by the runner. */
export const SCHEMA_VIEW_LANG = 'sql-schema';
export const TABLE_VIEW_LANG = 'sql-table';

/**
 * `sql-schema [db=name]` with the tables to show in its body (all when empty), and
 * `sql-table <table> [db=name]`: placeholders the page's runner fills with the schema
 * diagram and the table's rows after each run. In Obsidian they read as what they are.
 */
function markViewBlocks(tree: Root): void {
  visit(tree, 'code', (node: Code, index, parent) => {
    const lang = node.lang?.toLowerCase();
    if (!parent || index === undefined || (lang !== SCHEMA_VIEW_LANG && lang !== TABLE_VIEW_LANG)) return;
    const words = (node.meta ?? '').split(/\s+/).filter(Boolean);
    const db = words.find((w) => w.startsWith('db='))?.slice(3) || 'main';
    const props =
      lang === SCHEMA_VIEW_LANG
        ? { dataDb: db, dataTables: node.value.split(/[\s,]+/).filter(Boolean).join(',') }
        : { dataDb: db, dataTable: words.find((w) => !w.includes('=')) ?? node.value.trim() };
    parent.children[index] = wrapper('div', lang === SCHEMA_VIEW_LANG ? 'sql-schema-view' : 'sql-table-view', [node], props) as unknown as RootContent;
    return SKIP;
  });
}

export function markSqlBlocks(tree: Root, labels: RenderLabels): void {
  markViewBlocks(tree);
  for (const block of findSqlBlocks(tree)) markBlock(block, labels, { dataSqlBlock: block.id });
  for (const block of findPythonBlocks(tree)) markBlock(block, labels, { dataPythonBlock: block.id, dataLine: block.line + 1 });
}

function markBlock(block: SqlBlock, labels: RenderLabels, identity: Record<string, number>): void {
  if (!block.options.runnable) return;
  const { options, parent } = block;
  const children: unknown[] = [block.node];
  if (block.expected) {
    parent.children.splice(parent.children.indexOf(block.expected.node), 1);
    children.push(wrapper('details', 'sql-expected', [label(labels.expected), block.expected.node]));
  }
  const expectError = options.expectError ? (options.expectError.code ?? options.expectError.message ?? '') : undefined;
  let marked: Wrapper = wrapper('div', 'sql-block', children, {
    ...identity,
    dataCode: block.node.value,
    ...(block.expected ? { dataExpected: block.expected.text } : {}),
    dataDb: options.db,
    ...(options.setup ? { dataSetup: '' } : {}),
    ...(expectError !== undefined ? { dataExpectError: expectError } : {}),
    ...(options.show.length > 0 ? { dataShow: options.show.join(',') } : {}),
  });
  if (options.setup) marked = wrapper('details', 'sql-setup', [label(labels.setup), marked]);
  parent.children[parent.children.indexOf(block.node)] = marked as unknown as RootContent;
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

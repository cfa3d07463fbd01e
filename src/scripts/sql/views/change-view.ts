/**
 * What a statement changed, under its result: a tree with the statement's own changes at
 * the root and, nested under them, what its referential actions changed, and theirs, a line
 * each in the core's words and the page's language ("profiles: 1 row deleted by ON DELETE
 * CASCADE of profiles_user_id_fkey"). A line opens onto its rows (old → new), built only when opened:
 * one statement may touch thousands. A statement a foreign key stopped says which one.
 */
import type { SqlStrings } from '../../../components/i18n.ts';
import { describeChange, type ChangeNode } from '../../../core/schema/changes.ts';
import type { ForeignKey, SchemaModel } from '../../../core/schema/introspect.ts';
import { describeRelationship, relationshipsOf } from '../../../core/schema/relationships.ts';
import { element, headerRow, nullValue, scrollingTable } from '../../dom.ts';
import { fill, uiLang } from '../strings.ts';
import type { Row } from './row-changes.ts';

/** Rows listed under one line of the tree at most. */
const ROWS_SHOWN = 100;

/** A value of a logged row (jsonb) as text: strings as they are, other JSON as JSON. */
export function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function jsonCell(value: unknown, t: SqlStrings): Node {
  const text = jsonText(value);
  return text === null ? nullValue(t) : document.createTextNode(text);
}

function rowsTable(node: ChangeNode, columns: string[], t: SqlStrings): HTMLElement {
  const head = headerRow(columns);
  const body = element('tbody');
  for (const { old: before, new: after } of node.rows.slice(0, ROWS_SHOWN)) {
    const tr = element('tr');
    for (const column of columns) {
      const td = element('td');
      const [was, is] = [before?.[column], after?.[column]];
      if (before && after && jsonText(was) !== jsonText(is)) {
        // An updated value: what it was, struck out, then what it is.
        const del = element('del');
        del.append(jsonCell(was, t));
        const ins = element('ins');
        ins.append(jsonCell(is, t));
        td.append(del, ' → ', ins);
        td.className = 'sql-cell-changed';
      } else td.append(jsonCell(after ? is : was, t));
      tr.append(td);
    }
    body.append(tr);
  }
  const wrap = scrollingTable(head, body, describeChange(node, t, uiLang));
  if (node.rows.length <= ROWS_SHOWN) return wrap;
  const all = element('div');
  all.append(wrap, element('p', 'sql-statement-meta', fill(t.changeRowsShown, { shown: ROWS_SHOWN, total: node.rows.length })));
  return all;
}

/** The columns of the logged rows: the table's order when the schema knows it. */
function columnsOf(node: ChangeNode, schema: SchemaModel | undefined): string[] {
  const known = schema?.tables.find((t) => t.name === node.table)?.columns.map((c) => c.name);
  if (known) return known;
  const seen = new Set<string>();
  for (const row of node.rows) for (const r of [row.old, row.new] as (Row | undefined)[]) for (const name of Object.keys(r ?? {})) seen.add(name);
  return [...seen];
}

function changeItem(node: ChangeNode, schema: SchemaModel | undefined, t: SqlStrings): HTMLLIElement {
  const item = element('li', 'sql-change');
  item.dataset.table = node.table;
  item.dataset.op = node.op;
  item.dataset.cause = node.cause.kind;
  if (node.cause.kind === 'referential') item.dataset.constraint = node.cause.constraint;
  const line = describeChange(node, t, uiLang);
  // A TRUNCATE logs no rows: nothing to open.
  if (node.op === 'TRUNCATE') {
    item.append(element('span', 'sql-change-line', line));
  } else {
    const details = element('details');
    const summary = element('summary', 'sql-change-line', line);
    details.append(summary);
    details.addEventListener('toggle', () => {
      if (details.open && details.childElementCount === 1) details.append(rowsTable(node, columnsOf(node, schema), t));
    });
    item.append(details);
  }
  if (node.children.length > 0) item.append(changeList(node.children, schema, t));
  return item;
}

function changeList(nodes: ChangeNode[], schema: SchemaModel | undefined, t: SqlStrings): HTMLUListElement {
  const list = element('ul', 'sql-change-tree');
  for (const node of nodes) list.append(changeItem(node, schema, t));
  return list;
}

export function changeView(nodes: ChangeNode[], schema: SchemaModel | undefined, t: SqlStrings): HTMLElement {
  const view = element('div', 'sql-changes');
  view.setAttribute('role', 'group');
  view.setAttribute('aria-label', t.changes);
  view.append(changeList(nodes, schema, t));
  return view;
}

/** Which foreign key (an edge of the diagram) stopped the statement, and what it says. */
export function blockedView(fk: ForeignKey, schema: SchemaModel, t: SqlStrings): HTMLElement {
  const relationship = relationshipsOf(schema).find((r) => r.foreignKey === fk);
  const view = element('p', 'sql-blocked-by');
  view.dataset.constraint = fk.name;
  view.append(element('span', undefined, fill(t.blockedBy, { constraint: fk.name })), ' ');
  if (relationship) {
    view.append(element('span', 'sql-blocked-edge', describeRelationship(relationship, t)));
  }
  return view;
}

/**
 * A table's current rows (at most TABLE_VIEW_ROWS, by a hidden query after each run), with
 * the last run's doing marked: inserted and updated rows by a class and a marker column
 * (a sign to see, a word for screen readers), changed values with what they were, and
 * deleted rows struck through after the others until the next run.
 */
import type { SqlStrings } from '../../../components/i18n.ts';
import { NUMERIC_TYPES } from '../../../core/sql/format.ts';
import { element, nullValue, scrollingTable } from '../../dom.ts';
import { fill, plural } from '../strings.ts';
import { jsonCell, jsonText } from './change-view.ts';
import { rowKey, type Row, type TableChanges } from './row-changes.ts';
import type { TableRows } from './table-rows.ts';

type Mark = 'inserted' | 'updated' | 'deleted';
const SIGNS: Record<Mark, string> = { inserted: '+', updated: '~', deleted: '−' };

function markCell(mark: Mark | undefined, t: SqlStrings): HTMLTableCellElement {
  const td = element('td', 'sql-row-mark');
  if (mark) {
    const sign = element('span', undefined, SIGNS[mark]);
    sign.setAttribute('aria-hidden', 'true');
    td.append(sign, element('span', 'visually-hidden', t[mark]));
  }
  return td;
}

export class TableView {
  readonly element: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly note: HTMLElement;
  private readonly body: HTMLElement;
  private readonly t: SqlStrings;
  private readonly table: string;

  constructor(t: SqlStrings, table: string) {
    this.t = t;
    this.table = table;
    this.element = element('div', 'sql-table-live');
    this.element.dataset.table = table;
    const head = element('p', 'sql-table-live-head');
    this.meta = element('span', 'sql-table-live-meta');
    head.append(element('code', 'sql-table-live-name', table), ' ', this.meta);
    this.note = element('p', 'sql-table-live-note');
    this.note.hidden = true;
    this.body = element('div');
    this.element.append(head, this.note, this.body);
  }

  /** Something instead of rows (the table is gone), or beside the last ones (they could not be refreshed). */
  showNote(text: string, keepRows: boolean): void {
    this.note.textContent = text;
    this.note.hidden = false;
    if (!keepRows) {
      this.body.replaceChildren();
      this.meta.textContent = '';
    }
  }

  showRows(rows: TableRows, changes: TableChanges, key: readonly string[]): void {
    const t = this.t;
    this.note.hidden = !changes.truncated;
    this.note.textContent = changes.truncated ? t.tableTruncated : '';
    const numeric = rows.columns.map((c) => NUMERIC_TYPES.has(c.typeOid));
    const head = element('tr');
    const markHead = element('th', 'sql-row-mark');
    markHead.scope = 'col';
    markHead.append(element('span', 'visually-hidden', t.change));
    head.append(markHead);
    for (const column of rows.columns) {
      const th = element('th');
      th.scope = 'col';
      th.append(element('span', 'sql-column-name', column.name), ' ', element('span', 'sql-column-type', column.type));
      head.append(th);
    }
    const body = element('tbody');
    for (const row of rows.rows) {
      const id = rowKey(row.json, key);
      const update = changes.updated.get(id);
      const mark: Mark | undefined = changes.inserted.has(id) ? 'inserted' : update ? 'updated' : undefined;
      const tr = element('tr', mark && `sql-row-${mark}`);
      tr.append(markCell(mark, t));
      row.values.forEach((value, i) => {
        const td = element('td', numeric[i] ? 'sql-number' : undefined);
        if (value === null) td.append(nullValue(t));
        else td.textContent = value;
        const name = rows.columns[i].name;
        if (update && jsonText(update.old[name]) !== jsonText(update.new[name])) {
          const was = fill(t.was, { value: jsonText(update.old[name]) ?? 'NULL' });
          td.classList.add('sql-cell-changed');
          td.title = was;
          td.append(element('span', 'visually-hidden', ` (${was})`));
        }
        tr.append(td);
      });
      body.append(tr);
    }
    for (const gone of changes.deleted.values()) body.append(this.deletedRow(gone, rows, numeric));

    const counts: [string, number][] = [
      [t.insertedCount, changes.inserted.size],
      [t.updatedCount, changes.updated.size],
      [t.deletedCount, changes.deleted.size],
    ];
    const marks = counts.filter(([, n]) => n > 0).map(([text, n]) => fill(text, { n }));
    const count = plural(t.tableRows, rows.rows.length);
    this.meta.textContent = [rows.more ? `${count} (${fill(t.tableFirstRows, { n: rows.rows.length })})` : count, ...marks].join(' · ');

    this.body.replaceChildren(scrollingTable(head, body, fill(t.tableLabel, { table: this.table })));
  }

  /** A deleted row, from the change log (jsonb), struck through. */
  private deletedRow(row: Row, rows: TableRows, numeric: boolean[]): HTMLTableRowElement {
    const tr = element('tr', 'sql-row-deleted');
    tr.append(markCell('deleted', this.t));
    rows.columns.forEach((column, i) => {
      const td = element('td', numeric[i] ? 'sql-number' : undefined);
      const del = element('del');
      del.append(jsonCell(row[column.name], this.t));
      td.append(del);
      tr.append(td);
    });
    return tr;
  }
}

/**
 * Small DOM builders the page's widgets share (the SQL runner's results and views, the
 * isolation lab): elements whose text is set as text, never parsed as HTML.
 */
import type { SqlStrings } from '../components/i18n.ts';

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** SQL NULL looks unlike any text (the text 'NULL' included) and is read out as "SQL NULL". */
export function nullValue(t: Pick<SqlStrings, 'nullLabel'>): HTMLElement {
  const cell = element('span', 'sql-null');
  const shown = element('span', undefined, 'NULL');
  shown.setAttribute('aria-hidden', 'true');
  cell.append(shown, element('span', 'visually-hidden', t.nullLabel));
  return cell;
}

/** A header row of plain column names, each a column header for screen readers. */
export function headerRow(columns: readonly string[]): HTMLTableRowElement {
  const head = element('tr');
  for (const column of columns) {
    const th = element('th', undefined, column);
    th.scope = 'col';
    head.append(th);
  }
  return head;
}

/** A table under its header row, in a named frame that scrolls sideways when it is wide. */
export function scrollingTable(head: HTMLTableRowElement, body: HTMLTableSectionElement, label: string): HTMLElement {
  const wrap = element('div', 'sql-table');
  // Focusable, so the keyboard can scroll it too.
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', label);
  const thead = element('thead');
  thead.append(head);
  const grid = element('table');
  grid.append(thead, body);
  wrap.append(grid);
  return wrap;
}

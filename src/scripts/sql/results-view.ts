/**
 * A block's results as DOM, one part per statement: notices, a table of rows with column
 * names and types, the command tag and time, or the error with its SQLSTATE, detail and
 * hint. Everything from the database is inserted as text (textContent, text nodes), never
 * parsed as HTML: a value `<img onerror=…>` is shown as those characters.
 */
import { NUMERIC_TYPES } from '../../core/sql/format.ts';
import type { SqlStrings } from '../../components/i18n.ts';
import type { BlockRun, SqlError, StatementResult } from '../../core/sql/results.ts';
import { element, nullValue, scrollingTable } from '../dom.ts';
import { lineColumn } from './position.ts';
import { byteSize, duration, fill } from './strings.ts';

/** Characters of a value drawn at first, and how many more each "show more" adds. */
const SHOWN_CHARS = 10_000;

/**
 * A long value: its first SHOWN_CHARS characters, and a "show more" that draws more, up to
 * what the worker kept (protocol.ts ReplyLimits); when the worker kept only part of it, a
 * note of where it was cut and of its full size.
 */
function longValue(td: HTMLElement, value: string, fullBytes: number | undefined, t: SqlStrings): void {
  const text = document.createTextNode('');
  const more = element('button', 'sql-show-more', t.showMore);
  more.type = 'button';
  const note = element('span', 'sql-value-cut');
  let shown = 0;
  const draw = (chars: number) => {
    shown = Math.min(value.length, chars);
    text.data = value.slice(0, shown);
    more.hidden = shown >= value.length;
    const size = fullBytes ?? new TextEncoder().encode(value).length;
    note.textContent = ` ${fill(t.valueCut, { shown: byteSize(new TextEncoder().encode(text.data).length), total: byteSize(size) })} `;
    note.hidden = shown >= value.length && fullBytes === undefined;
  };
  more.addEventListener('click', () => draw(shown * 10));
  draw(SHOWN_CHARS);
  // The text scrolls inside its own box, so the note of its size and the button stay in view.
  const box = element('span', 'sql-long-text');
  box.append(text);
  td.classList.add('sql-long-value');
  td.append(box, note, more);
}

function table(result: StatementResult, t: SqlStrings): HTMLElement {
  const columns = result.columns ?? [];
  const numeric = columns.map((c) => NUMERIC_TYPES.has(c.typeOid));
  const head = element('tr');
  for (const column of columns) {
    const th = element('th');
    th.scope = 'col';
    // The space keeps "id integer" two words for screen readers; CSS stacks them.
    th.append(element('span', 'sql-column-name', column.name), ' ', element('span', 'sql-column-type', column.type));
    head.append(th);
  }
  const body = element('tbody');
  const cut = new Map((result.cut ?? []).map((c) => [`${c.row}/${c.column}`, c.bytes]));
  for (const [r, row] of (result.rows ?? []).entries()) {
    const tr = element('tr');
    row.forEach((value, i) => {
      const td = element('td', numeric[i] ? 'sql-number' : undefined);
      const fullBytes = cut.get(`${r}/${i}`);
      if (value === null) td.append(nullValue(t));
      else if (fullBytes !== undefined || value.length > SHOWN_CHARS) longValue(td, value, fullBytes, t);
      else td.textContent = value;
      tr.append(td);
    });
    body.append(tr);
  }
  return scrollingTable(head, body, `${t.result}: ${result.tag ?? ''}`);
}

/** A database error: SQLSTATE, message, where in `blockText` (the statement it came from), constraint, detail, hint, context. */
export function errorBox(error: SqlError, blockText: string, t: SqlStrings): HTMLElement {
  const box = element('div', 'sql-error');
  const head = element('p', 'sql-error-head');
  head.append(element('strong', 'sql-error-code', `${t.error} ${error.code}`), ': ', element('span', 'sql-error-message', error.message));
  box.append(head);
  if (error.position !== undefined) box.append(element('p', 'sql-error-at', fill(t.at, lineColumn(blockText, error.position))));
  const fields: [string, string | undefined][] = [
    // Which constraint refused the row, by name: the one to look for in the schema.
    [t.constraint, error.constraint],
    [t.detail, error.detail],
    [t.hint, error.hint],
    [t.where, error.where],
  ];
  for (const [label, value] of fields) {
    if (!value) continue;
    const p = element('p', 'sql-error-field');
    p.append(element('span', 'sql-error-label', `${label}: `), value);
    box.append(p);
  }
  return box;
}

function statement(result: StatementResult, blockText: string, t: SqlStrings, several: boolean): HTMLElement {
  const part = element('div', 'sql-statement');
  // With several statements, each result says which one it belongs to.
  if (several) part.append(element('code', 'sql-statement-text', result.sql.trim().split('\n')[0]));
  if (result.notices.length > 0) {
    const list = element('ul', 'sql-notices');
    for (const notice of result.notices) {
      const item = element('li');
      item.append(element('span', 'sql-notice-severity', notice.severity), ' ', notice.message);
      list.append(item);
    }
    part.append(list);
    if (result.noticeCount) part.append(element('p', 'sql-notices-shown', fill(t.noticesShown, { shown: result.notices.length, total: result.noticeCount })));
  }
  if (result.error) {
    part.append(errorBox(result.error, blockText, t));
    return part;
  }
  if (result.columns) part.append(table(result, t));
  // A single statement's tag and time are in the block's summary line already.
  const facts = several ? [element('span', 'sql-tag', result.tag ?? ''), element('span', 'sql-elapsed', duration(result.elapsedMs))] : [];
  const shown = result.rows?.length ?? 0;
  const total = result.rowCount ?? shown;
  if (total > shown) facts.push(element('span', 'sql-rows-shown', fill(t.rowsShown, { shown, total })));
  if (facts.length === 0) return part;
  const meta = element('p', 'sql-statement-meta');
  facts.forEach((fact, i) => meta.append(...(i > 0 ? [' · '] : []), fact));
  part.append(meta);
  return part;
}

export function renderStatements(run: BlockRun, blockText: string, t: SqlStrings): HTMLElement[] {
  return run.statements.map((s) => statement(s, blockText, t, run.statements.length > 1));
}

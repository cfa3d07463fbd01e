/**
 * What the lab draws from a run: a step's result (rows, command tag, or error with its
 * SQLSTATE; waiting, and for whom; refused), and the state panel's tables. Everything from
 * the database goes in as text, never as HTML.
 */
import type { LabStrings } from '../../components/i18n.ts';
import { labTextIn, type LabTextStrings } from '../../core/lab/lab-text.ts';
import type { StepResult } from '../../core/lab/scenario.ts';
import type { TableView } from '../../core/lab/view/state-diff.ts';
import type { StepStatus } from '../../core/lab/view/step-status.ts';
import { element, headerRow, nullValue } from '../dom.ts';
import { fill } from '../sql/strings.ts';


function grid(columns: string[], rows: { values: (string | null)[]; className?: string; note?: string }[], t: LabStrings): HTMLTableElement {
  const table = element('table', 'lab-rows');
  const head = headerRow(columns);
  const body = element('tbody');
  for (const row of rows) {
    const tr = element('tr', row.className);
    row.values.forEach((value, i) => {
      const td = element('td');
      if (value === null) td.append(nullValue(t));
      else td.textContent = value;
      // Screen readers hear why a row is marked, once per row.
      if (i === 0 && row.note) td.append(element('span', 'visually-hidden', ` (${row.note})`));
      tr.append(td);
    });
    body.append(tr);
  }
  const thead = element('thead');
  thead.append(head);
  table.append(thead, body);
  return table;
}

function resultNodes(result: StepResult, t: LabStrings): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  if (result.notices?.length) {
    const list = element('ul', 'lab-notices');
    for (const notice of result.notices) list.append(element('li', undefined, notice));
    nodes.push(list);
  }
  if (result.error) {
    const box = element('p', 'lab-error');
    box.append(element('strong', 'lab-error-code', `${t.error} ${result.error.code}`), ': ', element('span', 'lab-error-message', result.error.message));
    nodes.push(box);
    return nodes;
  }
  if (result.columns) nodes.push(grid(result.columns, (result.rows ?? []).map((values) => ({ values })), t));
  if (result.tag) nodes.push(element('p', 'lab-tag', result.tag));
  return nodes;
}

/** The result cell of a step; `words`: the lab's words about runs (lab-words.ts). */
export function statusNodes(status: StepStatus, t: LabStrings, words: LabTextStrings): HTMLElement[] {
  switch (status.state) {
    case 'pending':
      return [];
    case 'waiting':
      return [element('p', 'lab-waiting', fill(t.waitsFor, { sessions: status.waitsFor.join(', ') || '?' }))];
    case 'refused': {
      const box = element('p', 'lab-refused', `${t.refused} ${labTextIn(words, status.text)}`);
      return [box];
    }
    case 'done':
      return [...(status.resumedAfter ? [element('p', 'lab-resumed', fill(t.resumedAfter, { step: status.resumedAfter }))] : []), ...resultNodes(status.result, t)];
  }
}

/** The same in one line, for the live region. */
export function statusText(step: string, status: StepStatus, t: LabStrings, words: LabTextStrings): string {
  switch (status.state) {
    case 'pending':
      return '';
    case 'waiting':
      return `${step}: ${fill(t.waitsFor, { sessions: status.waitsFor.join(', ') })}`;
    case 'refused':
      return `${step}: ${t.refused} ${labTextIn(words, status.text)}`;
    case 'done': {
      const { result } = status;
      const what = result.error ? `${t.error} ${result.error.code}: ${result.error.message}` : [result.rows ? result.rows.map((r) => r.join(', ')).join('; ') : '', result.tag ?? ''].filter(Boolean).join(' · ');
      return `${step}: ${status.resumedAfter ? `${fill(t.resumedAfter, { step: status.resumedAfter })}. ` : ''}${what}`;
    }
  }
}

const MARK_CLASS = { same: undefined, differs: 'lab-diff-differs', unseen: 'lab-diff-unseen' } as const;

/** One panel of the state: a heading line and each table's rows, marked where they differ. */
export function statePanel(title: string, detail: string, tables: TableView[], t: LabStrings): HTMLElement {
  const panel = element('div', 'lab-state-panel');
  const head = element('p', 'lab-state-head');
  head.append(element('strong', undefined, title), ...(detail ? [' · ', element('span', 'lab-state-detail', detail)] : []));
  panel.append(head);
  for (const view of tables) {
    const part = element('div', 'lab-state-table');
    part.append(element('p', 'lab-state-name', view.table));
    if (view.rows.length === 0) part.append(element('p', 'lab-state-empty', t.noRows));
    else {
      const note = { same: undefined, differs: t.differs, unseen: t.unseen };
      part.append(grid(view.columns, view.rows.map((r) => ({ values: r.values.map((v, i) => (r.nulls[i] ? null : v)), className: MARK_CLASS[r.mark], note: note[r.mark] })), t));
    }
    panel.append(part);
  }
  return panel;
}

/**
 * A Python block's run as DOM, in the order things happened: what the code printed, each
 * statement SQLAlchemy sent (with its parameters, its command tag or error), the
 * transaction's BEGIN/COMMIT/ROLLBACK, then an exception with its traceback in the note's
 * lines and, for a database error, what PostgreSQL said. Everything is inserted as text
 * (textContent), never parsed as HTML.
 */
import type { SqlStrings } from '../../components/i18n.ts';
import type { PythonError, PythonEvent, PythonRun } from '../../core/python/results.ts';
import { element } from '../dom.ts';
import { errorBox } from '../sql/results-view.ts';
import { fill } from '../sql/strings.ts';

/** `failedLater`: this statement's error is the exception's, shown in full under it; here only its SQLSTATE. */
function sent(event: Extract<PythonEvent, { kind: 'sql' }>, t: SqlStrings, failedLater: boolean): HTMLElement {
  const part = element('div', 'py-statement');
  const code = element('pre', 'py-sql');
  code.append(element('code', undefined, event.statement.trim()));
  part.append(code);
  if (event.parameters) {
    const p = element('p', 'py-parameters');
    p.append(element('span', 'sql-error-label', `${t.parameters}: `), event.parameters);
    part.append(p);
  }
  if (event.notices?.length) {
    const list = element('ul', 'sql-notices');
    for (const notice of event.notices) {
      const item = element('li');
      item.append(element('span', 'sql-notice-severity', notice.severity), ' ', notice.message);
      list.append(item);
    }
    part.append(list);
  }
  if (event.error && failedLater) part.append(element('p', 'py-tag py-failed', `${t.error} ${event.error.code}`));
  else if (event.error) part.append(errorBox(event.error, event.statement, t));
  else if (event.tag) part.append(element('p', 'py-tag', event.tag));
  return part;
}

function exception(error: PythonError, t: SqlStrings): HTMLElement {
  const box = element('div', 'sql-error py-error');
  const head = element('p', 'sql-error-head');
  // For a database error, PostgreSQL's message: the driver's own text is a dump of the same fields.
  head.append(element('strong', 'py-error-type', error.type), ': ', element('span', 'sql-error-message', error.database?.message ?? error.message));
  box.append(head);
  if (error.frames.length > 0) {
    box.append(element('p', 'py-traceback-title', t.traceback));
    const list = element('ol', 'py-traceback');
    for (const frame of error.frames) {
      const item = element('li');
      item.append(element('span', 'py-frame-at', fill(t.tracebackLine, { line: frame.line, name: frame.name })));
      if (frame.code) item.append(element('code', 'py-frame-code', frame.code));
      list.append(item);
    }
    box.append(list);
  }
  const db = error.database;
  if (db) {
    box.append(errorBox(db, db.statement, t));
    const failed = element('pre', 'py-sql py-failed-statement');
    failed.setAttribute('aria-label', t.failedStatement);
    failed.append(element('code', undefined, db.statement.trim()));
    box.append(failed);
  }
  return box;
}

export function renderPythonRun(run: PythonRun, t: SqlStrings): HTMLElement[] {
  const failed = run.error?.database;
  const parts = run.events.map((event): HTMLElement => {
    if (event.kind === 'sql') return sent(event, t, !!failed && event.statement === failed.statement && event.error?.code === failed.code);
    if (event.kind === 'tx') return element('p', 'py-tx', event.statement);
    const printed = element('pre', `py-printed py-${event.kind}`);
    printed.textContent = event.text;
    return printed;
  });
  if (run.error) parts.push(exception(run.error, t));
  return parts;
}

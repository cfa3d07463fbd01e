/**
 * Results as psql prints them (aligned format, NULL as empty, `(N rows)`), for authors'
 * expected-output blocks and `npm run check` messages; and the comparison of two outputs,
 * which ignores alignment so hand-written expectations need not be padded exactly.
 */
import type { BlockRun, SqlError, StatementResult } from './results.ts';

/** Types psql right-aligns: integers, floats, numeric, money, oid. */
export const NUMERIC_TYPES: ReadonlySet<number> = new Set([20, 21, 23, 26, 700, 701, 790, 1700]);

function pad(text: string, width: number, align: 'left' | 'right' | 'center'): string {
  const gap = width - [...text].length;
  if (gap <= 0) return text;
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(gap - Math.floor(gap / 2));
  return text + ' '.repeat(gap);
}

function table(result: StatementResult): string[] {
  const columns = result.columns ?? [];
  const rows = (result.rows ?? []).map((row) => row.map((v) => (v ?? '').replace(/\n/g, '\\n')));
  const widths = columns.map((c, i) => Math.max([...c.name].length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) => ` ${cells.join(' | ')}`.trimEnd();
  const lines = [line(columns.map((c, i) => pad(c.name, widths[i], 'center')))];
  lines.push(widths.map((w) => '-'.repeat(w + 2)).join('+'));
  for (const row of rows) lines.push(line(row.map((v, i) => pad(v, widths[i], NUMERIC_TYPES.has(columns[i].typeOid) ? 'right' : 'left'))));
  const count = result.rowCount ?? rows.length;
  lines.push(`(${count} ${count === 1 ? 'row' : 'rows'})`);
  return lines;
}

export function formatError(error: SqlError): string[] {
  return [
    `${error.severity}:  ${error.message}`,
    ...(error.detail ? [`DETAIL:  ${error.detail}`] : []),
    ...(error.hint ? [`HINT:  ${error.hint}`] : []),
  ];
}

export function formatStatement(result: StatementResult): string[] {
  const notices = result.notices.map((n) => `${n.severity}:  ${n.message}`);
  if (result.error) return [...notices, ...formatError(result.error)];
  if (result.columns) return [...notices, ...table(result)];
  return [...notices, ...(result.tag ? [result.tag] : [])];
}

export function formatRun(run: BlockRun): string {
  return run.statements.map((s) => formatStatement(s).join('\n')).join('\n\n');
}

/** Lines as compared: no separator rules, no padding, single spaces, no blank lines. */
export function normaliseOutput(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[-+]+$/.test(l))
    .map((l) => l.replace(/\s*\|\s*/g, ' | ').replace(/\s+/g, ' ').trim());
}

/** The first line where two outputs differ (1-based in the normalised lines), or undefined. */
export function compareOutput(expected: string, actual: string): { line: number; expected: string; actual: string } | undefined {
  const want = normaliseOutput(expected);
  const got = normaliseOutput(actual);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) return { line: i + 1, expected: want[i] ?? '(nothing)', actual: got[i] ?? '(nothing)' };
  }
  return undefined;
}

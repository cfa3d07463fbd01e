/**
 * What an author expects a scenario to do at one isolation level, as one line that both a
 * reader and a machine can check, read into an Expectation (checked by expectations.ts).
 *
 *   read committed: ok; B4 = 110; lost update
 *   repeatable read: 40001 at A4; A5 reports ROLLBACK; prevented
 *   read committed: waits at B2 until A3; B2 reports DELETE 0; EvalPlanQual skips the row
 *
 * Clauses, separated by `;`:
 *   ok                        no step fails
 *   SQLSTATE at STEP          STEP fails with that SQLSTATE (40001, 40P01, 23505, 25P02…)
 *   waits at STEP [until S2]  STEP has to wait for a lock (and resumes right after S2 is issued)
 *   STEP = ROWS               STEP returns exactly these rows: `110`, `(1, 100), (2, 50)`,
 *                             `'text, with comma'`, `null`, or `no rows`; in any order unless
 *                             the step has a top-level ORDER BY
 *   STEP reports TAG          STEP's command tag: `UPDATE 1`, `DELETE 0`, `ROLLBACK`
 *   anything else             the label shown in the verdict; only as the last clause
 *
 * Run at build time (and by the lab's step editor, loaded when a reader edits steps).
 */
import type { Expectation } from './scenario.ts';
import { LabSpecError, parseText } from './spec-error.ts';

type Row = (string | null)[];

const STEP_NAME = String.raw`(?:[A-Za-z_][A-Za-z0-9_.$]*|"(?:[^"]|"")+")`;
const OK = /^ok$/i;
const ERROR = new RegExp(String.raw`^([0-9A-Za-z]{5})\s+at\s+(${STEP_NAME})$`);
const WAITS = new RegExp(String.raw`^waits\s+at\s+(${STEP_NAME})(?:\s+until\s+(${STEP_NAME}))?$`, 'i');
const ROWS = new RegExp(String.raw`^(${STEP_NAME})\s*=\s*(.+)$`);
const REPORTS = new RegExp(String.raw`^(${STEP_NAME})\s+reports\s+(.+)$`, 'i');

const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name);

/** Splits at `sep` outside single quotes and parentheses. */
function splitOutside(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    if (c === sep && !quoted && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function parseValue(text: string, line: number): string | null {
  if (/^null$/i.test(text)) return null;
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return quoted[1].replace(/''/g, "'");
  if (/[(),']/.test(text) || !text) throw new LabSpecError(parseText('unreadableValue', { value: text }), line);
  return text;
}

function parseRows(text: string, line: number): Row[] {
  if (/^no\s+rows$/i.test(text)) return [];
  return splitOutside(text, ',').map((row) => {
    const tuple = /^\((.*)\)$/.exec(row);
    return tuple ? splitOutside(tuple[1], ',').map((value) => parseValue(value, line)) : [parseValue(row, line)];
  });
}

/**
 * Reads one expectation (the text after `level:`, on `line`). Throws a LabSpecError that
 * names the bad clause; `steps` are the scenario's step names, which the clauses must refer to.
 */
export function parseExpectation(text: string, steps: ReadonlySet<string>, line: number): Expectation {
  const expectation: Expectation = { errors: [], waits: [], rows: [], tags: [] };
  const clauses = splitOutside(text, ';').filter(Boolean);
  let ok = false;
  const step = (name: string) => {
    const plain = unquote(name);
    if (!steps.has(plain)) throw new LabSpecError(parseText('unknownStep', { step: plain, steps: [...steps].join(', ') }), line);
    return plain;
  };
  clauses.forEach((clause, index) => {
    let m: RegExpExecArray | null;
    if (OK.test(clause)) ok = true;
    else if ((m = ERROR.exec(clause)) && /[0-9]/.test(m[1])) expectation.errors.push({ code: m[1].toUpperCase(), step: step(m[2]) });
    else if ((m = WAITS.exec(clause))) expectation.waits.push({ step: step(m[1]), until: m[2] === undefined ? undefined : step(m[2]) });
    else if ((m = REPORTS.exec(clause))) expectation.tags.push({ step: step(m[1]), tag: m[2].trim() });
    else if ((m = ROWS.exec(clause))) expectation.rows.push({ step: step(m[1]), rows: parseRows(m[2].trim(), line) });
    else if (index === clauses.length - 1) expectation.label = clause;
    else {
      throw new LabSpecError(parseText('notACheck', { clause }), line);
    }
  });
  if (ok && expectation.errors.length) throw new LabSpecError(parseText('okWithError'), line);
  return expectation;
}

/**
 * What an author expects a scenario to do at one isolation level, as one line that both a
 * reader and a machine can check, and the one-line verdict the lab shows after a run.
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
 * Errors and waits are checked exactly: a step that fails or waits without being listed
 * fails the expectation, so `ok` alone also says that no step waits. Browser-safe.
 */
import { fill } from '../i18n/format.ts';
import type { Strings } from '../i18n/types.ts';
import { isOrdered, resultText, rowsText, sameRows } from './compare.ts';
import { levelTitle } from './levels.ts';
import type { IsolationLevel, LabScenario, StepResult, Transcript } from './scenario.ts';

type Row = (string | null)[];

export interface Expectation {
  label?: string;
  errors: { step: string; code: string }[];
  waits: { step: string; until?: string }[];
  rows: { step: string; rows: Row[] }[];
  tags: { step: string; tag: string }[];
}

export interface Verdict {
  /** `none` when the author stated nothing for this level: the line then only says what happened. */
  status: 'pass' | 'fail' | 'none';
  /** `lost update under READ COMMITTED`, `prevented under REPEATABLE READ: 40001 on step A4`. */
  line: string;
  /** Every way the run differs from the expectation, in words. */
  problems: string[];
}

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

function parseValue(text: string): string | null {
  if (/^null$/i.test(text)) return null;
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return quoted[1].replace(/''/g, "'");
  if (/[(),']/.test(text) || !text) throw new Error(`cannot read the value "${text}" (quote values with commas or parentheses: 'a, b')`);
  return text;
}

function parseRows(text: string): Row[] {
  if (/^no\s+rows$/i.test(text)) return [];
  return splitOutside(text, ',').map((row) => {
    const tuple = /^\((.*)\)$/.exec(row);
    return tuple ? splitOutside(tuple[1], ',').map(parseValue) : [parseValue(row)];
  });
}

/**
 * Reads one expectation (the text after `level:`). Throws with a message that names the bad
 * clause; `steps` are the scenario's step names, which the clauses must refer to.
 */
export function parseExpectation(text: string, steps: ReadonlySet<string>): Expectation {
  const expectation: Expectation = { errors: [], waits: [], rows: [], tags: [] };
  const clauses = splitOutside(text, ';').filter(Boolean);
  let ok = false;
  const step = (name: string) => {
    const plain = unquote(name);
    if (!steps.has(plain)) throw new Error(`unknown step "${plain}" (steps: ${[...steps].join(', ')})`);
    return plain;
  };
  clauses.forEach((clause, index) => {
    let m: RegExpExecArray | null;
    if (OK.test(clause)) ok = true;
    else if ((m = ERROR.exec(clause)) && /[0-9]/.test(m[1])) expectation.errors.push({ code: m[1].toUpperCase(), step: step(m[2]) });
    else if ((m = WAITS.exec(clause))) expectation.waits.push({ step: step(m[1]), until: m[2] === undefined ? undefined : step(m[2]) });
    else if ((m = REPORTS.exec(clause))) expectation.tags.push({ step: step(m[1]), tag: m[2].trim() });
    else if ((m = ROWS.exec(clause))) expectation.rows.push({ step: step(m[1]), rows: parseRows(m[2].trim()) });
    else if (index === clauses.length - 1) expectation.label = clause;
    else {
      throw new Error(
        `"${clause}" is not a check (ok; SQLSTATE at STEP; waits at STEP [until STEP]; STEP = rows; STEP reports TAG); ` +
          'only the last clause may be a free-text label',
      );
    }
  });
  if (ok && expectation.errors.length) throw new Error('"ok" says no step fails; it cannot go with an expected error');
  return expectation;
}

/** What the transcript says each step did: its results (a step may run more than once) and its waits. */
function facts(transcript: Transcript) {
  const results = new Map<string, StepResult[]>();
  const waits = new Map<string, { waitsFor?: string[]; after?: string }>();
  for (const event of transcript.events) {
    if (event.kind === 'waiting') waits.set(event.step, { waitsFor: event.waitsFor });
    else {
      results.set(event.step, [...(results.get(event.step) ?? []), event.result]);
      if (event.kind === 'resumed') waits.set(event.step, { ...waits.get(event.step), after: event.after });
    }
  }
  return { results, waits };
}

type VerdictStrings = Strings['labText'];

function errorsText(errors: { step: string; code: string }[], t: VerdictStrings): string {
  return errors.map((e) => fill(t.verdict.errorOnStep, { code: e.code, step: e.step })).join(', ');
}

function check(expectation: Expectation, scenario: LabScenario, transcript: Transcript, t: VerdictStrings): string[] {
  const { results, waits } = facts(transcript);
  const problems: { step: string; text: string }[] = [];
  const p = t.problems;
  const add = (step: string, template: string, values: Record<string, string> = {}) => problems.push({ step, text: fill(template, { step, ...values }) });
  const result = (r: StepResult) => resultText(r, p.emptyQuery);
  const rows = (r: Row[]) => rowsText(r, p.noRows);
  const sql = new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, step.sql] as const)));
  const last = (step: string) => results.get(step)?.at(-1);

  for (const { step, code } of expectation.errors) {
    const all = results.get(step) ?? [];
    if (all.some((r) => r.error?.code === code)) continue;
    const failed = all.find((r) => r.error);
    if (failed) add(step, p.failedNot, { code: failed.error!.code, expected: code, message: failed.error!.message });
    else if (all.length) add(step, p.didNotFail, { code, result: result(all[0]) });
    else add(step, p.didNotFailIncomplete, { code });
  }
  for (const [step, all] of results) {
    for (const r of all) {
      if (r.error && !expectation.errors.some((e) => e.step === step && e.code === r.error!.code)) {
        add(step, p.failed, { code: r.error.code, message: r.error.message });
      }
    }
  }
  for (const { step, until } of expectation.waits) {
    const wait = waits.get(step);
    if (!wait) add(step, p.didNotWait);
    else if (until && wait.after !== until) {
      if (wait.after) add(step, p.resumedNot, { after: wait.after, until });
      else add(step, p.neverResumed);
    }
  }
  for (const [step, wait] of waits) {
    if (!expectation.waits.some((w) => w.step === step)) {
      if (wait.waitsFor?.length) add(step, p.waitedFor, { sessions: wait.waitsFor.join(', ') });
      else add(step, p.waited);
    }
  }
  for (const { step, rows: expected } of expectation.rows) {
    const r = last(step);
    if (!r) add(step, p.neverCompleted);
    else if (!r.rows) add(step, p.noRowsReturned, { result: result(r) });
    else if (!sameRows(expected, r.rows, isOrdered(sql.get(step) ?? ''))) add(step, p.rowsNot, { rows: rows(r.rows), expected: rows(expected) });
  }
  for (const { step, tag } of expectation.tags) {
    const r = last(step);
    if (!r) add(step, p.neverCompleted);
    else if (r.tag?.toUpperCase() !== tag.toUpperCase()) add(step, p.reportedNot, { result: result(r), tag });
  }
  // In the order the steps were issued, as a reader goes through the run.
  const order = (step: string) => transcript.permutation.indexOf(step);
  return problems.sort((a, b) => order(a.step) - order(b.step)).map((problem) => problem.text);
}

/**
 * The one-line verdict of a run at `level`, and whether it is what the scenario's author
 * expects (`status: 'none'` when the scenario says nothing for that level), in the language
 * of `t` (the string table's `labText`). The author's label is theirs, levels and SQLSTATEs
 * are PostgreSQL's.
 */
export function verdict(scenario: LabScenario, level: IsolationLevel, transcript: Transcript, t: VerdictStrings): Verdict {
  const title = levelTitle(level);
  const text = scenario.expected[level];
  if (text === undefined) {
    const errors = [...facts(transcript).results].flatMap(([step, all]) => all.filter((r) => r.error).map((r) => ({ step, code: r.error!.code })));
    return { status: 'none', line: fill(t.verdict.none, { level: title, errors: errors.length ? errorsText(errors, t) : t.verdict.noStepFailed }), problems: [] };
  }
  const steps = new Set(scenario.sessions.flatMap((s) => s.steps.map((step) => step.name)));
  const expectation = parseExpectation(text, steps);
  const problems = check(expectation, scenario, transcript, t);
  const { label } = expectation;
  if (problems.length) {
    const line = label ? fill(t.verdict.failLabel, { label, level: title, problem: problems[0] }) : fill(t.verdict.fail, { level: title, problem: problems[0] });
    return { status: 'fail', line, problems };
  }
  const values = { label: label ?? t.verdict.asExpected, level: title, errors: errorsText(expectation.errors, t) };
  return { status: 'pass', line: fill(expectation.errors.length ? t.verdict.passErrors : t.verdict.pass, values), problems };
}

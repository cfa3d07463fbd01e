/**
 * The one-line verdict the lab shows after a run, and whether the run is what the
 * scenario's author expects at its level: the expectation comes parsed with the scenario
 * (expectation-parser.ts, at build time for a note's blocks), so the browser checks a run
 * without the parser. Errors and waits are checked exactly: a step that fails or waits
 * without being listed fails the expectation, so `ok` alone also says that no step waits.
 * Browser-safe.
 */
import { fill } from '../i18n/format.ts';
import type { Strings } from '../i18n/types.ts';
import { isOrdered, resultText, rowsText, sameRows } from './compare.ts';
import { levelTitle } from './levels.ts';
import type { Expectation, IsolationLevel, LabScenario, StepResult, Transcript } from './scenario.ts';

export interface Verdict {
  /** `none` when the author stated nothing for this level: the line then only says what happened. */
  status: 'pass' | 'fail' | 'none';
  /** `lost update under READ COMMITTED`, `prevented under REPEATABLE READ: 40001 on step A4`. */
  line: string;
  /** Every way the run differs from the expectation, in words. */
  problems: string[];
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
  const rows = (r: (string | null)[][]) => rowsText(r, p.noRows);
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
  const expectation = scenario.expectations[level];
  if (expectation === undefined) {
    const errors = [...facts(transcript).results].flatMap(([step, all]) => all.filter((r) => r.error).map((r) => ({ step, code: r.error!.code })));
    return { status: 'none', line: fill(t.verdict.none, { level: title, errors: errors.length ? errorsText(errors, t) : t.verdict.noStepFailed }), problems: [] };
  }
  const problems = check(expectation, scenario, transcript, t);
  const { label } = expectation;
  if (problems.length) {
    const line = label ? fill(t.verdict.failLabel, { label, level: title, problem: problems[0] }) : fill(t.verdict.fail, { level: title, problem: problems[0] });
    return { status: 'fail', line, problems };
  }
  const values = { label: label ?? t.verdict.asExpected, level: title, errors: errorsText(expectation.errors, t) };
  return { status: 'pass', line: fill(expectation.errors.length ? t.verdict.passErrors : t.verdict.pass, values), problems };
}

/**
 * The one-line verdict the lab shows after a run, and whether the run is what the
 * scenario's author expects at its level: the expectation comes parsed with the scenario
 * (expectation-parser.ts, at build time for a note's blocks), so the browser checks a run
 * without the parser. Errors and waits are checked exactly: a step that fails or waits
 * without being listed fails the expectation, so `ok` alone also says that no step waits.
 * Browser-safe.
 */
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

function errorsText(errors: { step: string; code: string }[]): string {
  return errors.map((e) => `${e.code} on step ${e.step}`).join(', ');
}

function check(expectation: Expectation, scenario: LabScenario, transcript: Transcript): string[] {
  const { results, waits } = facts(transcript);
  const problems: { step: string; text: string }[] = [];
  const add = (step: string, text: string) => problems.push({ step, text });
  const sql = new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, step.sql] as const)));
  const last = (step: string) => results.get(step)?.at(-1);

  for (const { step, code } of expectation.errors) {
    const all = results.get(step) ?? [];
    if (all.some((r) => r.error?.code === code)) continue;
    const failed = all.find((r) => r.error);
    if (failed) add(step, `step ${step} failed with ${failed.error!.code}, not ${code} (${failed.error!.message})`);
    else if (all.length) add(step, `step ${step} did not fail with ${code}: it reported ${resultText(all[0])}`);
    else add(step, `step ${step} did not fail with ${code}: it never completed`);
  }
  for (const [step, all] of results) {
    for (const r of all) {
      if (r.error && !expectation.errors.some((e) => e.step === step && e.code === r.error!.code)) {
        add(step, `step ${step} failed with ${r.error.code} (${r.error.message})`);
      }
    }
  }
  for (const { step, until } of expectation.waits) {
    const wait = waits.get(step);
    if (!wait) add(step, `step ${step} did not wait`);
    else if (until && wait.after !== until) add(step, wait.after ? `step ${step} resumed after ${wait.after}, not after ${until}` : `step ${step} never resumed`);
  }
  for (const [step, wait] of waits) {
    if (!expectation.waits.some((w) => w.step === step)) {
      add(step, `step ${step} waited${wait.waitsFor?.length ? ` for ${wait.waitsFor.join(', ')}` : ''}`);
    }
  }
  for (const { step, rows } of expectation.rows) {
    const result = last(step);
    if (!result) add(step, `step ${step} never completed`);
    else if (!result.rows) add(step, `step ${step} returned no rows: it reported ${resultText(result)}`);
    else if (!sameRows(rows, result.rows, isOrdered(sql.get(step) ?? ''))) add(step, `step ${step} returned ${rowsText(result.rows)}, not ${rowsText(rows)}`);
  }
  for (const { step, tag } of expectation.tags) {
    const result = last(step);
    if (!result) add(step, `step ${step} never completed`);
    else if (result.tag?.toUpperCase() !== tag.toUpperCase()) add(step, `step ${step} reported ${resultText(result)}, not ${tag}`);
  }
  // In the order the steps were issued, as a reader goes through the run.
  const order = (step: string) => transcript.permutation.indexOf(step);
  return problems.sort((a, b) => order(a.step) - order(b.step)).map((p) => p.text);
}

/**
 * The one-line verdict of a run at `level`, and whether it is what the scenario's author
 * expects (`status: 'none'` when the scenario says nothing for that level).
 */
export function verdict(scenario: LabScenario, level: IsolationLevel, transcript: Transcript): Verdict {
  const title = levelTitle(level);
  const expectation = scenario.expectations[level];
  if (expectation === undefined) {
    const errors = [...facts(transcript).results].flatMap(([step, all]) => all.filter((r) => r.error).map((r) => ({ step, code: r.error!.code })));
    return { status: 'none', line: `${title}: ${errors.length ? errorsText(errors) : 'no step failed'}`, problems: [] };
  }
  const problems = check(expectation, scenario, transcript);
  const { label } = expectation;
  if (problems.length) {
    const line = label ? `expected ${label} under ${title}, but ${problems[0]}` : `not as expected under ${title}: ${problems[0]}`;
    return { status: 'fail', line, problems };
  }
  const errors = expectation.errors.length ? `: ${errorsText(expectation.errors)}` : '';
  return { status: 'pass', line: `${label ?? 'as expected'} under ${title}${errors}`, problems };
}

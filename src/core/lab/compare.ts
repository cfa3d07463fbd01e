/**
 * Step-by-step comparison of two transcripts of the same permutation and level, one from the
 * real server and one from the PGlite engine: the events must come in the same order (which
 * steps completed at once, which waited, for whom, and after which step each resumed), and
 * each result must agree on its command tag, columns, SQLSTATE and rows — a multiset unless
 * the step's last statement has a top-level ORDER BY. Message wording and notices are not
 * compared (the oracle is PostgreSQL 15, PGlite is 18). Browser-safe.
 */
import { splitStatements } from '../sql/split.ts';
import type { LabScenario, StepResult, Transcript, TranscriptEvent } from './scenario.ts';

type Rows = (string | null)[][];

/** The statement with comments, quoted text and parenthesised parts removed: what is left is its top level. */
function topLevel(sql: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const skip =
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^'(?:[^']|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^(\$[A-Za-z_0-9]*\$)[\s\S]*?\1/.exec(rest);
    if (skip) {
      out += ' ';
      i += skip[0].length;
      continue;
    }
    const c = sql[i++];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}

/** Whether the order of a step's rows is part of its result: its last statement has a top-level ORDER BY. */
export function isOrdered(sql: string): boolean {
  const statements = splitStatements(sql);
  const last = statements[statements.length - 1]?.text ?? '';
  return /\border\s+by\b/i.test(topLevel(last));
}

export function sameRows(a: Rows, b: Rows, ordered: boolean): boolean {
  if (a.length !== b.length) return false;
  const keys = (rows: Rows) => rows.map((r) => JSON.stringify(r));
  const [ka, kb] = [keys(a), keys(b)];
  if (!ordered) {
    ka.sort();
    kb.sort();
  }
  return ka.every((k, i) => k === kb[i]);
}

/** Rows as a short text for messages: `(1, 100), (2, NULL)`; `none` when there are none. */
export function rowsText(rows: Rows, none = 'no rows'): string {
  if (!rows.length) return none;
  return rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : v)).join(', ')})`).join(', ');
}

/** `UPDATE 1`, `40001 could not serialize…`; `empty` for a query with no command tag. */
export function resultText(result: StepResult, empty = 'an empty query'): string {
  if (result.error) return `${result.error.code} ${result.error.message}`;
  return result.tag ?? empty;
}

function eventText(event: TranscriptEvent): string {
  switch (event.kind) {
    case 'waiting':
      return `${event.step} waited${event.waitsFor?.length ? ` for ${event.waitsFor.join(', ')}` : ''}`;
    case 'done':
      return `${event.step} completed (${resultText(event.result)})`;
    case 'resumed':
      return `${event.step} resumed after ${event.after} (${resultText(event.result)})`;
  }
}

/**
 * An error message with what differs from run to run on a server left out: transaction ids
 * and process ids (`transaction 1234`, `process 5678`).
 */
export const maskedMessage = (message: string) => message.replace(/\b(transaction|process) \d+/g, '$1 N');

function compareResults(step: string, a: StepResult, b: StepResult, ordered: boolean, [na, nb]: readonly [string, string]): string | undefined {
  if (a.error?.code !== b.error?.code || (a.error && maskedMessage(a.error.message) !== maskedMessage(b.error!.message))) {
    const what = (r: StepResult) => (r.error ? `fails with ${r.error.code} (${r.error.message})` : `succeeds (${resultText(r)})`);
    return `step ${step}: on ${na} it ${what(a)}, on ${nb} it ${what(b)}`;
  }
  if (a.error) return undefined;
  if (a.tag !== b.tag) return `step ${step}: ${na} reports ${a.tag ?? 'no command tag'}, ${nb} reports ${b.tag ?? 'no command tag'}`;
  const cols = (r: StepResult) => (r.columns ?? []).join(', ');
  if (cols(a) !== cols(b)) return `step ${step}: columns differ: ${na} (${cols(a)}), ${nb} (${cols(b)})`;
  if (!sameRows(a.rows ?? [], b.rows ?? [], ordered)) {
    return `step ${step}: rows differ${ordered ? ' (ORDER BY: order counts)' : ''}: ${na} ${rowsText(a.rows ?? [])}; ${nb} ${rowsText(b.rows ?? [])}`;
  }
  return undefined;
}

/**
 * The first difference between two transcripts, in words, or undefined when they agree.
 * `names` are the two sides' names in the message (the server's first).
 */
export function compareTranscripts(
  scenario: LabScenario,
  a: Transcript,
  b: Transcript,
  names: readonly [string, string] = ['the server', 'the engine'],
): string | undefined {
  if (a.level !== b.level) return `levels differ: ${a.level} and ${b.level}`;
  if (a.permutation.join(' ') !== b.permutation.join(' ')) return `permutations differ: ${a.permutation.join(' ')} and ${b.permutation.join(' ')}`;
  const sql = new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, step.sql] as const)));
  const [na, nb] = names;
  const count = Math.max(a.events.length, b.events.length);
  for (let i = 0; i < count; i++) {
    const ea = a.events[i];
    const eb = b.events[i];
    if (!ea || !eb) {
      const [longer, name] = ea ? [ea, na] : [eb!, nb];
      return `event ${i + 1}: only ${name} has "${eventText(longer)}"`;
    }
    if (ea.kind !== eb.kind || ea.step !== eb.step) return `event ${i + 1}: ${na}: ${eventText(ea)}; ${nb}: ${eventText(eb)}`;
    if (ea.kind === 'waiting' && eb.kind === 'waiting' && ea.waitsFor && eb.waitsFor) {
      const [wa, wb] = [[...ea.waitsFor].sort().join(', '), [...eb.waitsFor].sort().join(', ')];
      if (wa !== wb) return `step ${ea.step} waits for ${wa} on ${na}, for ${wb} on ${nb}`;
    }
    if (ea.kind === 'resumed' && eb.kind === 'resumed' && ea.after !== eb.after) {
      return `step ${ea.step} resumes after ${ea.after} on ${na}, after ${eb.after} on ${nb}`;
    }
    if (ea.kind !== 'waiting' && eb.kind !== 'waiting') {
      const difference = compareResults(ea.step, ea.result, eb.result, isOrdered(sql.get(ea.step) ?? ''), names);
      if (difference) return difference;
    }
  }
  return undefined;
}

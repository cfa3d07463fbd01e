/**
 * A transcript as text, in the spirit of isolationtester's output: each step with its SQL
 * when issued, `<waiting …>` when it has to wait, `<… completed after X>` when it resumes,
 * then its rows (aligned, NULL empty), command tag, error or notices. Browser-safe.
 */
import { levelTitle } from './levels.ts';
import type { LabScenario, StepResult, Transcript } from './scenario.ts';

function table(columns: string[], rows: (string | null)[][]): string[] {
  const cells = rows.map((r) => r.map((v) => (v ?? '').replace(/\n/g, '\\n')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)];
}

function resultLines(result: StepResult): string[] {
  const lines = (result.notices ?? []).slice();
  if (result.error) return [...lines, `ERROR:  ${result.error.message} (${result.error.code})`];
  if (result.columns) lines.push(...table(result.columns, result.rows ?? []));
  if (result.tag) lines.push(result.tag);
  return lines;
}

export function transcriptText(scenario: LabScenario, transcript: Transcript): string {
  const sql = new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, step.sql] as const)));
  const out = [`${levelTitle(transcript.level)} — permutation ${transcript.permutation.join(' ')}`];
  const indent = (lines: string[]) => lines.map((l) => `    ${l}`);
  for (const event of transcript.events) {
    const head = `${event.step}: `;
    const text = (sql.get(event.step) ?? '').replace(/\n/g, `\n${' '.repeat(head.length)}`);
    if (event.kind === 'waiting') {
      out.push(`${head}${text}  <waiting${event.waitsFor?.length ? ` for ${event.waitsFor.join(', ')}` : ''} …>`);
    } else if (event.kind === 'resumed') {
      out.push(`${head}<… completed after ${event.after}>`, ...indent(resultLines(event.result)));
    } else {
      out.push(`${head}${text}`, ...indent(resultLines(event.result)));
    }
  }
  return out.join('\n');
}

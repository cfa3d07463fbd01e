/**
 * A ```lab block (or a .spec / .lab file) → LabScenario. Two formats, told apart by their
 * first words: PostgreSQL's isolationtester specs (isolation-spec.ts) and the compact format
 * for authors (compact-spec.ts). Both may state expectations per isolation level
 * (expectations.ts): compact under `-- expect`, isolationtester specs in `# expect <level>: …`
 * comments. Malformed input throws LabSpecError with the line in the note. Run at build
 * time; in the browser only by the lab's step editor (src/scripts/lab/step-editor.ts).
 */
import { parseCompactSpec } from './compact-spec.ts';
import { parseExpectation } from './expectation-parser.ts';
import { parseIsolationSpec, type DirectiveLine } from './isolation-spec.ts';
import { parseLevel } from './levels.ts';
import type { LabScenario } from './scenario.ts';
import { LabSpecError, parseText } from './spec-error.ts';

export { LabSpecError } from './spec-error.ts';
export { verdict, type Verdict } from './expectations.ts';

export type LabFormat = 'isolationtester' | 'compact';

/** An isolationtester spec starts (after `#` comments) with setup {, teardown {, session or permutation. */
export function detectLabFormat(text: string): LabFormat {
  const body = text.replace(/^(?:[ \t\r\f]*(?:#[^\n]*)?\n)*/, '');
  return /^[ \t\r\f]*(?:(?:setup|teardown)\s*\{|session\s+["A-Za-z_\u0080-\uffff]|permutation\s)/.test(body) ? 'isolationtester' : 'compact';
}

function addExpectations(scenario: LabScenario, lines: DirectiveLine[]): void {
  const steps = new Set(scenario.sessions.flatMap((s) => s.steps.map((step) => step.name)));
  for (const { text, line } of lines) {
    const colon = text.indexOf(':');
    const parsed = colon > 0 ? parseLevel(text.slice(0, colon)) : undefined;
    if (!parsed) throw new LabSpecError(parseText('expectationShape'), line);
    if (parsed.uncommitted) throw new LabSpecError(parseText('readUncommitted'), line);
    if (scenario.expected[parsed.level] !== undefined) throw new LabSpecError(parseText('secondExpectation', { level: parsed.level }), line);
    const outcome = text.slice(colon + 1).trim();
    scenario.expectations[parsed.level] = parseExpectation(outcome, steps, line);
    scenario.expected[parsed.level] = outcome;
  }
}

/**
 * Parses a scenario. `firstLine` is the line of the text's first line in its file (the line
 * after the opening fence, for a block in a note), so errors and steps carry file lines.
 */
export function parseLab(text: string, options: { firstLine?: number; format?: LabFormat } = {}): LabScenario {
  const firstLine = options.firstLine ?? 1;
  if ((options.format ?? detectLabFormat(text)) === 'compact') {
    const { scenario, expectLines } = parseCompactSpec(text, firstLine);
    addExpectations(scenario, expectLines);
    return scenario;
  }
  const { scenario, comments } = parseIsolationSpec(text, firstLine);
  const expectLines: DirectiveLine[] = [];
  for (const { text: comment, line } of comments) {
    const title = /^\s*title\s*:\s*(.*)$/i.exec(comment);
    if (title) scenario.title = title[1].trim();
    const expect = /^\s*expect\s+(.*)$/i.exec(comment);
    if (expect && expect[1].includes(':')) expectLines.push({ text: expect[1].trim(), line });
  }
  addExpectations(scenario, expectLines);
  return scenario;
}

/**
 * The compact scenario format, for authors: plain lines that read well in Obsidian.
 *
 *   -- title: Lost update                      (optional)
 *   -- level B: serializable                   (optional: this session ignores the level switch)
 *   -- setup                                   (SQL, run once before the sessions start;
 *   CREATE TABLE accounts (…);                  several setup sections run one after another)
 *   -- steps
 *   A: BEGIN;                                  one step per line: session name, colon, SQL;
 *   A: UPDATE accounts                         the session is named by the prefix, the step
 *        SET balance = 0 WHERE id = 1;         after it and its ordinal (A1, A2…; s1.1 when the
 *   B: SELECT balance FROM accounts;           name ends in a digit); indented lines continue
 *   -- expect                                  a step; the order of the lines is the order the
 *   read committed: ok; lost update            steps are issued in. `--` lines are comments.
 *   -- teardown                                (optional)
 *
 * Sections may come in any order; lines before the first header are steps, so a block of
 * step lines alone is a scenario. The expect lines are read by expectations.ts.
 */
import { parseLevel } from './levels.ts';
import type { LabScenario, LabSession } from './scenario.ts';
import { LabSpecError, parseText } from './spec-error.ts';
import { tidySql, type DirectiveLine } from './isolation-spec.ts';

const HEADER = /^--\s*(setup|teardown|steps|expect)\s*:?\s*$/i;
const TITLE = /^--\s*title\s*:\s*(.*)$/i;
const LEVEL = /^--\s*level\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/i;
/** `A: SQL` — not `A::int`, which would be a cast. */
const STEP = /^([A-Za-z_][A-Za-z0-9_]*):(?!:)[ \t]*(.*)$/;

function addSession(scenario: LabScenario, name: string): LabSession {
  const session: LabSession = { name, setup: [], steps: [] };
  scenario.sessions.push(session);
  return session;
}

function stepName(session: string, ordinal: number): string {
  return /[0-9]$/.test(session) ? `${session}.${ordinal}` : `${session}${ordinal}`;
}

export function parseCompactSpec(text: string, firstLine = 1): { scenario: LabScenario; expectLines: DirectiveLine[] } {
  const scenario: LabScenario = { setup: [], teardown: [], sessions: [], permutations: [[]], expected: {}, expectations: {} };
  const expectLines: DirectiveLine[] = [];
  const levels: { session: string; level: string; line: number }[] = [];
  let section: 'setup' | 'teardown' | 'steps' | 'expect' = 'steps';
  let block: string[] | undefined;
  /** The step being read, whose SQL indented lines continue. */
  let step: { lines: string[]; apply: (sql: string) => void } | undefined;

  const endBlock = () => {
    if (block && block.some((l) => l.trim())) (section === 'setup' ? scenario.setup : scenario.teardown).push(tidySql(block.join('\n')));
    block = undefined;
  };
  const endStep = () => {
    if (step) step.apply(tidySql(step.lines.join('\n')));
    step = undefined;
  };

  text.split('\n').forEach((raw, index) => {
    const line = firstLine + index;
    const source = raw.replace(/\r$/, '');
    const trimmed = source.trim();
    const header = HEADER.exec(trimmed);
    if (header) {
      endBlock();
      endStep();
      section = header[1].toLowerCase() as typeof section;
      if (section === 'setup' || section === 'teardown') block = [];
      return;
    }
    const title = TITLE.exec(trimmed);
    if (title) {
      scenario.title = title[1].trim();
      return;
    }
    const level = LEVEL.exec(trimmed);
    if (level) {
      levels.push({ session: level[1], level: level[2], line });
      return;
    }
    if (section === 'setup' || section === 'teardown') {
      block!.push(source);
      return;
    }
    if (!trimmed || (trimmed.startsWith('--') && !/^[ \t]/.test(source))) return;
    if (section === 'expect') {
      expectLines.push({ text: trimmed, line });
      return;
    }
    const start = STEP.exec(source);
    if (start) {
      endStep();
      const [, sessionName, sql] = start;
      const session = scenario.sessions.find((s) => s.name === sessionName) ?? addSession(scenario, sessionName);
      const name = stepName(sessionName, session.steps.length + 1);
      // Continuation lines keep their indentation relative to where the SQL starts.
      const column = source.length - sql.length;
      step = {
        lines: [' '.repeat(column) + sql],
        apply: (full) => {
          if (!full) throw new LabSpecError(parseText('stepWithoutSql', { step: name }), line);
          session.steps.push({ name, session: sessionName, sql: full, line });
        },
      };
      scenario.permutations[0].push(name);
      return;
    }
    if (/^[ \t]/.test(source) && step) {
      step.lines.push(source);
      return;
    }
    throw new LabSpecError(parseText(step || scenario.sessions.length ? 'expectedStep' : 'expectedStepOrHeader'), line);
  });
  endBlock();
  endStep();

  if (!scenario.permutations[0].length) throw new LabSpecError(parseText('noSteps'), firstLine);
  for (const { session, level, line } of levels) {
    const target = scenario.sessions.find((s) => s.name === session);
    if (!target) throw new LabSpecError(parseText('levelWithoutSession', { session, sessions: scenario.sessions.map((s) => s.name).join(', ') }), line);
    const parsed = parseLevel(level);
    if (!parsed) throw new LabSpecError(parseText('unknownLevel', { level }), line);
    target.level = parsed.level;
  }
  return { scenario, expectLines };
}

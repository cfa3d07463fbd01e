/**
 * PostgreSQL's isolationtester spec format (src/test/isolation/specparse.y and
 * specscanner.l, PostgreSQL 14 and later, which also reads the older quoted names), so a
 * spec from PostgreSQL's own suite can be pasted into a note as it is:
 *
 *   TestSpec     := setup* teardown? session+ permutation*
 *   setup        := 'setup' SQLBLOCK              teardown := 'teardown' SQLBLOCK
 *   session      := 'session' NAME setup? step+ teardown?
 *   step         := 'step' NAME SQLBLOCK
 *   permutation  := 'permutation' pstep+
 *   pstep        := NAME ( '(' blocker ( ',' blocker )* ')' )?
 *   blocker      := NAME | NAME 'notices' INTEGER | '*'
 *
 * Tokens as the flex scanner makes them: keywords are lower case and whole words; NAME is
 * [A-Za-z_\x80-][A-Za-z0-9_$\x80-]* or "double quoted" ("" for a quote, no newline); a SQL
 * block runs from `{` to the first `}` (isolationtester has no escape for a `}` inside SQL),
 * without the blanks that follow `{` and precede `}`; `#` starts a comment. Without a
 * permutation line, every interleaving of the sessions' steps is run, as isolationtester does.
 * Two comment forms are ours: `# title: …` and `# expect <level>: …` (see expectations.ts).
 */
import type { LabScenario, LabSession, StepBlocker } from './scenario.ts';
import type { LabText } from './lab-text.ts';
import { LabSpecError, parseText } from './spec-error.ts';

type Keyword = 'notices' | 'permutation' | 'session' | 'setup' | 'step' | 'teardown';
type Token =
  | { kind: 'keyword'; value: Keyword; line: number }
  | { kind: 'name'; value: string; line: number }
  | { kind: 'sql'; value: string; line: number }
  | { kind: 'integer'; value: number; line: number }
  | { kind: 'punct'; value: ',' | '(' | ')' | '*'; line: number }
  | { kind: 'end'; line: number };

const KEYWORDS: ReadonlySet<string> = new Set<Keyword>(['notices', 'permutation', 'session', 'setup', 'step', 'teardown']);
const BLANK = /[ \t\r\f]/;
const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CONT = /[A-Za-z0-9_$\u0080-\uffff]/;
/** More interleavings than any lab should ask a reader to step through. */
const MAX_PERMUTATIONS = 1000;

/** A line of text and where it is: a `#` comment here, an expect line in the compact format. */
export interface DirectiveLine {
  text: string;
  line: number;
}

function tokenize(text: string, firstLine: number): { tokens: Token[]; comments: DirectiveLine[] } {
  const tokens: Token[] = [];
  const comments: DirectiveLine[] = [];
  let line = firstLine;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (BLANK.test(c)) {
      i++;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      comments.push({ text: text.slice(i + 1, stop).replace(/\r$/, ''), line });
      i = stop;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new LabSpecError(parseText('unterminatedQuoted'), line);
        if (text[i] === '\n') throw new LabSpecError(parseText('newlineInQuoted'), line);
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        }
        value += text[i++];
      }
      i++;
      tokens.push({ kind: 'name', value, line });
    } else if (c === '{') {
      const start = line;
      i++;
      while (i < text.length && BLANK.test(text[i])) i++;
      const close = text.indexOf('}', i);
      if (close < 0) throw new LabSpecError(parseText('unterminatedSql'), start);
      const body = text.slice(i, close);
      line += body.split('\n').length - 1;
      tokens.push({ kind: 'sql', value: body.replace(/[ \t\r\f]+$/, ''), line: start });
      i = close + 1;
    } else if (/[0-9]/.test(c)) {
      const digits = /^[0-9]+/.exec(text.slice(i))![0];
      tokens.push({ kind: 'integer', value: Number(digits), line });
      i += digits.length;
    } else if (c === ',' || c === '(' || c === ')' || c === '*') {
      tokens.push({ kind: 'punct', value: c, line });
      i++;
    } else if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < text.length && IDENT_CONT.test(text[end])) end++;
      const word = text.slice(i, end);
      tokens.push(KEYWORDS.has(word) ? { kind: 'keyword', value: word as Keyword, line } : { kind: 'name', value: word, line });
      i = end;
    } else {
      throw new LabSpecError(parseText('unexpectedCharacter', { char: c }), line);
    }
  }
  tokens.push({ kind: 'end', line });
  return { tokens, comments };
}

/** SQL as the reader sees it in a lane: no outer blank lines, common indentation removed. */
export function tidySql(sql: string): string {
  const lines = sql.replace(/\r/g, '').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n');
}

function describe(token: Token): LabText | string {
  switch (token.kind) {
    case 'end':
      return parseText('foundEnd');
    case 'sql':
      return parseText('foundSqlBlock');
    case 'keyword':
      return `"${token.value}"`;
    case 'name':
      return parseText('foundName', { name: token.value });
    default:
      return `"${token.value}"`;
  }
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  peek(): Token {
    return this.tokens[this.pos];
  }

  next(): Token {
    return this.tokens[this.pos++];
  }

  atKeyword(value: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.value === value;
  }

  atPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === value;
  }

  /** `expected`: a keyword as written (`"session"`), or what is meant in words. */
  fail(expected: LabText | string): never {
    const t = this.peek();
    throw new LabSpecError(parseText('expectedFound', { expected, found: describe(t) }), t.line);
  }

  sql(after: string): string {
    const t = this.peek();
    if (t.kind !== 'sql') this.fail(parseText('sqlBlockAfter', { after }));
    this.pos++;
    return t.value;
  }

  name(what: LabText): { value: string; line: number } {
    const t = this.peek();
    if (t.kind !== 'name') this.fail(what);
    this.pos++;
    return { value: t.value, line: t.line };
  }

  integer(what: LabText): number {
    const t = this.peek();
    if (t.kind !== 'integer') this.fail(what);
    this.pos++;
    return t.value;
  }
}

interface PermutationStepRef {
  name: string;
  line: number;
  blockers: { blocker: StepBlocker; line: number }[];
}

function parseBlocker(p: Parser): { blocker: StepBlocker; line: number } {
  if (p.atPunct('*')) return { blocker: { kind: 'once' }, line: p.next().line };
  const { value, line } = p.name(parseText('blockerName'));
  if (!p.atKeyword('notices')) return { blocker: { kind: 'step', step: value }, line };
  p.next();
  return { blocker: { kind: 'notices', step: value, count: p.integer(parseText('numberAfterNotices')) }, line };
}

function parsePermutation(p: Parser): PermutationStepRef[] {
  const steps: PermutationStepRef[] = [];
  for (let token = p.peek(); token.kind === 'name'; token = p.peek()) {
    p.next();
    const { value, line } = token;
    const blockers: PermutationStepRef['blockers'] = [];
    if (p.atPunct('(')) {
      p.next();
      blockers.push(parseBlocker(p));
      while (p.atPunct(',')) {
        p.next();
        blockers.push(parseBlocker(p));
      }
      if (!p.atPunct(')')) p.fail(parseText('markerEnd'));
      p.next();
    }
    steps.push({ name: value, line, blockers });
  }
  if (!steps.length) p.fail(parseText('permutationSteps'));
  return steps;
}

/** Every interleaving of the sessions' steps that keeps each session's order (isolationtester's default). */
function allInterleavings(sessions: LabSession[], line: number): string[][] {
  const counts = sessions.map((s) => s.steps.length);
  let total = 1;
  let placed = 0;
  for (const n of counts) {
    for (let k = 1; k <= n; k++) total = (total * (placed + k)) / k;
    placed += n;
  }
  if (total > MAX_PERMUTATIONS) {
    throw new LabSpecError(parseText('tooManyInterleavings', { n: Math.round(total) }), line);
  }
  const out: string[][] = [];
  const next = sessions.map(() => 0);
  const current: string[] = [];
  const walk = () => {
    let found = false;
    sessions.forEach((session, i) => {
      if (next[i] >= session.steps.length) return;
      found = true;
      current.push(session.steps[next[i]++].name);
      walk();
      current.pop();
      next[i]--;
    });
    if (!found) out.push([...current]);
  };
  walk();
  return out;
}

/** Parses an isolationtester spec. `firstLine` is the line of the text's first line in its file. */
export function parseIsolationSpec(text: string, firstLine = 1): { scenario: LabScenario; comments: DirectiveLine[] } {
  const { tokens, comments } = tokenize(text, firstLine);
  const p = new Parser(tokens);
  const scenario: LabScenario = { setup: [], teardown: [], sessions: [], permutations: [], expected: {}, expectations: {} };

  while (p.atKeyword('setup')) {
    p.next();
    scenario.setup.push(tidySql(p.sql('setup')));
  }
  if (p.atKeyword('teardown')) {
    p.next();
    scenario.teardown.push(tidySql(p.sql('teardown')));
  }
  if (!p.atKeyword('session')) p.fail(scenario.setup.length || scenario.teardown.length ? '"session"' : parseText('firstSection'));

  const stepLines = new Map<string, number>();
  while (p.atKeyword('session')) {
    p.next();
    const { value: name, line } = p.name(parseText('sessionNameAfter'));
    if (scenario.sessions.some((s) => s.name === name)) throw new LabSpecError(parseText('duplicateSession', { name }), line);
    const session: LabSession = { name, setup: [], steps: [] };
    if (p.atKeyword('setup')) {
      p.next();
      session.setup.push(tidySql(p.sql('setup')));
    }
    while (p.atKeyword('step')) {
      const stepLine = p.next().line;
      const { value: stepName } = p.name(parseText('stepNameAfter'));
      if (stepLines.has(stepName)) throw new LabSpecError(parseText('duplicateStep', { name: stepName, other: stepLines.get(stepName)! }), stepLine);
      stepLines.set(stepName, stepLine);
      session.steps.push({ name: stepName, session: name, sql: tidySql(p.sql('step')), line: stepLine });
    }
    if (!session.steps.length) p.fail(parseText('stepInSession', { session: name }));
    if (p.atKeyword('teardown')) {
      p.next();
      session.teardown = [tidySql(p.sql('teardown'))];
    }
    scenario.sessions.push(session);
  }

  const sessionOf = new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, s.name] as const)));
  const blockers: StepBlocker[][][] = [];
  while (p.atKeyword('permutation')) {
    p.next();
    const steps = parsePermutation(p);
    for (const step of steps) {
      if (!sessionOf.has(step.name)) throw new LabSpecError(parseText('undefinedStep', { step: step.name }), step.line);
      for (const { blocker: b, line } of step.blockers) {
        if (b.kind === 'once') continue;
        if (!sessionOf.has(b.step)) throw new LabSpecError(parseText('undefinedBlocker', { blocker: b.step, step: step.name }), line);
        if (sessionOf.get(b.step) === sessionOf.get(step.name)) {
          throw new LabSpecError(parseText('blockOwnSession', { step: step.name }), line);
        }
      }
    }
    scenario.permutations.push(steps.map((s) => s.name));
    blockers.push(steps.map((s) => s.blockers.map((b) => b.blocker)));
  }
  if (p.peek().kind !== 'end') {
    p.fail(parseText(scenario.permutations.length ? 'permutationOrEnd' : 'sessionPermutationOrEnd'));
  }
  if (blockers.some((perm) => perm.some((b) => b.length))) scenario.blockers = blockers;
  if (!scenario.permutations.length) scenario.permutations = allInterleavings(scenario.sessions, p.peek().line);
  return { scenario, comments };
}

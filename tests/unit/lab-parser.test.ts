/**
 * The isolation lab's scenario formats (isolationtester specs and the compact format),
 * their errors with file lines, ```lab blocks in notes, expectations and verdicts, and the
 * step-by-step comparison of transcripts.
 */
import { describe, expect, it } from 'vitest';
import { findLabBlocks } from '../../src/core/lab/blocks.ts';
import { compareTranscripts, isOrdered } from '../../src/core/lab/compare.ts';
import { parseExpectation } from '../../src/core/lab/expectation-parser.ts';
import { parseLevel } from '../../src/core/lab/levels.ts';
import type { LabScenario, StepResult, Transcript, TranscriptEvent } from '../../src/core/lab/scenario.ts';
import { detectLabFormat, LabSpecError, parseLab, verdict } from '../../src/core/lab/spec-parser.ts';
import { PARSE_ERRORS } from './lab-parse-errors.ts';
import { parseMarkdown } from '../../src/core/markdown/parser.ts';
import { en } from '../../src/core/i18n/en.ts';

const LOST_UPDATE = `-- title: Lost update
-- setup
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO accounts VALUES (1, 100);
-- steps
A: BEGIN;
A: SELECT balance FROM accounts WHERE id = 1;
B: BEGIN;
B: UPDATE accounts SET balance = balance + 50 WHERE id = 1;
B: COMMIT;
A: UPDATE accounts
     SET balance = 100 + 10
   WHERE id = 1;
A: COMMIT;
B: SELECT balance FROM accounts WHERE id = 1;
-- expect
read committed: ok; B4 = 110; lost update
repeatable read: 40001 at A3; A4 reports ROLLBACK; B4 = 150; prevented
`;

/** The line a parse fails at, and its message without the "line N: " prefix. */
function failure(text: string, options?: Parameters<typeof parseLab>[1]): { line: number; message: string } {
  try {
    parseLab(text, options);
  } catch (error) {
    if (!(error instanceof LabSpecError)) throw error;
    return { line: error.line, message: error.message.replace(/^line \d+: /, '') };
  }
  throw new Error('expected a LabSpecError');
}

describe('compact format', () => {
  it('names sessions by their prefix and steps by session and ordinal, in line order', () => {
    const s = parseLab(LOST_UPDATE);
    expect(s.title).toBe('Lost update');
    expect(s.setup).toEqual(['CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);\nINSERT INTO accounts VALUES (1, 100);']);
    expect(s.sessions.map((x) => [x.name, x.steps.map((st) => st.name)])).toEqual([
      ['A', ['A1', 'A2', 'A3', 'A4']],
      ['B', ['B1', 'B2', 'B3', 'B4']],
    ]);
    expect(s.permutations).toEqual([['A1', 'A2', 'B1', 'B2', 'B3', 'A3', 'A4', 'B4']]);
    expect(s.expected).toEqual({ 'read committed': 'ok; B4 = 110; lost update', 'repeatable read': '40001 at A3; A4 reports ROLLBACK; B4 = 150; prevented' });
  });

  it('continues a step on indented lines, keeping their indentation relative to the SQL', () => {
    const step = parseLab(LOST_UPDATE).sessions[0].steps[2];
    expect(step).toMatchObject({ name: 'A3', line: 11, sql: 'UPDATE accounts\n  SET balance = 100 + 10\nWHERE id = 1;' });
  });

  it('numbers lines from the block\'s first line in the note', () => {
    expect(parseLab('A: SELECT 1;\nB: SELECT 2;', { firstLine: 40 }).sessions[1].steps[0].line).toBe(41);
  });

  it('reads a block of step lines alone, comments, teardown, per-session levels, digits in session names', () => {
    const s = parseLab(`-- level s2: Serializable
s1: BEGIN;
-- a comment between steps
s2: SELECT 1;
s1: COMMIT;
-- teardown
DROP TABLE t;`);
    expect(s.sessions.map((x) => [x.name, x.level, x.steps.map((st) => st.name)])).toEqual([
      ['s1', undefined, ['s1.1', 's1.2']],
      ['s2', 'serializable', ['s2.1']],
    ]);
    expect(s.teardown).toEqual(['DROP TABLE t;']);
    expect(s.setup).toEqual([]);
  });

  it('keeps several setup sections as separate blocks and reads "A::int" as no step', () => {
    const s = parseLab('-- setup\nCREATE TABLE a (i int);\n-- setup\nCREATE TABLE b (i int);\n-- steps\nA: SELECT 1\n  + 1;');
    expect(s.setup).toEqual(['CREATE TABLE a (i int);', 'CREATE TABLE b (i int);']);
    expect(failure('A::int').message).toMatch(/expected a step/);
  });

  it('reports malformed blocks with their lines', () => {
    expect(failure('A: BEGIN;\nUPDATE t SET x = 1;', { firstLine: 10 })).toEqual({
      line: 11,
      message: 'expected a step, "Session: SQL" (indent the lines that continue a step)',
    });
    expect(failure('-- setup\nCREATE TABLE t (i int);')).toMatchObject({ line: 1, message: expect.stringMatching(/^no steps/) });
    expect(failure('A: BEGIN;\nB:\n')).toEqual({ line: 2, message: 'step B1 has no SQL' });
    expect(failure('-- level C: serializable\nA: BEGIN;')).toMatchObject({ line: 1, message: expect.stringMatching(/names no session/) });
    expect(failure('-- level A: snapshot\nA: BEGIN;')).toMatchObject({ line: 1, message: expect.stringMatching(/unknown isolation level "snapshot"/) });
  });

  it('checks expectation lines when it reads them', () => {
    const base = 'A: BEGIN;\nA: COMMIT;\n-- expect\n';
    expect(failure(`${base}read committed: 40001 at A3`)).toEqual({ line: 4, message: 'unknown step "A3" (steps: A1, A2)' });
    expect(failure(`${base}read committed: ok\nread committed: ok`).message).toBe('a second expectation for read committed');
    expect(failure(`${base}read uncommitted: ok`).message).toMatch(/runs as READ COMMITTED/);
    expect(failure(`${base}sometimes: ok`).message).toMatch(/^expected "<isolation level>: <outcome>"/);
    expect(failure(`${base}serializable: ok; 40001 at A2`).message).toMatch(/cannot go with an expected error/);
    expect(failure(`${base}serializable: lost update; ok`).message).toMatch(/^"lost update" is not a check/);
  });
});

const MODERN_SPEC = `# title: Two sessions
# A comment line.
setup { CREATE TABLE t (k int PRIMARY KEY, v int); }
setup
{
    INSERT INTO t VALUES (1, 10);
}
teardown { DROP TABLE t; }

session s1
setup		{ BEGIN ISOLATION LEVEL SERIALIZABLE; }
step s1r	{ SELECT v FROM t WHERE k = 1; }
step s1c	{ COMMIT; }
teardown	{ RESET ALL; }

session s2
step s2u	{ UPDATE t SET v = 20 WHERE k = 1; }

permutation s1r s2u s1c
permutation s2u(s1r) s1r(*) s1c(s2u notices 2)
# expect serializable: ok; s1r = 10
`;

describe('isolationtester format', () => {
  it('reads setups, teardowns, sessions with their setup and teardown, steps and permutations', () => {
    const s = parseLab(MODERN_SPEC, { firstLine: 5 });
    expect(s.title).toBe('Two sessions');
    expect(s.setup).toEqual(['CREATE TABLE t (k int PRIMARY KEY, v int);', 'INSERT INTO t VALUES (1, 10);']);
    expect(s.teardown).toEqual(['DROP TABLE t;']);
    expect(s.sessions[0]).toEqual({
      name: 's1',
      setup: ['BEGIN ISOLATION LEVEL SERIALIZABLE;'],
      teardown: ['RESET ALL;'],
      steps: [
        { name: 's1r', session: 's1', sql: 'SELECT v FROM t WHERE k = 1;', line: 16 },
        { name: 's1c', session: 's1', sql: 'COMMIT;', line: 17 },
      ],
    });
    expect(s.permutations).toEqual([
      ['s1r', 's2u', 's1c'],
      ['s2u', 's1r', 's1c'],
    ]);
    expect(s.expected).toEqual({ serializable: 'ok; s1r = 10' });
  });

  it('honours permutation step markers, keeping them per permutation and position', () => {
    expect(parseLab(MODERN_SPEC).blockers).toEqual([
      [[], [], []],
      [[{ kind: 'step', step: 's1r' }], [{ kind: 'once' }], [{ kind: 'notices', step: 's2u', count: 2 }]],
    ]);
    expect(parseLab(MODERN_SPEC.replace(/^permutation s2u.*$/m, '')).blockers).toBeUndefined();
  });

  it('reads the older quoted names, "" inside them, and keywords only as whole words', () => {
    const s = parseLab(`session "s 1"
step "say ""hi""" { SELECT 'hi'; }
session "setup2"
step "steps" { SELECT 2; }
permutation "say ""hi""" "steps"`);
    expect(s.sessions.map((x) => x.name)).toEqual(['s 1', 'setup2']);
    expect(s.permutations).toEqual([['say "hi"', 'steps']]);
  });

  it('runs every interleaving when no permutation is given, as isolationtester does', () => {
    const s = parseLab('session a\nstep a1 { SELECT 1; }\nstep a2 { SELECT 2; }\nsession b\nstep b1 { SELECT 3; }');
    expect(s.permutations).toEqual([
      ['a1', 'a2', 'b1'],
      ['a1', 'b1', 'a2'],
      ['b1', 'a1', 'a2'],
    ]);
    const big = ['x', 'y', 'z', 'w'].map((n) => `session ${n}\n${[1, 2, 3, 4].map((i) => `step ${n}${i} { SELECT ${i}; }`).join('\n')}`).join('\n');
    expect(failure(big).message).toMatch(/63063000 interleavings/);
  });

  it('reports errors with lines, as isolationtester words them where it has a message', () => {
    expect(failure('session s1\nstep a { SELECT 1; }\npermutation a b')).toEqual({ line: 3, message: 'undefined step "b" specified in permutation' });
    expect(failure('session s1\nstep a { SELECT 1; }\nsession s2\nstep a { SELECT 2; }')).toEqual({
      line: 4,
      message: 'duplicate step name "a" (also on line 2)',
    });
    expect(failure('session s1\nstep a {\n SELECT 1;\n')).toMatchObject({ line: 2, message: expect.stringMatching(/^unterminated sql block/) });
    expect(failure('session "s\n1"')).toEqual({ line: 1, message: 'unexpected newline in quoted identifier' });
    expect(failure('session s1\nstep a { SELECT 1; }\nstep b { SELECT 2; }\npermutation a(b)')).toEqual({
      line: 4,
      message: 'permutation step "a" cannot block on its own session',
    });
    expect(failure('session s1\nstep a { SELECT 1; }\npermutation a(zz)').message).toBe('undefined blocking step "zz" referenced in permutation step "a"');
    expect(failure('session s1\nstep a { SELECT 1; }\nsetup { SELECT 2; }')).toEqual({
      line: 3,
      message: 'syntax error: expected "session", "permutation" or the end of the spec, found "setup"',
    });
    expect(failure('session s1\n\nsession s2\nstep a { SELECT 1; }')).toMatchObject({ line: 3, message: expect.stringMatching(/expected a step in session "s1"/) });
    // As in isolationtester, the first "}" ends a block, even inside a string.
    expect(failure("session s1\nstep a { SELECT '}'; }")).toEqual({ line: 2, message: 'syntax error: unexpected character "\'"' });
  });

  it('is told apart from the compact format by its first words', () => {
    expect(detectLabFormat(MODERN_SPEC)).toBe('isolationtester');
    expect(detectLabFormat('\n# comment\nsession s1\nstep a { x }')).toBe('isolationtester');
    expect(detectLabFormat('permutation a b')).toBe('isolationtester');
    expect(detectLabFormat(LOST_UPDATE)).toBe('compact');
    expect(detectLabFormat('setup: SELECT 1;')).toBe('compact');
  });
});

describe('parse errors', () => {
  it('keep their English message for npm run lab, npm run check and the build, whatever the page speaks', () => {
    const messages = PARSE_ERRORS.map(({ text, format }) => {
      try {
        parseLab(text, { format });
      } catch (error) {
        if (error instanceof LabSpecError) return error.message;
        throw error;
      }
      return 'parsed';
    });
    expect(messages).toEqual(PARSE_ERRORS.map((c) => c.english));
  });
});

describe('lab blocks in notes', () => {
  it('finds ```lab blocks in page order with their fence lines, parsed or with the error', () => {
    const note = ['# Isolation', '', '```lab', 'A: BEGIN;', 'A: COMMIT;', '```', '', '> [!note]', '> ```lab', '> A: BEGIN;', '> oops', '> ```', '', '```sql', 'SELECT 1;', '```'].join('\n');
    const blocks = findLabBlocks(parseMarkdown(note));
    expect(blocks.map((b) => [b.id, b.line])).toEqual([
      [0, 3],
      [1, 9],
    ]);
    expect(blocks[0].scenario?.sessions[0].steps.map((s) => [s.name, s.line])).toEqual([
      ['A1', 4],
      ['A2', 5],
    ]);
    expect(blocks[1].error?.line).toBe(11);
  });
});

const done = (step: string, result: StepResult): TranscriptEvent => ({ kind: 'done', step, session: step[0], result });

function lostUpdateRun(level: Transcript['level'], failAt?: string): Transcript {
  const events: TranscriptEvent[] = [
    done('A1', { tag: 'BEGIN' }),
    done('A2', { tag: 'SELECT 1', columns: ['balance'], rows: [['100']] }),
    done('B1', { tag: 'BEGIN' }),
    done('B2', { tag: 'UPDATE 1' }),
    done('B3', { tag: 'COMMIT' }),
    done('A3', failAt === 'A3' ? { error: { code: '40001', message: 'could not serialize access due to concurrent update' } } : { tag: 'UPDATE 1' }),
    done('A4', { tag: failAt === 'A3' ? 'ROLLBACK' : 'COMMIT' }),
    done('B4', { tag: 'SELECT 1', columns: ['balance'], rows: [[failAt === 'A3' ? '150' : '110']] }),
  ];
  return { level, permutation: events.map((e) => e.step), events };
}

describe('expectations and verdicts', () => {
  const scenario = parseLab(LOST_UPDATE);

  it('reads each kind of clause, the label last', () => {
    const steps = new Set(['A1', 'B2', 's1.2', 'odd name']);
    expect(parseExpectation(`40p01 at B2; waits at A1 until "odd name"; s1.2 = (1, 'a, b'), (2, null); B2 reports DELETE 0; B2 = no rows; the label`, steps, 1)).toEqual({
      label: 'the label',
      errors: [{ step: 'B2', code: '40P01' }],
      waits: [{ step: 'A1', until: 'odd name' }],
      rows: [
        { step: 's1.2', rows: [['1', 'a, b'], ['2', null]] },
        { step: 'B2', rows: [] },
      ],
      tags: [{ step: 'B2', tag: 'DELETE 0' }],
    });
    expect(() => parseExpectation('A1 = (1, x(y))', steps, 1)).toThrow(/cannot read the value/);
  });

  it('says what happened, and whether that is what the author expects', () => {
    expect(verdict(scenario, 'read committed', lostUpdateRun('read committed'), en.labText)).toEqual({ status: 'pass', line: 'lost update under READ COMMITTED', problems: [] });
    expect(verdict(scenario, 'repeatable read', lostUpdateRun('repeatable read', 'A3'), en.labText)).toEqual({
      status: 'pass',
      line: 'prevented under REPEATABLE READ: 40001 on step A3',
      problems: [],
    });
    expect(verdict(scenario, 'serializable', lostUpdateRun('serializable', 'A3'), en.labText)).toEqual({ status: 'none', line: 'SERIALIZABLE: 40001 on step A3', problems: [] });
  });

  it('fails with every difference, the first in the line', () => {
    const result = verdict(scenario, 'repeatable read', lostUpdateRun('repeatable read'), en.labText);
    expect(result.status).toBe('fail');
    expect(result.line).toBe('expected prevented under REPEATABLE READ, but step A3 did not fail with 40001: it reported UPDATE 1');
    expect(result.problems).toEqual([
      'step A3 did not fail with 40001: it reported UPDATE 1',
      'step A4 reported COMMIT, not ROLLBACK',
      'step B4 returned (110), not (150)',
    ]);
    expect(verdict(scenario, 'read committed', lostUpdateRun('read committed', 'A3'), en.labText).problems).toContain(
      'step A3 failed with 40001 (could not serialize access due to concurrent update)',
    );
  });

  it('checks waits exactly, and the step a wait ends after', () => {
    const s = parseLab('A: BEGIN;\nA: UPDATE t SET v = 1;\nB: UPDATE t SET v = 2;\nA: COMMIT;\n-- expect\nread committed: waits at B1 until A3; ok');
    const run = (after: string): Transcript => ({
      level: 'read committed',
      permutation: ['A1', 'A2', 'B1', 'A3'],
      events: [
        done('A1', { tag: 'BEGIN' }),
        done('A2', { tag: 'UPDATE 1' }),
        { kind: 'waiting', step: 'B1', session: 'B', waitsFor: ['A'] },
        done('A3', { tag: 'COMMIT' }),
        { kind: 'resumed', step: 'B1', session: 'B', after, result: { tag: 'UPDATE 1' } },
      ],
    });
    expect(verdict(s, 'read committed', run('A3'), en.labText).status).toBe('pass');
    expect(verdict(s, 'read committed', run('A2'), en.labText).problems).toEqual(['step B1 resumed after A2, not after A3']);
    const noWait = parseLab('A: BEGIN;\nA: UPDATE t SET v = 1;\nB: UPDATE t SET v = 2;\nA: COMMIT;\n-- expect\nread committed: ok');
    expect(verdict(noWait, 'read committed', run('A3'), en.labText).problems).toEqual(['step B1 waited for A']);
  });
});

describe('transcript comparison', () => {
  const scenario: LabScenario = parseLab('A: SELECT id FROM t;\nA: SELECT id FROM t ORDER BY id;\nB: UPDATE t SET v = 1;');
  const run = (first: string[][], second: string[][], tag = 'UPDATE 1', waits = false): Transcript => ({
    level: 'read committed',
    permutation: ['A1', 'A2', 'B1'],
    events: [
      done('A1', { tag: `SELECT ${first.length}`, columns: ['id'], rows: first }),
      done('A2', { tag: `SELECT ${second.length}`, columns: ['id'], rows: second }),
      waits ? { kind: 'waiting', step: 'B1', session: 'B', waitsFor: ['A'] } : done('B1', { tag }),
    ],
  });

  it('compares rows as a multiset unless the statement orders them', () => {
    expect(compareTranscripts(scenario, run([['1'], ['2']], [['1'], ['2']]), run([['2'], ['1']], [['1'], ['2']]))).toBeUndefined();
    expect(compareTranscripts(scenario, run([['1'], ['2']], [['1'], ['2']]), run([['1'], ['2']], [['2'], ['1']]), ['PostgreSQL', 'PGlite'])).toBe(
      'step A2: rows differ (ORDER BY: order counts): PostgreSQL (1), (2); PGlite (2), (1)',
    );
    expect(isOrdered('SELECT * FROM (SELECT id FROM t ORDER BY id) s')).toBe(false);
    expect(isOrdered("SELECT 'order by' FROM t; SELECT id FROM t -- order by\n")).toBe(false);
    expect(isOrdered('SELECT 1; SELECT row_number() OVER (ORDER BY id) FROM t ORDER BY 1')).toBe(true);
  });

  it('names the first difference: a command tag, a wait', () => {
    const a = run([], []);
    expect(compareTranscripts(scenario, a, run([], [], 'UPDATE 0'), ['PostgreSQL', 'PGlite'])).toBe('step B1: PostgreSQL reports UPDATE 1, PGlite reports UPDATE 0');
    expect(compareTranscripts(scenario, a, run([], [], 'UPDATE 1', true), ['PostgreSQL', 'PGlite'])).toBe(
      'event 3: PostgreSQL: B1 completed (UPDATE 1); PGlite: B1 waited for A',
    );
  });
});

describe('isolation levels', () => {
  it('reads level names loosely; READ UNCOMMITTED is READ COMMITTED', () => {
    expect(parseLevel('Repeatable_Read')).toEqual({ level: 'repeatable read', uncommitted: false });
    expect(parseLevel('READ UNCOMMITTED')).toEqual({ level: 'read committed', uncommitted: true });
    expect(parseLevel('snapshot')).toBeUndefined();
  });
});

/**
 * One malformed scenario for each error the lab's parser words (src/core/lab/spec-error.ts,
 * the string table's `labText.parse`), with its English message as `npm run lab` and
 * `npm run check` print it: the same text as before the messages were translated (checked
 * against main's parser when they were). Used by lab-parser.test.ts and i18n.test.ts.
 */
export interface ParseErrorCase {
  /** The `labText.parse` key of the error, or of the phrase inside it the case is about. */
  key: string;
  text: string;
  format: 'isolationtester' | 'compact';
  english: string;
}

const two = 'session s1\nstep a { SELECT 1; }\nsession s2\nstep b { SELECT 2; }\n';
const big = ['x', 'y', 'z', 'w'].map((n) => `session ${n}\n${[1, 2, 3, 4].map((i) => `step ${n}${i} { SELECT ${i}; }`).join('\n')}`).join('\n');
export const PARSE_ERRORS: ParseErrorCase[] = [
  { key: 'unterminatedQuoted', text: 'session "s1', format: 'isolationtester', english: 'line 1: unterminated quoted identifier' },
  { key: 'newlineInQuoted', text: 'session "s\n1"', format: 'isolationtester', english: 'line 1: unexpected newline in quoted identifier' },
  { key: 'unterminatedSql', text: 'setup { SELECT 1;', format: 'isolationtester', english: 'line 1: unterminated sql block (isolationtester ends a block at the first "}")' },
  { key: 'unexpectedCharacter', text: 'setup { SELECT 1; } ;', format: 'isolationtester', english: 'line 1: syntax error: unexpected character ";"' },
  { key: 'foundEnd', text: '# only a comment', format: 'isolationtester', english: 'line 1: syntax error: expected "setup", "teardown" or "session", found the end of the spec' },
  { key: 'foundSqlBlock', text: 'setup { SELECT 1; } { SELECT 2; }', format: 'isolationtester', english: 'line 1: syntax error: expected "session", found a { sql block }' },
  { key: 'foundName', text: 'sessions s1', format: 'isolationtester', english: 'line 1: syntax error: expected "setup", "teardown" or "session", found the name "sessions"' },
  { key: 'sqlBlockAfter', text: 'setup session s1', format: 'isolationtester', english: 'line 1: syntax error: expected a { sql block } after "setup", found "session"' },
  { key: 'blockerName', text: `${two}permutation a(,) b`, format: 'isolationtester', english: 'line 5: syntax error: expected a step name or "*" inside ( ), found ","' },
  { key: 'sessionNameAfter', text: 'session { SELECT 1; }', format: 'isolationtester', english: 'line 1: syntax error: expected a session name after "session", found a { sql block }' },
  { key: 'stepNameAfter', text: 'session s1\nstep { SELECT 1; }', format: 'isolationtester', english: 'line 2: syntax error: expected a step name after "step", found a { sql block }' },
  { key: 'numberAfterNotices', text: `${two}permutation a(b notices x) b`, format: 'isolationtester', english: 'line 5: syntax error: expected a number after "notices", found the name "x"' },
  { key: 'markerEnd', text: `${two}permutation a(b b) b`, format: 'isolationtester', english: "line 5: syntax error: expected \",\" or \")\" in the step's markers, found the name \"b\"" },
  { key: 'permutationSteps', text: `${two}permutation`, format: 'isolationtester', english: 'line 5: syntax error: expected step names after "permutation", found the end of the spec' },
  { key: 'stepInSession', text: 'session s1\npermutation a', format: 'isolationtester', english: 'line 2: syntax error: expected a step in session "s1" ("step name { sql }"), found "permutation"' },
  { key: 'permutationOrEnd', text: `${two}permutation a b\nsetup { SELECT 3; }`, format: 'isolationtester', english: 'line 6: syntax error: expected "permutation" or the end of the spec, found "setup"' },
  { key: 'sessionPermutationOrEnd', text: `${two}setup { SELECT 3; }`, format: 'isolationtester', english: 'line 5: syntax error: expected "session", "permutation" or the end of the spec, found "setup"' },
  { key: 'tooManyInterleavings', text: big, format: 'isolationtester', english: 'line 20: without permutation lines this spec has 63063000 interleavings; list the ones to run with "permutation …"' },
  { key: 'duplicateSession', text: 'session s1\nstep a { SELECT 1; }\nsession s1\nstep b { SELECT 2; }', format: 'isolationtester', english: 'line 3: duplicate session name "s1"' },
  { key: 'duplicateStep', text: 'session s1\nstep a { SELECT 1; }\nsession s2\nstep a { SELECT 2; }', format: 'isolationtester', english: 'line 4: duplicate step name "a" (also on line 2)' },
  { key: 'undefinedStep', text: `${two}permutation a z`, format: 'isolationtester', english: 'line 5: undefined step "z" specified in permutation' },
  { key: 'undefinedBlocker', text: `${two}permutation a(z) b`, format: 'isolationtester', english: 'line 5: undefined blocking step "z" referenced in permutation step "a"' },
  { key: 'blockOwnSession', text: 'session s1\nstep a { SELECT 1; }\nstep a2 { SELECT 1; }\nsession s2\nstep b { SELECT 2; }\npermutation a(a2) a2 b', format: 'isolationtester', english: 'line 6: permutation step "a" cannot block on its own session' },
  { key: 'expectationShape', text: 'A: BEGIN;\n-- expect\nnonsense', format: 'compact', english: 'line 3: expected "<isolation level>: <outcome>", such as "read committed: ok; lost update"' },
  { key: 'readUncommitted', text: 'A: BEGIN;\n-- expect\nread uncommitted: ok', format: 'compact', english: 'line 3: READ UNCOMMITTED runs as READ COMMITTED in PostgreSQL: write this expectation for read committed' },
  { key: 'secondExpectation', text: 'A: BEGIN;\n-- expect\nread committed: ok\nread committed: ok', format: 'compact', english: 'line 4: a second expectation for read committed' },
  { key: 'unreadableValue', text: 'A: SELECT 1;\n-- expect\nread committed: A1 = (1, x(y))', format: 'compact', english: "line 3: cannot read the value \"x(y)\" (quote values with commas or parentheses: 'a, b')" },
  { key: 'unknownStep', text: 'A: BEGIN;\n-- expect\nread committed: waits at B9', format: 'compact', english: 'line 3: unknown step "B9" (steps: A1)' },
  { key: 'notACheck', text: 'A: BEGIN;\n-- expect\nread committed: something; ok', format: 'compact', english: 'line 3: "something" is not a check (ok; SQLSTATE at STEP; waits at STEP [until STEP]; STEP = rows; STEP reports TAG); only the last clause may be a free-text label' },
  { key: 'okWithError', text: 'A: BEGIN;\n-- expect\nread committed: ok; 40001 at A1', format: 'compact', english: 'line 3: "ok" says no step fails; it cannot go with an expected error' },
  { key: 'stepWithoutSql', text: 'A:\nB: SELECT 1;', format: 'compact', english: 'line 1: step A1 has no SQL' },
  { key: 'expectedStep', text: 'A: BEGIN;\nnot a step', format: 'compact', english: 'line 2: expected a step, "Session: SQL" (indent the lines that continue a step)' },
  { key: 'expectedStepOrHeader', text: 'not a step', format: 'compact', english: 'line 1: expected a step, "Session: SQL", or a section header such as "-- setup"' },
  { key: 'noSteps', text: '-- setup\nCREATE TABLE t (id int);', format: 'compact', english: 'line 1: no steps: write one line per step, such as "A: BEGIN;"' },
  { key: 'levelWithoutSession', text: '-- level Z: serializable\nA: BEGIN;', format: 'compact', english: 'line 1: "-- level Z: …" names no session (sessions: A)' },
  { key: 'unknownLevel', text: '-- level A: chaos\nA: BEGIN;', format: 'compact', english: 'line 1: unknown isolation level "chaos" (read committed, repeatable read, serializable)' },
];

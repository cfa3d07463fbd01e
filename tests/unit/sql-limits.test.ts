/**
 * The browser runner's limits, in Node: replies read as they stream, with values, rows and
 * notices kept only up to a bound (their full size and count kept), and the statements
 * PGlite cannot run refused with a message (COPY … PROGRAM, exit_on_error, the timers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { decodePrefix, DEFAULT_REPLY_LIMITS, ReplyReader } from '../../src/core/sql/protocol.ts';
import { runBlock } from '../../src/core/sql/session.ts';
import { refusal, tokens } from '../../src/core/sql/statement-guard.ts';

/** A backend message: type byte, length, body. */
function message(type: string, body: number[]): number[] {
  const length = body.length + 4;
  return [type.charCodeAt(0), length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...body];
}
const int32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const dataRow = (...values: (string | null)[]) =>
  message('D', [0, values.length, ...values.flatMap((v) => (v === null ? int32(-1 >>> 0) : [...int32(utf8(v).length), ...utf8(v)]))]);

describe('ReplyReader', () => {
  const stream = [
    ...message('T', [0, 2, ...utf8('a'), 0, ...int32(0), 0, 0, ...int32(25), 255, 255, ...int32(-1 >>> 0), 0, 0, ...utf8('b'), 0, ...int32(0), 0, 0, ...int32(23), 0, 4, ...int32(-1 >>> 0), 0, 0]),
    ...dataRow('é'.repeat(10), null),
    ...dataRow('short', '2'),
    ...dataRow('third', '3'),
    ...message('N', [...utf8('SNOTICE'), 0, ...utf8('C00000'), 0, ...utf8('Mone'), 0, 0]),
    ...message('N', [...utf8('SNOTICE'), 0, ...utf8('C00000'), 0, ...utf8('Mtwo'), 0, 0]),
    ...message('C', [...utf8('SELECT 3'), 0]),
    ...message('Z', [...utf8('I')]),
  ];
  const limits = { ...DEFAULT_REPLY_LIMITS, rows: 2, valueBytes: 5, notices: 1 };

  for (const size of [1, 3, 7, stream.length]) {
    it(`keeps the first rows, cuts long values at a character and counts the rest (chunks of ${size} bytes)`, () => {
      const reader = new ReplyReader(limits);
      for (let i = 0; i < stream.length; i += size) reader.feed(new Uint8Array(stream.slice(i, i + size)));
      const r = reader.replies;
      expect(r.fields?.map((f) => [f.name, f.dataTypeID])).toEqual([['a', 25], ['b', 23]]);
      // 5 bytes of 'éééééééééé' (2 bytes each): two whole characters, not a broken third.
      expect(r.rows).toEqual([['éé', null], ['short', '2']]);
      expect(r.cut).toEqual([{ row: 0, column: 0, bytes: 20 }]);
      expect(r.rowCount).toBe(3);
      expect(r.notices.map((n) => n.message)).toEqual(['one']);
      expect(r.noticeCount).toBe(2);
      expect(r.tag).toBe('SELECT 3');
      expect(r.status).toBe('I');
    });
  }

  it('decodes a prefix without a broken character at its end', () => {
    const bytes = new TextEncoder().encode('a€b');
    expect(decodePrefix(bytes.subarray(0, 3), false)).toBe('a');
    expect(decodePrefix(bytes.subarray(0, 4), false)).toBe('a€');
  });
});

describe('statement guard', () => {
  it('refuses COPY … PROGRAM, whichever way it is written', () => {
    expect(refusal("COPY t TO PROGRAM 'cat > /tmp/x'")?.code).toBe('0A000');
    expect(refusal("copy (select 1) to\n  program 'x'")?.message).toMatch(/PROGRAM does nothing here/);
    expect(refusal("/* hi */ COPY t FROM PROGRAM 'echo 1'")).toBeDefined();
  });

  it('is not fooled by a string or a comment that says program', () => {
    expect(refusal("COPY t TO STDOUT -- program\n")).toBeUndefined();
    expect(refusal("COPY t FROM '/tmp/program'")).toBeUndefined();
    expect(refusal("SELECT 'copy t to program'")).toBeUndefined();
    expect(refusal('SELECT program FROM courses')).toBeUndefined();
  });

  it('refuses any change of exit_on_error, also inside a DO body', () => {
    expect(refusal("SELECT set_config('exit_on_error','on', false)")).toBeDefined();
    expect(refusal('SET exit_on_error = on')).toBeDefined();
    expect(refusal('set EXIT_ON_ERROR to true')).toBeDefined();
    expect(refusal("DO $$ BEGIN PERFORM set_config('exit_on_error', 'on', false); END $$")).toBeDefined();
    expect(refusal('SELECT 1 -- exit_on_error')).toBeUndefined();
  });

  it('refuses turning on a timer PGlite has no clock for, however it is set, with what to use instead', () => {
    for (const sql of [
      "SET statement_timeout = '1s'",
      'SET LOCAL statement_timeout TO 1000',
      'set session idle_in_transaction_session_timeout = 100',
      "SELECT set_config('transaction_timeout', '5s', true)",
      "ALTER ROLE app SET idle_session_timeout = '1min'",
      "ALTER DATABASE app SET statement_timeout = '30s'",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET statement_timeout = '1s' AS 'SELECT 1'",
      "DO $$ BEGIN EXECUTE 'SET statement_timeout = 5'; END $$",
      "DO $$ BEGIN PERFORM set_config('idle_in_transaction_session_timeout', '1s', false); END $$",
    ]) {
      expect(refusal(sql), sql).toMatchObject({ code: '0A000', message: expect.stringMatching(/_timeout cannot be set here/), hint: expect.stringMatching(/--sql-timeout/) });
    }
    expect(refusal("SET statement_timeout = '1s'")?.hint).toMatch(/57014/);
    expect(refusal('SET idle_in_transaction_session_timeout = 1')?.message).toMatch(/would never return/);
    expect(refusal('SET idle_in_transaction_session_timeout = 1')?.hint).toMatch(/25P03/);
  });

  it('lets the timers be read and turned off, and leaves lock_timeout alone', () => {
    for (const sql of [
      'SHOW statement_timeout',
      "SELECT current_setting('idle_in_transaction_session_timeout')",
      "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'",
      'SET statement_timeout = 0',
      "SET LOCAL statement_timeout = '0'",
      'SET idle_session_timeout TO DEFAULT',
      'RESET transaction_timeout',
      'ALTER ROLE app RESET statement_timeout',
      "SELECT set_config('statement_timeout', '0', false)",
      "SET lock_timeout = '2s'",
      "SELECT 'SET statement_timeout' -- a string that only names it, in a SELECT",
    ]) {
      expect(refusal(sql), sql).toBeUndefined();
    }
  });

  it('reads quotes, dollar quotes and comments as PostgreSQL does', () => {
    expect(tokens("SELECT E'it\\'s', 'a''b', $t$x$t$ /* c /* d */ */ \"Q\"")).toEqual([
      { kind: 'word', text: 'select' },
      { kind: 'string', text: "it\\'s" },
      { kind: 'other', text: ',' },
      { kind: 'string', text: "a'b" },
      { kind: 'other', text: ',' },
      { kind: 'string', text: 'x' },
      { kind: 'identifier', text: 'Q' },
    ]);
  });
});

describe('runBlock with large results (PGlite)', () => {
  let database: NodeDatabase;
  beforeAll(async () => {
    database = await NodeDatabase.boot(await pgliteDataDir());
  });
  afterAll(async () => {
    await database?.close();
  });

  it('keeps 1 MB of a 100 MB value, with its full size', async () => {
    const run = await runBlock(database.db, "SELECT repeat('x', 100000000) AS v");
    const [statement] = run.statements;
    expect(run.error).toBeUndefined();
    expect(statement.rows?.[0][0]).toHaveLength(DEFAULT_REPLY_LIMITS.valueBytes);
    expect(statement.cut).toEqual([{ row: 0, column: 0, bytes: 100_000_000 }]);
  });

  it('keeps 500 of 2 million rows and counts them all', async () => {
    const run = await runBlock(database.db, 'SELECT g FROM generate_series(1, 2000000) g');
    expect(run.statements[0].rows).toHaveLength(500);
    expect(run.statements[0].rowCount).toBe(2_000_000);
  });

  it('keeps the first notices of 200,000 and counts them all', async () => {
    const run = await runBlock(database.db, "DO $$ BEGIN FOR i IN 1..200000 LOOP RAISE NOTICE 'n %', i; END LOOP; END $$");
    expect(run.statements[0].notices).toHaveLength(DEFAULT_REPLY_LIMITS.notices);
    expect(run.statements[0].noticeCount).toBe(200_000);
  });

  it('refuses exit_on_error, and the database still reports the next error normally', async () => {
    const run = await runBlock(database.db, "SELECT set_config('exit_on_error','on', false); SELECT 1/0");
    expect(run.error?.message).toMatch(/exit_on_error cannot be changed/);
    const next = await runBlock(database.db, 'SELECT 1/0; SELECT 1');
    expect(next.error?.code).toBe('22012');
    expect((await runBlock(database.db, 'SELECT 2')).statements[0].rows).toEqual([['2']]);
  });

  it('refuses statement_timeout in a block before sending it, and stops the block there', async () => {
    // statement_timeout, not an idle timer: were the guard gone, this would still not hang the test.
    const run = await runBlock(database.db, "SET statement_timeout = '1s'; SELECT 1");
    expect(run.error).toMatchObject({ code: '0A000', message: expect.stringMatching(/^statement_timeout cannot be set here/) });
    expect(run.statements).toHaveLength(1);
    expect((await runBlock(database.db, 'SHOW statement_timeout')).statements[0].rows).toEqual([['0']]);
  });

  it('refuses COPY FROM PROGRAM instead of hanging', async () => {
    await runBlock(database.db, 'CREATE TABLE copied (g int)');
    const run = await runBlock(database.db, "COPY copied FROM PROGRAM 'echo 1'");
    expect(run.error?.code).toBe('0A000');
  });
});

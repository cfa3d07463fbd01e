/** The SQL runner's pure parts: block options, statement splitting, chains, psql output, error positions. */
import { describe, expect, it } from 'vitest';
import { matchesExpectedError, parseSqlMeta } from '../../src/core/sql/block-options.ts';
import { planRun, planRunAll } from '../../src/core/sql/chain.ts';
import { compareOutput, formatRun, normaliseOutput } from '../../src/core/sql/format.ts';
import { toError, utf16Offset } from '../../src/core/sql/protocol.ts';
import { splitStatements } from '../../src/core/sql/split.ts';
import { findSqlBlocks } from '../../src/core/sql/blocks.ts';
import { prepareTree } from '../../src/core/markdown/analyze.ts';
import type { BlockRun } from '../../src/core/sql/results.ts';

describe('block options', () => {
  it('defaults to a runnable block in the main database', () => {
    expect(parseSqlMeta('')).toEqual({ options: { runnable: true, setup: false, db: 'main', show: [] }, problems: [] });
  });

  it('reads norun, setup, db=, show=', () => {
    expect(parseSqlMeta('norun').options.runnable).toBe(false);
    expect(parseSqlMeta('setup db=bank').options).toMatchObject({ setup: true, db: 'bank' });
    expect(parseSqlMeta('show=schema,changes').options.show).toEqual(['schema', 'changes']);
  });

  it('reads expect-error as any error, a SQLSTATE or a message', () => {
    expect(parseSqlMeta('expect-error').options.expectError).toEqual({});
    expect(parseSqlMeta('expect-error=23505').options.expectError).toEqual({ code: '23505' });
    expect(parseSqlMeta('expect-error="duplicate key"').options.expectError).toEqual({ message: 'duplicate key' });
    expect(parseSqlMeta("expect-error='violates unique'").options.expectError).toEqual({ message: 'violates unique' });
  });

  it('reports unknown options and bad values, and keeps going', () => {
    const { options, problems } = parseSqlMeta('runnable db= show=graph setup expect-error');
    expect(options.setup).toBe(true);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('unknown sql block option `runnable`');
    expect(problems.join('\n')).toContain('a setup block cannot expect an error');
  });

  it('matches errors by SQLSTATE, by message text ignoring case, or any', () => {
    const error = { code: '23505', message: 'duplicate key value violates unique constraint "t_pkey"' };
    expect(matchesExpectedError({ code: '23505' }, error)).toBe(true);
    expect(matchesExpectedError({ code: '23503' }, error)).toBe(false);
    expect(matchesExpectedError({ message: 'Duplicate KEY' }, error)).toBe(true);
    expect(matchesExpectedError({}, error)).toBe(true);
    expect(matchesExpectedError({}, undefined)).toBe(false);
  });
});

describe('statement splitting', () => {
  const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

  it('splits at semicolons, keeping offsets', () => {
    expect(splitStatements('select 1;\n  select 2;')).toEqual([
      { text: 'select 1', offset: 0 },
      { text: 'select 2', offset: 12 },
    ]);
  });

  it('ignores semicolons in strings, identifiers, dollar quotes and comments', () => {
    expect(texts(`select ';', "a;b", E'it\\'s;' ; select $$;$$; select $f$ ; $f$ -- x;\n; /* a; /* b; */ c; */ select 3`)).toEqual([
      `select ';', "a;b", E'it\\'s;'`,
      'select $$;$$',
      'select $f$ ; $f$ -- x;',
      '/* a; /* b; */ c; */ select 3',
    ]);
  });

  it('keeps a BEGIN ATOMIC body, CASE included, in one statement', () => {
    expect(texts('create function f(x int) returns int begin atomic select case when x > 0 then 1 end; select 2; end; select 9')).toEqual([
      'create function f(x int) returns int begin atomic select case when x > 0 then 1 end; select 2; end',
      'select 9',
    ]);
  });

  it('drops empty and comment-only statements', () => {
    expect(texts(';;\n-- only a comment\n;select 1;')).toEqual(['select 1']);
  });
});

describe('chains', () => {
  const blocks = [
    { id: 0, db: 'main', setup: false },
    { id: 1, db: 'main', setup: true },
    { id: 2, db: 'other', setup: false },
    { id: 3, db: 'main', setup: false },
  ];

  it('runs setup blocks first, then the blocks before the target in page order', () => {
    expect(planRun(blocks, new Set(), 3).map((b) => b.id)).toEqual([1, 0, 3]);
  });

  it('skips what already ran, reruns the target itself, and keeps databases apart', () => {
    expect(planRun(blocks, new Set([1, 0, 3]), 3).map((b) => b.id)).toEqual([3]);
    expect(planRun(blocks, new Set(), 2).map((b) => b.id)).toEqual([2]);
  });

  it('runs everything not run yet with Run all', () => {
    expect(planRunAll(blocks, new Set([1])).map((b) => b.id)).toEqual([0, 3, 2]);
  });
});

describe('psql output', () => {
  const run: BlockRun = {
    transaction: 'idle',
    elapsedMs: 1,
    statements: [
      { sql: 'insert', offset: 0, tag: 'INSERT 0 2', notices: [], elapsedMs: 0 },
      {
        sql: 'select',
        offset: 10,
        tag: 'SELECT 2',
        columns: [
          { name: 'id', typeOid: 23, type: 'integer' },
          { name: 'name', typeOid: 25, type: 'text' },
        ],
        rows: [['1', 'alice'], ['10', null]],
        rowCount: 2,
        notices: [{ severity: 'NOTICE', code: '00000', message: 'hi' }],
        elapsedMs: 0,
      },
    ],
  };

  it('prints like psql: centred headers, numbers right-aligned, NULL empty, a row count', () => {
    expect(formatRun(run)).toBe(['INSERT 0 2', '', 'NOTICE:  hi', ' id | name', '----+-------', '  1 | alice', ' 10 |', '(2 rows)'].join('\n'));
  });

  it('compares outputs ignoring alignment and rules, and says where they differ', () => {
    expect(compareOutput('INSERT 0 2\nNOTICE: hi\nid|name\n1 | alice\n10|\n(2 rows)', formatRun(run))).toBeUndefined();
    expect(compareOutput('INSERT 0 2\nNOTICE: hi\nid|name\n1 | bob', formatRun(run))).toEqual({ line: 4, expected: '1 | bob', actual: '1 | alice' });
    expect(normaliseOutput(' a  |  b \n---+---\n')).toEqual(['a | b']);
  });
});

describe('errors', () => {
  it('keeps every field and PostgreSQL’s 1-based position', () => {
    expect(toError({ name: 'error', code: '42703', severity: 'ERROR', message: 'column "x" does not exist', position: '8', hint: 'Perhaps x1.' })).toEqual({
      code: '42703', severity: 'ERROR', message: 'column "x" does not exist', hint: 'Perhaps x1.', statementPosition: 8,
      detail: undefined, where: undefined, schema: undefined, table: undefined, column: undefined, constraint: undefined,
    });
  });

  it('turns character positions into UTF-16 offsets (Cyrillic is one unit, emoji two)', () => {
    expect(utf16Offset("select 'Привет' || x", 20)).toBe(19);
    expect(utf16Offset("select '😀' || x", 15)).toBe(15);
  });
});

describe('finding blocks in a note', () => {
  it('numbers all ```sql blocks in page order, with the ```output after a runnable one', () => {
    const { tree } = prepareTree('```sql\nselect 1;\n```\n\n```output\n ?column?\n```\n\n> ```sql norun\n> select 2;\n> ```\n\n```sql db=x\nselect 3;\n```\n');
    const blocks = findSqlBlocks(tree);
    expect(blocks.map((b) => [b.id, b.line, b.options.runnable, b.options.db, b.expected?.line])).toEqual([
      [0, 1, true, 'main', 5],
      [1, 9, false, 'main', undefined],
      [2, 13, true, 'x', undefined],
    ]);
  });
});

/** The browser runner's pure parts: where an error points, and what a run means for a block. */
import { describe, expect, it } from 'vitest';
import type { BlockRun, SqlError } from '../../src/core/sql/results.ts';
import { expectedErrorOf, isFailure, outcomeOf } from '../../src/scripts/sql/outcome.ts';
import { errorRange, lineColumn } from '../../src/scripts/sql/position.ts';

describe('error position', () => {
  const sql = 'SELECT id,\n       nme\nFROM "Users" WHERE x = \'a b\';';

  it('names the line and column, 1-based', () => {
    expect(lineColumn(sql, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(sql, sql.indexOf('nme'))).toEqual({ line: 2, column: 8 });
  });

  it('underlines the word, the quoted name or string that starts at the position', () => {
    const at = (token: string) => errorRange(sql, sql.indexOf(token));
    expect(at('nme')).toEqual({ from: sql.indexOf('nme'), to: sql.indexOf('nme') + 3 });
    expect(sql.slice(at('"Users"').from, at('"Users"').to)).toBe('"Users"');
    expect(sql.slice(at("'a b'").from, at("'a b'").to)).toBe("'a b'");
    expect(sql.slice(at('=').from, at('=').to)).toBe('=');
    expect(errorRange('SELECT ьюжный', 7)).toEqual({ from: 7, to: 13 });
  });

  it('at the end of the input, underlines the last character that is not space', () => {
    expect(errorRange('SELECT (1\n  ', 12)).toEqual({ from: 8, to: 9 });
    expect(errorRange('', 0)).toEqual({ from: 0, to: 0 });
  });
});

describe('outcome of a run', () => {
  const error: SqlError = { code: '23505', severity: 'ERROR', message: 'duplicate key value violates unique constraint "users_pkey"' };
  const failed: BlockRun = { statements: [], error, transaction: 'idle', elapsedMs: 1 };
  const ran: BlockRun = { statements: [], transaction: 'idle', elapsedMs: 1 };

  it('reads data-expect-error as parseSqlMeta reads expect-error=', () => {
    expect(expectedErrorOf(undefined)).toBeUndefined();
    expect(expectedErrorOf('')).toEqual({});
    expect(expectedErrorOf('23505')).toEqual({ code: '23505' });
    expect(expectedErrorOf('duplicate key')).toEqual({ message: 'duplicate key' });
  });

  it('tells success and failure apart by what the author expected', () => {
    expect(outcomeOf(ran, undefined)).toBe('ok');
    expect(outcomeOf(failed, undefined)).toBe('error');
    expect(outcomeOf(failed, { code: '23505' })).toBe('failed-as-expected');
    expect(outcomeOf(failed, { message: 'DUPLICATE KEY' })).toBe('failed-as-expected');
    expect(outcomeOf(failed, {})).toBe('failed-as-expected');
    expect(outcomeOf(failed, { code: '42703' })).toBe('wrong-error');
    expect(outcomeOf(ran, { code: '23505' })).toBe('ran-unexpectedly');
    expect(['ok', 'failed-as-expected'].map((o) => isFailure(o as never))).toEqual([false, false]);
    expect(['error', 'wrong-error', 'ran-unexpectedly'].map((o) => isFailure(o as never))).toEqual([true, true, true]);
  });
});

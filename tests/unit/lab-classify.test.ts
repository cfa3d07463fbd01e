/**
 * The lab's statement analysis reads PostgreSQL's parse tree, not the text: names inside
 * strings and comments count for nothing, quoting and schemas are the catalog's, and any
 * shape the engine does not model is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../src/core/lab/analysis/pg-parser.ts';
import { classify } from '../../src/core/lab/engine/classify.ts';
import { en } from '../../src/core/i18n/en.ts';
import { labTextIn } from '../../src/core/lab/lab-text.ts';

beforeAll(() => loadSqlParser());

describe('lab statement analysis', () => {
  it('takes the assigned columns from the tree, not from text inside a string or a comment', () => {
    expect(classify("UPDATE parent SET name = 'x, id = 2' /* id = 3 */ WHERE id = 1")).toMatchObject({ kind: 'update', table: 'parent', assigned: ['name'] });
    expect(classify('UPDATE p SET (a, b) = (1, 2), "C" = f(3) WHERE id IN (SELECT id FROM q)')).toMatchObject({
      kind: 'update',
      assigned: ['a', 'b', 'C'],
      functions: ['f'],
    });
  });

  it('names tables as the catalog does, CTEs left out', () => {
    expect(classify('DELETE FROM "Odd"."T" WHERE id = 1')).toMatchObject({ kind: 'delete', table: 'Odd.T' });
    const select = classify('WITH c AS (SELECT * FROM public.a) SELECT * FROM c JOIN s.b ON true');
    expect(select).toMatchObject({ kind: 'select' });
    expect(select.kind === 'select' && select.tables.sort()).toEqual(['a', 's.b']);
  });

  it('reads the locking clause, its wait policy and its one table', () => {
    expect(classify('SELECT * FROM jobs j WHERE id = 1 FOR NO KEY UPDATE OF j SKIP LOCKED LIMIT 1')).toMatchObject({
      kind: 'select',
      lock: { mode: 'no key update', wait: 'skip locked', table: 'jobs' },
    });
    expect(classify('SELECT * FROM t FOR KEY SHARE NOWAIT')).toMatchObject({ lock: { mode: 'key share', wait: 'nowait' } });
    expect(classify("SELECT 'for update' FROM t")).toEqual({ kind: 'select', tables: ['t'], functions: [] });
  });

  it('reads transaction control and settings', () => {
    expect(classify('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY')).toEqual({ kind: 'begin', level: 'repeatable read', readOnly: true });
    expect(classify('start transaction read write')).toEqual({ kind: 'begin', readOnly: false });
    expect(classify('SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED')).toEqual({ kind: 'set-transaction', level: 'read committed', uncommitted: true });
    expect(classify('COMMIT AND CHAIN')).toEqual({ kind: 'commit', chain: true });
    expect(classify("SET deadlock_timeout TO '10ms';")).toEqual({ kind: 'set-session', name: 'deadlock_timeout', value: "'10ms'" });
    expect(classify('RESET enable_seqscan')).toEqual({ kind: 'set-session', name: 'enable_seqscan', value: 'DEFAULT' });
    expect(classify('SET lock_timeout = 20')).toEqual({ kind: 'set-session', name: 'lock_timeout', value: '20' });
    expect(classify("SET LOCAL lock_timeout = '2s'")).toEqual({ kind: 'set-session', name: 'lock_timeout', value: "'2s'", local: true });
  });

  it('reads savepoints with their names as the grammar folds them', () => {
    expect(classify('SAVEPOINT Sa_1')).toEqual({ kind: 'savepoint', name: 'sa_1' });
    expect(classify('SAVEPOINT "Sa 1"')).toEqual({ kind: 'savepoint', name: 'Sa 1' });
    expect(classify('RELEASE s')).toEqual({ kind: 'release', name: 's' });
    expect(classify('RELEASE SAVEPOINT s')).toEqual({ kind: 'release', name: 's' });
    expect(classify('ROLLBACK TO s')).toEqual({ kind: 'rollback-to', name: 's' });
    expect(classify('ROLLBACK TO SAVEPOINT s')).toEqual({ kind: 'rollback-to', name: 's' });
  });

  it('reads ON CONFLICT DO NOTHING with its conflict target', () => {
    expect(classify('INSERT INTO t (id, k) VALUES (1, 2) ON CONFLICT (k, id) DO NOTHING')).toMatchObject({ kind: 'insert', table: 't', onConflict: { columns: ['k', 'id'] } });
    expect(classify('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING')).toMatchObject({ kind: 'insert', onConflict: {} });
    expect(classify('INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET v = 1 WHERE t.v > 0')).toMatchObject({ kind: 'insert', onConflict: { columns: ['id'], update: { assigned: ['v'] } } });
  });

  it('reads LOCK TABLE with its tables, mode and NOWAIT', () => {
    expect(classify('LOCK TABLE a, s.b IN SHARE ROW EXCLUSIVE MODE NOWAIT')).toEqual({ kind: 'lock-table', tables: ['a', 's.b'], mode: 'SHARE ROW EXCLUSIVE', nowait: true });
    expect(classify('LOCK a')).toEqual({ kind: 'lock-table', tables: ['a'], mode: 'ACCESS EXCLUSIVE', nowait: false });
  });

  it('reads transaction-level advisory-lock calls with their keys, zero and bigint keys included', () => {
    expect(classify('SELECT pg_advisory_xact_lock(0), pg_try_advisory_xact_lock_shared(1, -2), pg_advisory_xact_lock(9000000000)')).toMatchObject({
      kind: 'select',
      advisory: [
        { key: '8:0', shared: false, try: false },
        { key: '4:1:-2', shared: true, try: true },
        { key: '8:9000000000', shared: false, try: false },
      ],
    });
  });

  it('fails a syntax error as the server does', () => {
    expect(classify('SELEC 1')).toEqual({ kind: 'syntax-error', message: 'syntax error at or near "SELEC"' });
  });

  it.each([
    ['INSERT INTO t SELECT * FROM u ON CONFLICT DO NOTHING', /rows of VALUES/],
    ['INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING', /conflict target that lists columns/],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', /data-modifying WITH/],
    ['SELECT * FROM (SELECT * FROM t FOR UPDATE) s', /locking clause inside a subquery/],
    ['SELECT * FROM t JOIN u USING (id) FOR UPDATE', /over several tables/],
    ['UPDATE t SET v = 1 FROM u', /UPDATE … FROM/],
    ["SELECT nextval('s'), currval('s')", /`currval` depends on PostgreSQL's backends/],
    ['SELECT ctid FROM t', /`ctid`/],
    ['SELECT * FROM pg_locks', /`pg_locks`/],
    ['SELECT pg_advisory_unlock(1)', /session-level advisory locks outlive transactions/],
    ['SELECT pg_advisory_xact_lock(id) FROM t', /constant integer keys, and nothing else/],
    ['PREPARE TRANSACTION \'t1\'', /two-phase commit is not modelled/],
    ['SET LOCAL enable_seqscan = off', /SET LOCAL/],
    ["SET LOCAL deadlock_timeout = '2s'", /SET LOCAL/],
    ['SET work_mem = 1', /the setting `work_mem` is not modelled/],
    ["SET statement_timeout = '1s'", /the setting `statement_timeout` is not modelled/],
    ["SET LOCAL idle_in_transaction_session_timeout = '1s'", /SET LOCAL/],
    ['VACUUM t', /VacuumStmt/],
  ])('refuses %s', (sql, reason) => {
    const classified = classify(sql);
    expect(classified.kind).toBe('refused');
    expect(classified.kind === 'refused' && labTextIn(en.labText, classified.reason)).toMatch(reason);
  });
});

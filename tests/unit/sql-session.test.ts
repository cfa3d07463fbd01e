/**
 * Running SQL on PGlite in Node, as the page's worker does: one statement at a time,
 * results per statement with tags, types, NULLs, notices; errors with every field, their
 * position in the block, and psql's stop at the first error. Also the database reuse of
 * `npm run check` and its doc-tests.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runProjectCli } from '../support/run-command.ts';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { DatabasePool, NodeDatabase } from '../../src/node/sql/node-database.ts';
import { runBlock, TypeNames } from '../../src/core/sql/session.ts';
import { BUFFER_POOL } from '../../src/core/sql/server-settings.ts';

let database: NodeDatabase;

beforeAll(async () => {
  database = await NodeDatabase.boot(await pgliteDataDir());
});
afterAll(async () => {
  await database?.close();
});

describe('runBlock', () => {
  it('returns one result per statement with command tags, column types and NULLs', async () => {
    const run = await runBlock(
      database.db,
      `CREATE TABLE items (id int PRIMARY KEY, label varchar(10), price numeric(6,2));
       INSERT INTO items VALUES (1, 'NULL', 1.5), (2, NULL, 2);
       SELECT * FROM items ORDER BY id;`,
    );
    expect(run.error).toBeUndefined();
    expect(run.statements.map((s) => s.tag)).toEqual(['CREATE TABLE', 'INSERT 0 2', 'SELECT 2']);
    const select = run.statements[2];
    expect(select.columns?.map((c) => `${c.name}:${c.type}`)).toEqual(['id:integer', 'label:character varying(10)', 'price:numeric(6,2)']);
    expect(select.rows).toEqual([['1', 'NULL', '1.50'], ['2', null, '2.00']]);
  });

  it('collects notices and names types the reader created', async () => {
    const types = new TypeNames();
    const run = await runBlock(
      database.db,
      `CREATE TYPE mood AS ENUM ('calm', 'busy'); DO $$ BEGIN RAISE NOTICE 'ready: %', 1; END $$; SELECT 'calm'::mood AS m;`,
      { types },
    );
    expect(run.statements[1].notices).toEqual([{ severity: 'NOTICE', code: '00000', message: 'ready: 1', detail: undefined, hint: undefined }]);
    expect(run.statements[2].columns?.[0].type).toBe('mood');
  });

  it('stops at the first error, with SQLSTATE, detail and the position in the block', async () => {
    const block = `INSERT INTO items VALUES (3, 'ok', 1);\nINSERT INTO items VALUES (1, 'dup', 1);\nSELECT 1;`;
    const run = await runBlock(database.db, block);
    expect(run.statements).toHaveLength(2);
    expect(run.error).toMatchObject({ code: '23505', detail: 'Key (id)=(1) already exists.', constraint: 'items_pkey' });
    const typo = await runBlock(database.db, `SELECT 1;\nSELECT 'Привет', labl FROM items;`);
    expect(typo.error?.code).toBe('42703');
    expect(`SELECT 1;\nSELECT 'Привет', labl FROM items;`.slice(typo.error!.position)).toMatch(/^labl/);
  });

  it('commits each statement on its own, like psql, unless the block opens a transaction', async () => {
    await runBlock(database.db, `INSERT INTO items VALUES (10, 'kept', 1); INSERT INTO items VALUES (10, 'dup', 1);`);
    const kept = await runBlock(database.db, `SELECT label FROM items WHERE id = 10`);
    expect(kept.statements[0].rows).toEqual([['kept']]);
    const failed = await runBlock(database.db, `BEGIN; INSERT INTO items VALUES (11, 'x', 1); SELECT 1/0;`);
    expect(failed.transaction).toBe('failed');
    const commit = await runBlock(database.db, 'COMMIT');
    expect(commit.statements[0].tag).toBe('ROLLBACK');
    expect(commit.transaction).toBe('idle');
  });

  it('keeps at most maxRows rows but counts them all', async () => {
    const run = await runBlock(database.db, 'SELECT g FROM generate_series(1, 1200) g', { maxRows: 500 });
    expect(run.statements[0].rows).toHaveLength(500);
    expect(run.statements[0].rowCount).toBe(1200);
  });

  it('returns markup in values as plain text, untouched', async () => {
    const run = await runBlock(database.db, `SELECT '<img src=x onerror=alert(1)>' AS html`);
    expect(run.statements[0].rows).toEqual([['<img src=x onerror=alert(1)>']]);
  });
});

describe('the server a block runs on', () => {
  it('starts with the settings the browser uses: its small buffer pool, WAL in 1MB segments, scans from the first page', async () => {
    const run = await runBlock(database.db, 'SHOW shared_buffers; SHOW wal_segment_size; SHOW max_wal_size; SHOW synchronize_seqscans;');
    expect(run.statements.map((s) => s.rows?.[0][0])).toEqual([BUFFER_POOL, '1MB', '64MB', 'off']);
  });
});

describe('database reuse between pages', () => {
  it('gives the first lease the database booted ahead of it (while Pyodide loads), booting no other', async () => {
    const boot = vi.spyOn(NodeDatabase, 'boot');
    const pool = new DatabasePool(await pgliteDataDir());
    try {
      await pool.prepare();
      expect(boot).toHaveBeenCalledTimes(1);
      const lease = await pool.open(false);
      expect(boot).toHaveBeenCalledTimes(1);
      await lease.release();
    } finally {
      await pool.close();
      boot.mockRestore();
    }
  });

  it('resets to the booted state after tables, schemas, roles, types and an open transaction', async () => {
    await runBlock(database.db, `CREATE SCHEMA s; CREATE TABLE s.t (x serial); CREATE ROLE someone; BEGIN; CREATE TABLE open_tx (x int);`);
    expect(await database.reset()).toBe(true);
    const run = await runBlock(database.db, `SELECT to_regclass('items'), to_regclass('s.t'), (SELECT count(*) FROM pg_roles WHERE rolname = 'someone')`);
    expect(run.statements[0].rows).toEqual([[null, null, '0']]);
  });
});

describe('npm run check runs the doc-tests', () => {
  it('reports an unexpected error, an expect-error that passed and a differing output at their lines', async () => {
    const result = await runProjectCli('check', ['--vault', 'tests/fixtures/sql-doctests'], { timeoutMs: 55_000 });
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('Doc tests.md'));
    expect(lines).toEqual([
      'Doc tests.md:32:1: error: expected this block to fail with 23505, but it ran without an error [sql-expected-error]',
      'Doc tests.md:43:1: error: output differs from the expected output (its line 2): expected `2`, got `3` [sql-output]',
      'Doc tests.md:59:8: error: 42P01 relation "acounts" does not exist [sql-error]',
    ]);
  }, 60_000);
});

/**
 * The wire bridge a Python driver talks through to the page's PGlite database (issue 11):
 * frontend bytes as a driver writes them (pg-protocol's serializer, the one node-postgres
 * uses), replies read back message by message. No Python here: this is the byte level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialize } from 'pg-protocol';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { backendMessages, WireBridge } from '../../src/core/python/wire-bridge.ts';

let database: NodeDatabase;

beforeAll(async () => {
  database = await NodeDatabase.boot(await pgliteDataDir());
});
afterAll(async () => {
  await database?.close();
});

const bytes = (...buffers: Buffer[]) => new Uint8Array(Buffer.concat(buffers));
const types = (reply: Uint8Array) => [...backendMessages(reply)].map((m) => String.fromCharCode(m.type)).join('');
const startup = () => bytes(serialize.startup({ user: 'postgres', database: 'postgres' }));
const text = (body: Uint8Array) => new TextDecoder().decode(body);

function connected(): WireBridge {
  const bridge = new WireBridge(database.db);
  bridge.send(startup());
  return bridge;
}

describe('WireBridge', () => {
  it('answers the startup message itself: AuthenticationOk, ParameterStatus, BackendKeyData, ReadyForQuery', () => {
    const bridge = new WireBridge(database.db);
    expect(bridge.send(bytes(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])))).toEqual(new TextEncoder().encode('N')); // SSLRequest refused
    const reply = bridge.send(startup());
    expect(types(reply)).toMatch(/^RS+KZ$/);
    const params = [...backendMessages(reply)].filter((m) => m.type === 0x53).map((m) => text(m.body).split('\0')[0]);
    expect(params).toEqual(expect.arrayContaining(['server_version', 'client_encoding', 'integer_datetimes', 'standard_conforming_strings']));
    const version = [...backendMessages(reply)].find((m) => m.type === 0x53 && text(m.body).startsWith('server_version'));
    expect(text(version!.body).split('\0')[1]).toMatch(/^\d+/);
    expect(bridge.connected).toBe(true);
  });

  it('accepts a startup message split across two flushes', () => {
    const bridge = new WireBridge(database.db);
    const message = startup();
    expect(bridge.send(message.subarray(0, 6))).toHaveLength(0);
    expect(types(bridge.send(message.subarray(6)))).toMatch(/^RS+KZ$/);
  });

  it('runs the simple protocol', () => {
    const bridge = connected();
    const reply = bridge.send(bytes(serialize.query('CREATE TEMP TABLE simple_t (n int); INSERT INTO simple_t VALUES (1), (2); SELECT n FROM simple_t ORDER BY n')));
    expect(types(reply)).toBe('CCTDDCZ');
    expect(bridge.takeOutcome()).toEqual({ tags: ['CREATE TABLE', 'INSERT 0 2', 'SELECT 2'], notices: [] });
  });

  it('runs the extended protocol: Parse, Bind, Describe, Execute, Sync in one flush', () => {
    const bridge = connected();
    const reply = bridge.send(bytes(
      serialize.parse({ text: 'SELECT $1::int + 1 AS next', types: [] }),
      serialize.bind({ values: ['41'] }),
      serialize.describe({ type: 'P' }),
      serialize.execute(),
      serialize.sync(),
    ));
    expect(types(reply)).toBe('12TDCZ');
    const row = [...backendMessages(reply)].find((m) => m.type === 0x44)!;
    expect(text(row.body.subarray(6))).toBe('42');
    expect(bridge.takeOutcome().tags).toEqual(['SELECT 1']);
  });

  it('reports an error mid-batch with its SQLSTATE and constraint, and skips the rest until Sync', () => {
    const bridge = connected();
    bridge.send(bytes(serialize.query('CREATE TABLE batch_u (id int CONSTRAINT batch_u_pk PRIMARY KEY)')));
    bridge.takeOutcome();
    const insert = (id: string) => [serialize.parse({ text: 'INSERT INTO batch_u VALUES ($1)', types: [] }), serialize.bind({ values: [id] }), serialize.execute()];
    const reply = bridge.send(bytes(...insert('1'), ...insert('1'), ...insert('2'), serialize.sync()));
    expect(types(reply)).toBe('12C12EZ');
    const outcome = bridge.takeOutcome();
    expect(outcome.tags).toEqual(['INSERT 0 1']);
    expect(outcome.error).toMatchObject({ code: '23505', constraint: 'batch_u_pk', table: 'batch_u' });
    // Sync ended the implicit transaction: nothing of the batch was kept.
    expect(text([...backendMessages(bridge.send(bytes(serialize.query('SELECT count(*) FROM batch_u'))))].find((m) => m.type === 0x44)!.body.subarray(6))).toBe('0');
  });

  it('passes notices through in order', () => {
    const bridge = connected();
    const reply = bridge.send(bytes(serialize.query(`DO $$ BEGIN RAISE NOTICE 'first'; RAISE NOTICE 'second'; END $$`)));
    expect(types(reply)).toBe('NNCZ');
    expect(bridge.takeOutcome().notices.map((n) => n.message)).toEqual(['first', 'second']);
  });

  it('follows transactions: BEGIN, a failed statement, ROLLBACK', () => {
    const bridge = connected();
    bridge.send(bytes(serialize.query('BEGIN')));
    expect(bridge.transactionStatus).toBe('T');
    bridge.send(bytes(serialize.query('SELECT 1/0')));
    expect(bridge.transactionStatus).toBe('E');
    expect(bridge.takeOutcome().error).toMatchObject({ code: '22012' });
    bridge.send(bytes(serialize.query('ROLLBACK')));
    expect(bridge.transactionStatus).toBe('I');
  });

  it('never passes Terminate to PGlite, and rolls back the transaction the connection left open', () => {
    const bridge = connected();
    bridge.send(bytes(serialize.query('CREATE TABLE term_t (n int)')));
    bridge.send(bytes(serialize.query('BEGIN; INSERT INTO term_t VALUES (1)')));
    expect(bridge.transactionStatus).toBe('T');
    expect(bridge.send(bytes(serialize.end()))).toHaveLength(0);
    expect(bridge.connected).toBe(false);
    // PGlite still answers, and the uncommitted row is gone.
    const reply = bridge.send(startup());
    expect(types(reply)).toMatch(/^RS+KZ$/);
    expect(text([...backendMessages(reply)].at(-1)!.body)).toBe('I');
    const count = [...backendMessages(bridge.send(bytes(serialize.query('SELECT count(*) FROM term_t'))))].find((m) => m.type === 0x44)!;
    expect(text(count.body.subarray(6))).toBe('0');
  });

  it('serves a closed connection re-opened, on the same database', () => {
    const first = connected();
    first.send(bytes(serialize.query('CREATE TABLE reopen_t (n int); INSERT INTO reopen_t VALUES (7)')));
    first.send(bytes(serialize.end()));
    const second = connected();
    const row = [...backendMessages(second.send(bytes(serialize.query('SELECT n FROM reopen_t'))))].find((m) => m.type === 0x44)!;
    expect(text(row.body.subarray(6))).toBe('7');
  });
});

describe('WireBridge refuses what the SQL blocks refuse', () => {
  it('COPY … PROGRAM in a simple query: an error and ReadyForQuery, nothing sent, the connection goes on', () => {
    const bridge = connected();
    const reply = bridge.send(bytes(serialize.query(`COPY (SELECT 1) TO PROGRAM 'cat'`)));
    expect(types(reply)).toBe('EZ');
    expect(bridge.takeOutcome().error).toMatchObject({ code: '0A000' });
    expect(types(bridge.send(bytes(serialize.query('SELECT 1'))))).toBe('TDCZ');
  });

  it('SET exit_on_error in the extended protocol: the batch is dropped up to Sync, then ReadyForQuery', () => {
    const bridge = connected();
    const reply = bridge.send(bytes(
      serialize.parse({ text: 'SET exit_on_error = on', types: [] }),
      serialize.bind(),
      serialize.execute(),
      serialize.parse({ text: 'CREATE TABLE skipped_t (n int)', types: [] }),
      serialize.bind(),
      serialize.execute(),
      serialize.sync(),
    ));
    expect(types(reply)).toBe('EZ');
    expect(bridge.takeOutcome().error).toMatchObject({ code: '0A000' });
    // Nothing of the batch reached PGlite, and the connection answers again.
    const row = [...backendMessages(bridge.send(bytes(serialize.query("SELECT to_regclass('skipped_t') IS NULL"))))].find((m) => m.type === 0x44)!;
    expect(text(row.body.subarray(6))).toBe('t');
  });
  it('a timer PGlite cannot run (idle_in_transaction_session_timeout) in the extended protocol: refused, never sent', () => {
    const bridge = connected();
    expect(bridge.refused('SET lock_timeout = 5')).toBeUndefined();
    expect(bridge.refused("SET idle_in_transaction_session_timeout = '1s'")).toMatch(/cannot be set here.*25P03/);
    const reply = bridge.send(bytes(serialize.parse({ text: "SET idle_in_transaction_session_timeout = '1s'", types: [] }), serialize.bind(), serialize.execute(), serialize.sync()));
    expect(types(reply)).toBe('EZ');
    expect(bridge.takeOutcome().error).toMatchObject({ code: '0A000', message: expect.stringMatching(/^idle_in_transaction_session_timeout cannot be set here/) });
    const row = [...backendMessages(bridge.send(bytes(serialize.query('SHOW idle_in_transaction_session_timeout'))))].find((m) => m.type === 0x44)!;
    expect(text(row.body.subarray(6))).toBe('0');
  });
});

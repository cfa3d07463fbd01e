/** quote.ts on PGlite: what PostgreSQL reads back is the name or text that was quoted. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { quoteIdentifier, quoteLiteral, quoteTable } from '../../src/core/sql/quote.ts';
import { runBlock } from '../../src/core/sql/session.ts';

const NASTY = ["it's", '"', 'a"b', 'Users', 'a.b', '\\', "\\'", '$$', '$&', 'x; DROP TABLE t; --', '/* c */', 'тест', '数据', '😀 e', ' space '];

let database: NodeDatabase;
beforeAll(async () => {
  database = await NodeDatabase.boot(await pgliteDataDir());
});
afterAll(async () => {
  await database?.close();
});

async function rows(sql: string): Promise<(string | null)[][]> {
  const run = await runBlock(database.db, sql);
  expect(run.error).toBeUndefined();
  return run.statements.at(-1)?.rows ?? [];
}

it('a quoted literal reads back as the text, backslashes and quotes included', async () => {
  expect(await rows(`SELECT ${NASTY.map(quoteLiteral).join(', ')}`)).toEqual([NASTY]);
});

it('a quoted identifier names exactly that table, case and dots kept; quoteTable splits the schema at the first dot', async () => {
  expect(await database.reset()).toBe(true);
  const created = NASTY.map((name) => `CREATE TABLE ${quoteIdentifier(name)} (${quoteIdentifier(name)} int)`);
  await rows(`CREATE TABLE ${quoteTable('public.a.b.c')} (); ${created.join('; ')}`);
  const names = await rows(`SELECT n.nspname || '|' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY c.relname COLLATE "C"`);
  expect(names.map(([name]) => name)).toEqual(['public|a.b.c', ...NASTY.map((name) => `public|${name}`)].sort(byCodeUnit));
  const columns = await rows(`SELECT attname FROM pg_attribute WHERE attrelid = ${quoteLiteral(quoteIdentifier('a"b'))}::regclass AND attnum > 0`);
  expect(columns).toEqual([['a"b']]);
});

function byCodeUnit(a: string, b: string): number {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return Buffer.compare(x, y);
}

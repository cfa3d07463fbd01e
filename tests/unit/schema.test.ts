/**
 * The relationships diagram's inference and the change capture, on PGlite in Node: each
 * cardinality form read from real catalogs, and the rows statements touch, directly and
 * through referential actions, with the constraint that caused each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { runBlock } from '../../src/core/sql/session.ts';
import type { SchemaModel } from '../../src/core/schema/types.ts';
import { describeManyToMany, describeRelationship, manyToManyOf, relationshipsOf } from '../../src/core/schema/relationships.ts';
import { describeChange } from '../../src/core/schema/changes.ts';
import { en } from '../../src/core/i18n/en.ts';
import type { ChangeNode } from '../../src/core/schema/types.ts';
import { canModifyRows, rowOps, statementTargets } from '../../src/core/schema/capture.ts';

let database: NodeDatabase;

beforeAll(async () => {
  database = await NodeDatabase.boot(await pgliteDataDir());
});
afterAll(async () => {
  await database?.close();
});

async function schemaAfter(sql: string): Promise<SchemaModel> {
  expect((await database.reset())).toBe(true);
  const run = await runBlock(database.db, sql, { readSchema: true });
  expect(run.error).toBeUndefined();
  return run.schema!;
}

/** Change trees as lines, children indented. */
function lines(nodes: ChangeNode[] | undefined, depth = 0): string[] {
  return (nodes ?? []).flatMap((n) => [`${'  '.repeat(depth)}${describeChange(n, en.sql, 'en')}`, ...lines(n.children, depth + 1)]);
}

describe('cardinality inference', () => {
  let model: SchemaModel;
  beforeAll(async () => {
    model = await schemaAfter(`
      CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE profiles (id int PRIMARY KEY, user_id int NOT NULL UNIQUE REFERENCES users ON DELETE CASCADE);
      CREATE TABLE passports (user_id int PRIMARY KEY REFERENCES users);
      CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE SET NULL);
      CREATE TABLE cities (id int PRIMARY KEY);
      CREATE TABLE user_cities (user_id int REFERENCES users ON DELETE CASCADE, city_id int REFERENCES cities, PRIMARY KEY (user_id, city_id));
      CREATE TABLE tags (id serial PRIMARY KEY);
      CREATE TABLE post_tags (id serial PRIMARY KEY, post_id int NOT NULL REFERENCES posts, tag_id int NOT NULL REFERENCES tags, UNIQUE (post_id, tag_id));
      CREATE TABLE messages (id int PRIMARY KEY, sender_id int REFERENCES users, receiver_id int REFERENCES users);
      CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees);
      CREATE TABLE versions (id int PRIMARY KEY, previous_id int UNIQUE REFERENCES versions);
      CREATE TABLE grids (x int, y int, PRIMARY KEY (x, y));
      CREATE TABLE cells (id int PRIMARY KEY, gx int NOT NULL, gy int NOT NULL, FOREIGN KEY (gx, gy) REFERENCES grids ON UPDATE CASCADE);
      CREATE TABLE pins (gx int, gy int, note text, UNIQUE (gx, gy), FOREIGN KEY (gx, gy) REFERENCES grids);
      CREATE TABLE avatars (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users);
      CREATE UNIQUE INDEX avatars_one_per_user ON avatars (user_id);`);
  });
  const describe_ = (table: string, column: string) =>
    relationshipsOf(model).filter((r) => r.foreignKey.table === table && r.foreignKey.columns.includes(column)).map((r) => describeRelationship(r, en.sql));

  it('one-to-one when a unique constraint covers the foreign key', () => {
    expect(describe_('profiles', 'user_id')).toEqual(['profiles.user_id → users.id: one-to-one, ON DELETE CASCADE']);
  });
  it('one-to-one when a unique index covers it', () => {
    expect(describe_('avatars', 'user_id')).toEqual(['avatars.user_id → users.id: one-to-one']);
  });
  it('one-to-one in the shared-primary-key form', () => {
    expect(describe_('passports', 'user_id')).toEqual(['passports.user_id → users.id: one-to-one, shared primary key']);
  });
  it('many-to-one otherwise, optional when the column is nullable', () => {
    expect(describe_('posts', 'user_id')).toEqual(['posts.user_id → users.id: many-to-one, optional, ON DELETE SET NULL']);
  });
  it('many-to-many through an association table with a composite key or a surrogate key', () => {
    expect(manyToManyOf(model).map((m) => describeManyToMany(m, en.sql)).sort()).toEqual([
      'posts ↔ tags: many-to-many through post_tags',
      'users ↔ cities: many-to-many through user_cities',
    ]);
  });
  it('not many-to-many when no key covers the two foreign keys', () => {
    expect(manyToManyOf(model).some((m) => m.via === 'messages')).toBe(false);
    expect(describe_('messages', 'sender_id')).toEqual(['messages.sender_id → users.id: many-to-one, optional']);
  });
  it('self-references, many-to-one and one-to-one', () => {
    expect(describe_('employees', 'manager_id')).toEqual(['employees.manager_id → employees.id: many-to-one, self-reference, optional']);
    expect(describe_('versions', 'previous_id')).toEqual(['versions.previous_id → versions.id: one-to-one, self-reference, optional']);
  });
  it('multi-column keys, many-to-one and one-to-one', () => {
    expect(describe_('cells', 'gx')).toEqual(['cells.(gx, gy) → grids.(x, y): many-to-one, ON UPDATE CASCADE']);
    expect(describe_('pins', 'gx')).toEqual(['pins.(gx, gy) → grids.(x, y): one-to-one, optional']);
  });
  it('reads columns with types, NOT NULL and keys', () => {
    const users = model.tables.find((t) => t.name === 'users')!;
    expect(users.columns).toEqual([
      { name: 'id', type: 'integer', notNull: true, hasDefault: false },
      { name: 'name', type: 'text', notNull: true, hasDefault: false },
    ]);
    expect(users.primaryKey).toEqual({ name: 'users_pkey', columns: ['id'] });
    expect(model.tables.find((t) => t.name === 'post_tags')!.uniques).toEqual([{ name: 'post_tags_post_id_tag_id_key', columns: ['post_id', 'tag_id'] }]);
  });
});

describe('change capture', () => {
  const SCHEMA = `
    CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE profiles (id int PRIMARY KEY, user_id int UNIQUE REFERENCES users ON DELETE CASCADE);
    CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE CASCADE ON UPDATE CASCADE);
    CREATE TABLE comments (id int PRIMARY KEY, post_id int REFERENCES posts ON DELETE CASCADE);
    CREATE TABLE drafts (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE SET NULL);
    CREATE TABLE reviews (id int PRIMARY KEY, user_id int DEFAULT 0 REFERENCES users ON DELETE SET DEFAULT);
    CREATE TABLE invoices (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE RESTRICT);
    INSERT INTO users VALUES (0, 'nobody'), (1, 'ann'), (2, 'bob'), (3, 'cy');
    INSERT INTO profiles VALUES (1, 1), (2, 2);
    INSERT INTO posts VALUES (10, 1), (11, 1), (12, 2);
    INSERT INTO comments VALUES (100, 10), (101, 10), (102, 11);
    INSERT INTO drafts VALUES (7, 1);
    INSERT INTO reviews VALUES (5, 1);
    INSERT INTO invoices VALUES (9, 3);`;

  beforeAll(async () => {
    await schemaAfter(SCHEMA);
  });

  const capture = async (sql: string) => runBlock(database.db, sql, { captureChanges: true });

  it('a cascade three levels deep, SET NULL and SET DEFAULT, each under its cause', async () => {
    const run = await capture('DELETE FROM users WHERE id = 1');
    expect(run.error).toBeUndefined();
    expect(lines(run.statements[0].changes).sort()).toEqual([
      '  comments: 3 rows deleted by ON DELETE CASCADE of comments_post_id_fkey',
      '  drafts: 1 row updated by ON DELETE SET NULL of drafts_user_id_fkey',
      '  posts: 2 rows deleted by ON DELETE CASCADE of posts_user_id_fkey',
      '  profiles: 1 row deleted by ON DELETE CASCADE of profiles_user_id_fkey',
      '  reviews: 1 row updated by ON DELETE SET DEFAULT of reviews_user_id_fkey',
      'users: 1 row deleted',
    ].sort().map((l) => (l.startsWith('  comments') ? `  ${l}` : l)));
    const [root] = run.statements[0].changes!;
    const posts = root.children.find((c) => c.table === 'posts')!;
    expect(posts.children.map((n) => describeChange(n, en.sql, 'en'))).toEqual(['comments: 3 rows deleted by ON DELETE CASCADE of comments_post_id_fkey']);
    expect(root.children.find((c) => c.table === 'drafts')!.rows).toEqual([{ old: { id: 7, user_id: 1 }, new: { id: 7, user_id: null } }]);
    expect(root.children.find((c) => c.table === 'reviews')!.rows[0].new).toEqual({ id: 5, user_id: 0 });
  });

  it('ON UPDATE CASCADE', async () => {
    await runBlock(database.db, `INSERT INTO users VALUES (6, 'fay'); INSERT INTO posts VALUES (60, 6), (61, 6)`);
    const run = await capture('UPDATE users SET id = 26 WHERE id = 6');
    expect(run.error).toBeUndefined();
    expect(lines(run.statements[0].changes)).toEqual(['users: 1 row updated', '  posts: 2 rows updated by ON UPDATE CASCADE of posts_user_id_fkey']);
  });

  it('a cascade through a self-reference, told from the statement’s own row', async () => {
    await runBlock(database.db, `
      CREATE TABLE staff (id int PRIMARY KEY, boss_id int REFERENCES staff ON DELETE CASCADE);
      INSERT INTO staff VALUES (1, NULL), (2, 1), (3, 2), (4, 1);`);
    const run = await capture('DELETE FROM staff WHERE id = 2');
    expect(lines(run.statements[0].changes)).toEqual([
      'staff: 1 row deleted',
      '  staff: 1 row deleted by ON DELETE CASCADE of staff_boss_id_fkey',
    ]);
    expect(run.statements[0].changes![0].children[0].rows).toEqual([{ old: { id: 3, boss_id: 2 } }]);
  });

  it('rows of a self-reference the statement deletes itself are its own, not the cascade’s', async () => {
    await runBlock(database.db, `INSERT INTO staff VALUES (2, 1), (3, 2)`);
    const run = await capture('DELETE FROM staff WHERE id IN (2, 3)');
    expect(lines(run.statements[0].changes)).toEqual(['staff: 2 rows deleted']);
  });

  it('a RESTRICT error stops the statement, names the constraint and changes nothing', async () => {
    const run = await capture('DELETE FROM users WHERE id = 3');
    expect(run.error).toMatchObject({ code: '23001', constraint: 'invoices_user_id_fkey', table: 'invoices' });
    expect(run.statements[0].changes).toBeUndefined();
    const still = await runBlock(database.db, 'SELECT count(*) FROM users WHERE id = 3');
    expect(still.statements[0].rows).toEqual([['1']]);
  });

  it('a change made by a trigger of the reader’s', async () => {
    await runBlock(database.db, `
      CREATE TABLE audit (what text);
      CREATE FUNCTION note_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES ('user ' || NEW.id); RETURN NEW; END $$;
      CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION note_insert();`);
    const run = await capture(`INSERT INTO users VALUES (4, 'dee')`);
    expect(lines(run.statements[0].changes).sort()).toEqual(['audit: 1 row inserted by a trigger on users', 'users: 1 row inserted']);
  });

  it('one statement touching several tables through a data-modifying CTE', async () => {
    const run = await capture(`WITH u AS (INSERT INTO users VALUES (5, 'eve') RETURNING id) INSERT INTO posts SELECT 50, id FROM u`);
    expect(lines(run.statements[0].changes).sort()).toEqual(['audit: 1 row inserted by a trigger on users', 'posts: 1 row inserted', 'users: 1 row inserted']);
  });

  it('leaves nothing behind: no trigger, function or table of its own in the catalogs', async () => {
    const run = await runBlock(database.db, `
      SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'vault%';
      SELECT count(*) FROM pg_proc WHERE proname LIKE 'vault%';
      SELECT count(*) FROM pg_class WHERE relname LIKE 'vault%';`);
    expect(run.statements.map((s) => s.rows)).toEqual([[['0']], [['0']], [['0']]]);
  });

  it('a block of row changes reads the schema once and hands it on; after DDL it reads it again', async () => {
    const run = await runBlock(database.db, `UPDATE users SET name = name WHERE id = 0; CREATE TABLE extra (id int); UPDATE users SET name = name WHERE id = 0`, {
      captureChanges: true,
      readSchema: true,
    });
    expect(run.error).toBeUndefined();
    expect(run.statements[2].changes).toHaveLength(1);
    expect(run.schema!.tables.some((t) => t.name === 'extra')).toBe(true);
    await runBlock(database.db, 'DROP TABLE extra');
  });

  it('leaves the reader’s sequences alone: lastval() is the reader’s own', async () => {
    await runBlock(database.db, 'CREATE TABLE tickets (id serial PRIMARY KEY, title text)');
    const run = await capture(`INSERT INTO tickets (title) VALUES ('a'), ('b'); SELECT lastval();`);
    expect(run.error).toBeUndefined();
    expect(run.statements[0].changes).toHaveLength(1);
    expect(run.statements[1].rows).toEqual([['2']]);
  });

  it('is not in the catalogs a reader queries, even right after a captured statement', async () => {
    const run = await capture(`
      UPDATE users SET name = name WHERE id = 0;
      SELECT count(*) FROM information_schema.triggers;
      SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'vault%';
      SELECT count(*) FROM pg_catalog.pg_trigger WHERE NOT tgisinternal AND tgname <> 'users_audit';`);
    expect(run.error).toBeUndefined();
    expect(run.statements[0].changes).toHaveLength(1);
    expect(run.statements.slice(1).map((s) => s.rows)).toEqual([[['1']], [['0']], [['0']]]);
  });

  it('inside a failed transaction it does not capture, and cleans up with the rollback', async () => {
    await runBlock(database.db, 'BEGIN; SELECT 1/0;', { captureChanges: true });
    const inFailed = await capture('DELETE FROM posts');
    expect(inFailed.error?.code).toBe('25P02');
    await runBlock(database.db, 'ROLLBACK');
    const run = await runBlock(database.db, `SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'vault%'`);
    expect(run.statements[0].rows).toEqual([['0']]);
  });

  it('columns named like the machinery’s own names (b, n, o, i, j) do not shadow them', async () => {
    await runBlock(database.db, 'CREATE TABLE letters (b int, n int, o int, i int, j int)');
    const inserted = await capture('INSERT INTO letters VALUES (1, 2, 3, 4, 5)');
    expect(inserted.error).toBeUndefined();
    expect(inserted.statements[0].changes![0].rows).toEqual([{ new: { b: 1, n: 2, o: 3, i: 4, j: 5 } }]);
    const updated = await capture('UPDATE letters SET b = 10');
    expect(updated.statements[0].changes![0].rows).toEqual([{ old: { b: 1, n: 2, o: 3, i: 4, j: 5 }, new: { b: 10, n: 2, o: 3, i: 4, j: 5 } }]);
    const deleted = await capture('DELETE FROM letters');
    expect(deleted.statements[0].changes![0].rows).toEqual([{ old: { b: 10, n: 2, o: 3, i: 4, j: 5 } }]);
  });

  it('a table in a schema of its own, with a dot, a quote and a $& in its name', async () => {
    await runBlock(database.db, `CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY);
      CREATE TABLE shop."order.$&""items" (id int PRIMARY KEY, order_id int REFERENCES shop.orders ON DELETE CASCADE);
      INSERT INTO shop.orders VALUES (1); INSERT INTO shop."order.$&""items" VALUES (10, 1), (11, 1)`);
    const run = await capture('DELETE FROM shop.orders');
    expect(run.error).toBeUndefined();
    expect(lines(run.statements[0].changes)).toEqual([
      'shop.orders: 1 row deleted',
      '  shop.order.$&"items: 2 rows deleted by ON DELETE CASCADE of order.$&"items_order_id_fkey',
    ]);
  });

  it('captures nothing for statements that cannot change rows, and costs them nothing', async () => {
    const run = await capture('SELECT * FROM users');
    expect(run.statements[0].changes).toBeUndefined();
    expect(canModifyRows('  -- c\n  SELECT 1')).toBe(false);
    expect(canModifyRows('(WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x)')).toBe(true);
    expect(statementTargets('WITH d AS (DELETE FROM ONLY "Posts" WHERE true) UPDATE public.users SET x = 1')).toEqual(new Set(['Posts', 'users']));
    expect(statementTargets('CALL refresh()')).toBeUndefined();
    // Triggers only for the kinds of change the statement can make.
    expect(rowOps('DELETE FROM users', false)).toEqual(['UPDATE', 'DELETE']);
    expect(rowOps('WITH u AS (INSERT INTO users VALUES (9)) TRUNCATE posts', false)).toEqual(['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']);
    expect(rowOps('DELETE FROM users', true)).toEqual(['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']);
    expect(rowOps('CALL refresh()', false)).toEqual(['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']);
  });
});

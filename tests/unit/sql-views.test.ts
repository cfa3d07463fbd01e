/**
 * The browser views of relationships and changes, in their parts that need no page: the
 * diagram's graph for ELK (key marks, ports on the joined columns, edges from the
 * referenced table, model order), its highlights, the schema in words, a table view's
 * hidden query and the net effect of a run on a table's rows. Runs real statements on
 * PGlite in Node, with the change capture the page's worker turns on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { runBlock } from '../../src/core/sql/session.ts';
import type { SchemaModel } from '../../src/core/schema/types.ts';
import type { BlockRun } from '../../src/core/sql/results.ts';
import { diagramGraph, layoutSignature, shownSchema, SIZES } from '../../src/scripts/sql/diagram/schema-graph.ts';
import { edgeKey, highlightOf } from '../../src/scripts/sql/diagram/highlight.ts';
import { stacked } from '../../src/scripts/sql/diagram/layout.ts';
import { relationshipLines, tableLine } from '../../src/scripts/sql/diagram/text.ts';
import { en } from '../../src/core/i18n/en.ts';
import { keyColumns, rowKey, tableChanges, touchedTables, type Row } from '../../src/scripts/sql/views/row-changes.ts';
import { quoteTable } from '../../src/core/sql/quote.ts';
import { TABLE_VIEW_ROWS, tableRowsOf, tableRowsSql } from '../../src/scripts/sql/views/table-rows.ts';

let database: NodeDatabase;

const SCHEMA = `
  CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, born timestamp);
  CREATE TABLE profiles (id int PRIMARY KEY, user_id int NOT NULL UNIQUE REFERENCES users ON DELETE CASCADE);
  CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE CASCADE ON UPDATE CASCADE, title text);
  CREATE TABLE cities (id int PRIMARY KEY, name text UNIQUE);
  CREATE TABLE user_cities (user_id int REFERENCES users ON DELETE CASCADE, city_id int REFERENCES cities, PRIMARY KEY (user_id, city_id));
  CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees);
  CREATE TABLE grids (x int, y int, PRIMARY KEY (x, y));
  CREATE TABLE pins (gx int, gy int, a int, b int, UNIQUE (gx, gy), UNIQUE (a, b), FOREIGN KEY (gx, gy) REFERENCES grids);
  CREATE TABLE notes (body text);
  INSERT INTO users VALUES (1, 'ann', '2001-02-03 04:05:06'), (2, 'bob', NULL);
  INSERT INTO profiles VALUES (1, 1);
  INSERT INTO posts VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c');
  INSERT INTO cities VALUES (1, 'Kazan');
  INSERT INTO user_cities VALUES (1, 1), (2, 1);
  INSERT INTO notes VALUES ('x'), ('y');`;

let model: SchemaModel;

beforeAll(async () => {
  database = await NodeDatabase.boot(await pgliteDataDir());
  model = (await runBlock(database.db, SCHEMA, { readSchema: true })).schema!;
});
afterAll(async () => {
  await database?.close();
});

const capture = (sql: string) => runBlock(database.db, sql, { captureChanges: true, readSchema: true });
/** Width of a text in the tests' pretend font: 7 px a character, bold 8. */
const measure = (text: string, bold = false) => text.length * (bold ? 8 : 7);

describe('the diagram graph', () => {
  it('marks keys, and numbers the multi-column unique constraints', () => {
    const graph = diagramGraph(model, [], measure);
    const box = (name: string) => [...graph.tables.values()].find((b) => b.name === name)!;
    expect(box('profiles').rows.map((r) => [r.name, r.marks])).toEqual([
      ['id', 'PK'],
      ['user_id', 'FK UQ NN'],
    ]);
    expect(box('users').rows.map((r) => r.marks)).toEqual(['PK', 'NN', '']);
    expect(box('pins').rows.map((r) => r.marks)).toEqual(['FK UQ2', 'FK UQ2', 'UQ1', 'UQ1']);
    expect(box('user_cities').association).toBe('users ↔ cities');
    // Sized to the widest marks, name and type, between paddings.
    const users = box('users');
    expect(users.x.name).toBe(SIZES.padX + measure('PK') + SIZES.gap);
    expect(users.width).toBe(users.x.type + measure('timestamp without time zone') + SIZES.padX);
    expect(users.height).toBe(SIZES.header + 3 * SIZES.row + 4);
  });

  it('runs each edge from the referenced column to the referencing one, self-references too', () => {
    const graph = diagramGraph(model, [], measure);
    const nodes = new Map(graph.elk.children!.map((n) => [graph.tables.get(n.id)!.name, n]));
    const [id, info] = [...graph.edges].find(([, e]) => e.key === edgeKey('profiles', 'profiles_user_id_fkey'))!;
    const edge = graph.elk.edges!.find((e) => e.id === id)!;
    const source = nodes.get('users')!.ports!.find((p) => p.id === edge.sources[0])!;
    const target = nodes.get('profiles')!.ports!.find((p) => p.id === edge.targets[0])!;
    expect(source).toMatchObject({ x: nodes.get('users')!.width, y: SIZES.header + SIZES.row / 2, layoutOptions: { 'elk.port.side': 'EAST' } });
    expect(target).toMatchObject({ x: 0, y: SIZES.header + SIZES.row * 1.5, layoutOptions: { 'elk.port.side': 'WEST' } });
    expect(info.relationship.kind).toBe('one-to-one');
    expect(edge.labels?.[0].text).toBe('ON DELETE CASCADE');

    const posts = [...graph.edges].find(([, e]) => e.key === edgeKey('posts', 'posts_user_id_fkey'))!;
    expect(posts[1].label).toEqual(['ON DELETE CASCADE', 'ON UPDATE CASCADE']);
    expect(graph.elk.edges!.find((e) => e.id === posts[0])!.labels![0].height).toBe(2 * SIZES.labelLine);

    const self = [...graph.edges].find(([, e]) => e.relationship.selfReference)!;
    const selfEdge = graph.elk.edges!.find((e) => e.id === self[0])!;
    const employees = nodes.get('employees')!;
    expect(employees.ports!.map((p) => p.id).sort()).toEqual([...selfEdge.sources, ...selfEdge.targets].sort());
    expect(self[1].label).toEqual([]);
    expect(selfEdge.labels).toBeUndefined();
  });

  it('draws two keys between the same tables as separate edges, apart and labelled with their columns', () => {
    const posts = model.tables.find((t) => t.name === 'posts')!;
    const byUser = model.foreignKeys.find((fk) => fk.name === 'posts_user_id_fkey')!;
    const parallel: SchemaModel = {
      tables: [...model.tables.filter((t) => t !== posts), { ...posts, columns: [...posts.columns, { ...posts.columns[1], name: 'editor_id' }] }],
      foreignKeys: [...model.foreignKeys, { ...byUser, name: 'posts_editor_id_fkey', columns: ['editor_id'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' }],
    };
    const graph = diagramGraph(parallel, [], measure);
    const edgeOf = (name: string) => {
      const [id, info] = [...graph.edges].find(([, e]) => e.key === edgeKey('posts', name))!;
      return { info, edge: graph.elk.edges!.find((e) => e.id === id)! };
    };
    const [author, editor] = [edgeOf('posts_user_id_fkey'), edgeOf('posts_editor_id_fkey')];
    expect(author.info.label).toEqual(['user_id', 'ON DELETE CASCADE', 'ON UPDATE CASCADE']);
    expect(editor.info.label).toEqual(['editor_id']);
    expect(editor.edge.labels![0].text).toBe('editor_id');
    const ports = graph.elk.children!.find((n) => graph.tables.get(n.id)!.name === 'users')!.ports!;
    const y = (edge: typeof author) => ports.find((p) => p.id === edge.edge.sources[0])!.y!;
    // Both leave users.id's row, from different points.
    expect(y(author)).not.toBe(y(editor));
    expect(Math.abs(y(author) - (SIZES.header + SIZES.row / 2))).toBeLessThan(SIZES.row / 2);
    expect(Math.abs(y(editor) - (SIZES.header + SIZES.row / 2))).toBeLessThan(SIZES.row / 2);
  });

  it('stacks tables for a phone below the tables they refer to, self-references and cycles too', () => {
    const graph = diagramGraph(model, ['user_cities', 'posts', 'cities', 'users', 'employees'], measure);
    const names = stacked(graph.elk).map((id) => graph.tables.get(id)!.name);
    expect(names.indexOf('users')).toBeLessThan(names.indexOf('posts'));
    expect(names.indexOf('users')).toBeLessThan(names.indexOf('user_cities'));
    expect(names.indexOf('cities')).toBeLessThan(names.indexOf('user_cities'));
    // Within a depth, the order given: cities before users, both roots.
    expect(names.slice(0, 2)).toEqual(['cities', 'users']);
    expect(names).toHaveLength(model.tables.length);
    const cycle = { ...graph.elk, edges: [...graph.elk.edges!, { id: 'back', sources: [graph.elk.children![0].id], targets: [graph.elk.children![1].id] }] };
    expect(stacked(cycle)).toHaveLength(model.tables.length);
  });

  it('keeps the order it is given, new tables last, so a new one does not reorder the others', () => {
    const order = ['posts', 'users'];
    const graph = diagramGraph(shownSchema(model, ['users', 'posts', 'profiles']), order, measure);
    expect(graph.elk.children!.map((n) => graph.tables.get(n.id)!.name)).toEqual(['posts', 'users', 'profiles']);
  });

  it('shows only the named tables and the keys between them; the signature follows the schema', () => {
    const shown = shownSchema(model, ['users', 'posts']);
    expect(shown.tables.map((t) => t.name).sort()).toEqual(['posts', 'users']);
    expect(shown.foreignKeys.map((fk) => fk.name)).toEqual(['posts_user_id_fkey']);
    expect(shownSchema(model, [])).toBe(model);
    expect(layoutSignature(shown)).toBe(layoutSignature(shownSchema(model, ['posts', 'users'])));
    expect(layoutSignature(shown)).not.toBe(layoutSignature(shownSchema(model, ['users'])));
  });
});

describe('the schema in words', () => {
  it('lists relationships as the core words them, and tables with their keys', () => {
    const shown = shownSchema(model, ['users', 'cities', 'user_cities']);
    expect(relationshipLines(shown, en.sql)).toEqual([
      'user_cities.city_id → cities.id: many-to-one',
      'user_cities.user_id → users.id: many-to-one, ON DELETE CASCADE',
      'users ↔ cities: many-to-many through user_cities',
    ]);
    const table = (name: string) => model.tables.find((t) => t.name === name)!;
    expect(tableLine(table('profiles'))).toBe('profiles: id integer PRIMARY KEY, user_id integer NOT NULL UNIQUE');
    expect(tableLine(table('user_cities'))).toBe('user_cities: user_id integer NOT NULL, city_id integer NOT NULL; PRIMARY KEY (user_id, city_id)');
    expect(tableLine(table('pins'))).toBe('pins: gx integer, gy integer, a integer, b integer; UNIQUE (a, b); UNIQUE (gx, gy)');
  });
});

describe('what a run lights up', () => {
  it('the tables it changed and the foreign keys whose actions fired', async () => {
    await runBlock(database.db, 'BEGIN');
    try {
      const run = await capture('DELETE FROM users WHERE id = 1');
      const highlight = highlightOf(run, run.schema);
      expect([...highlight.tables].sort()).toEqual(['posts', 'profiles', 'user_cities', 'users']);
      expect([...highlight.fired].sort()).toEqual(['posts|posts_user_id_fkey', 'profiles|profiles_user_id_fkey', 'user_cities|user_cities_user_id_fkey']);
      expect(highlight.blocker).toBeUndefined();
    } finally {
      await runBlock(database.db, 'ROLLBACK');
    }
  });

  it('the foreign key that stopped it, and the unique constraint that did', async () => {
    const orphan = await capture('INSERT INTO posts VALUES (99, 42)');
    expect(orphan.error?.code).toBe('23503');
    expect(highlightOf(orphan, model)).toMatchObject({ blocker: 'posts|posts_user_id_fkey' });
    const restricted = await capture('DELETE FROM cities');
    expect(restricted.error?.code).toBe('23503');
    expect(highlightOf(restricted, model).blocker).toBe('user_cities|user_cities_city_id_fkey');
    const duplicate = await capture('INSERT INTO profiles VALUES (2, 1)');
    expect(highlightOf(duplicate, model).blockedKey).toEqual({ table: 'profiles', columns: ['user_id'] });
    const samePair = await capture('INSERT INTO user_cities VALUES (1, 1)');
    expect(highlightOf(samePair, model).blockedKey).toEqual({ table: 'user_cities', columns: ['user_id', 'city_id'] });
  });
});

describe('table views', () => {
  it('quotes names and reads rows as text and as jsonb, in key order, one more than shown', async () => {
    expect(quoteTable('users')).toBe('"users"');
    expect(quoteTable('sales.Order "x"')).toBe('"sales"."Order ""x"""');
    expect(tableRowsSql('users', ['id'])).toBe(`SELECT to_jsonb(vault_kb_row)::text, vault_kb_row.* FROM "users" AS vault_kb_row ORDER BY vault_kb_row."id" LIMIT ${TABLE_VIEW_ROWS + 1}`);
    const rows = tableRowsOf(await runBlock(database.db, tableRowsSql('users', ['id']), { maxRows: TABLE_VIEW_ROWS }))!;
    expect(rows.columns.map((c) => c.name)).toEqual(['id', 'name', 'born']);
    expect(rows.rows[0]).toEqual({ values: ['1', 'ann', '2001-02-03 04:05:06'], json: { id: 1, name: 'ann', born: '2001-02-03T04:05:06' } });
    expect(rows.more).toBe(false);
    await runBlock(database.db, `CREATE TABLE many AS SELECT n FROM generate_series(1, ${TABLE_VIEW_ROWS + 5}) n`);
    const many = tableRowsOf(await runBlock(database.db, tableRowsSql('many', []), { maxRows: TABLE_VIEW_ROWS }))!;
    expect([many.rows.length, many.more]).toEqual([TABLE_VIEW_ROWS, true]);
    expect(tableRowsOf(await runBlock(database.db, tableRowsSql('nothing', [])))).toBeUndefined();
  });

  it('matches logged rows to current ones by primary key, or by all values without one', async () => {
    const users = model.tables.find((t) => t.name === 'users')!;
    const notes = model.tables.find((t) => t.name === 'notes')!;
    expect(keyColumns(users)).toEqual(['id']);
    expect(keyColumns(notes)).toEqual(['body']);
    const run = await capture(`
      UPDATE users SET name = 'ANN' WHERE id = 1;
      INSERT INTO users VALUES (3, 'cy', now());
      INSERT INTO notes VALUES ('z');
      DELETE FROM notes WHERE body = 'x';`);
    expect(touchedTables(run)).toEqual(['users', 'notes']);
    const changes = tableChanges(run, 'users', keyColumns(users));
    expect([...changes.inserted]).toEqual([rowKey({ id: 3 }, ['id'])]);
    expect([...changes.updated.values()].map((u) => [u.old.name, u.new.name])).toEqual([['ann', 'ANN']]);
    const current = tableRowsOf(await runBlock(database.db, tableRowsSql('users', ['id'])))!;
    // The logged rows and the view's rows are the same jsonb: the timestamp matches too.
    const inserted = current.rows.find((r) => changes.inserted.has(rowKey(r.json, keyColumns(users))));
    expect(inserted?.values.slice(0, 2)).toEqual(['3', 'cy']);
    const noteChanges = tableChanges(run, 'notes', keyColumns(notes));
    expect([...noteChanges.inserted]).toEqual(['["z"]']);
    expect([...noteChanges.deleted.values()]).toEqual([{ body: 'x' }]);
  });
});

describe('the net effect of a run on a table', () => {
  const logged = (...changes: [op: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE', old?: Row, next?: Row][]): BlockRun => ({
    transaction: 'idle',
    elapsedMs: 0,
    statements: changes.map(([op, old, next]) => ({
      sql: '',
      offset: 0,
      notices: [],
      elapsedMs: 0,
      changes: [{ table: 't', op, cause: { kind: 'direct' }, rows: [{ ...(old ? { old } : {}), ...(next ? { new: next } : {}) }], children: [] }],
    })),
  });
  const net = (run: BlockRun) => {
    const c = tableChanges(run, 't', ['id']);
    return { inserted: [...c.inserted], updated: [...c.updated.keys()], deleted: [...c.deleted.keys()], truncated: c.truncated };
  };

  it('a row inserted then deleted was never there; deleted then inserted was replaced', () => {
    expect(net(logged(['INSERT', undefined, { id: 1 }], ['DELETE', { id: 1 }]))).toEqual({ inserted: [], updated: [], deleted: [], truncated: false });
    expect(net(logged(['DELETE', { id: 1, v: 'a' }], ['INSERT', undefined, { id: 1, v: 'b' }]))).toEqual({ inserted: [], updated: ['[1]'], deleted: [], truncated: false });
  });

  it('an inserted row updated stays inserted, under its new key; an updated row deleted is deleted as it was', () => {
    expect(net(logged(['INSERT', undefined, { id: 1 }], ['UPDATE', { id: 1 }, { id: 2 }]))).toEqual({ inserted: ['[2]'], updated: [], deleted: [], truncated: false });
    const run = logged(['UPDATE', { id: 1, v: 'a' }, { id: 1, v: 'b' }], ['DELETE', { id: 1, v: 'b' }]);
    expect(net(run)).toEqual({ inserted: [], updated: [], deleted: ['[1]'], truncated: false });
    expect(tableChanges(run, 't', ['id']).deleted.get('[1]')).toEqual({ id: 1, v: 'a' });
  });

  it('two updates of a row compare the first old value with the last new one; TRUNCATE forgets the marks', () => {
    const twice = tableChanges(logged(['UPDATE', { id: 1, v: 'a' }, { id: 1, v: 'b' }], ['UPDATE', { id: 1, v: 'b' }, { id: 1, v: 'c' }]), 't', ['id']);
    expect(twice.updated.get('[1]')).toEqual({ old: { id: 1, v: 'a' }, new: { id: 1, v: 'c' } });
    expect(net(logged(['INSERT', undefined, { id: 1 }], ['TRUNCATE']))).toEqual({ inserted: [], updated: [], deleted: [], truncated: true });
  });
});

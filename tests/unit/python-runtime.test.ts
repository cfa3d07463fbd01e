/**
 * Python blocks run in Node on Pyodide (issue 11): real SQLAlchemy and pg8000 from the
 * locked wheels, through the wire bridge, on the same PGlite database the SQL blocks use.
 * One interpreter for the file (loading it takes seconds); each test has its own database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProjectCli } from '../support/run-command.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { runBlock } from '../../src/core/sql/session.ts';
import { PythonRuntime } from '../../src/core/python/runtime.ts';
import { loadNodePython } from '../../src/node/python/load.ts';
import { ensurePythonBundle, VAULT_KB_PY, type PythonFiles } from '../../src/node/python/bundle.ts';
import { pythonThreadsFor } from '../../src/node/sql/check-site.ts';
import type { Site } from '../../src/core/site/model.ts';
import { PYTHON_FILES, pythonSiteFiles } from '../../src/node/python/site-files.ts';
import { PACKAGES_PATH, PACKAGES_ZIP, STDLIB_ZIP } from '../../src/core/python/bundle.ts';
import { ensurePythonSnapshot, restoreInterpreter } from '../../src/node/python/snapshot.ts';
import { interruptAfter } from '../../src/node/python/time-limit.ts';

let python: PythonRuntime;
const databases: NodeDatabase[] = [];

beforeAll(async () => {
  const bundle = await ensurePythonBundle();
  if ('warning' in bundle) throw new Error(bundle.warning);
  python = await loadNodePython(bundle);
}, 240_000);
afterAll(async () => {
  await Promise.all(databases.map((d) => d.close()));
});

async function page() {
  const node = await NodeDatabase.boot(await pgliteDataDir());
  databases.push(node);
  return { node, py: python.database(node.db) };
}

const MODELS = `from sqlalchemy import create_engine, ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session

engine = create_engine("postgresql+psycopg2://scott:tiger@localhost:5432/app", pool_size=10, max_overflow=5)

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)

Base.metadata.create_all(engine)
`;

describe('Python blocks in Node', () => {
  it('a table a Python block creates is seen by a SQL block, and rows a SQL block inserts by the next Python block', async () => {
    const { node, py } = await page();
    expect((await py.run(MODELS, 1)).error).toBeNull();
    const sql = await runBlock(node.db, `INSERT INTO users (name) VALUES ('from sql'); SELECT name FROM users;`);
    expect(sql.error).toBeUndefined();
    const run = await py.run(`with Session(engine) as s:\n    print([u.name for u in s.scalars(select(User))])\n`, 20);
    expect(run.error).toBeNull();
    expect(run.events.filter((e) => e.kind === 'stdout').map((e) => e.kind === 'stdout' && e.text)).toEqual(["['from sql']\n"]);
  });

  it('records the statements SQLAlchemy sent, with parameters and command tags, interleaved with what the code printed', async () => {
    const { py } = await page();
    await py.run(MODELS, 1);
    const run = await py.run(`print("before")\nwith Session(engine) as s:\n    s.add(User(name="ann"))\n    s.commit()\nprint("after")\n`, 20);
    expect(run.error).toBeNull();
    const shown = run.events.map((e) => (e.kind === 'sql' ? `${e.statement} ${e.parameters} -> ${e.tag}` : e.kind === 'tx' ? e.statement : `${e.kind}: ${e.text.trim()}`));
    expect(shown).toEqual([
      'stdout: before',
      'BEGIN (implicit)',
      "INSERT INTO users (name) VALUES (%s::VARCHAR) RETURNING users.id ('ann',) -> INSERT 0 1",
      'COMMIT',
      'stdout: after',
    ]);
  });

  it('an IntegrityError carries the SQLSTATE, the constraint and the statement, and its traceback lines are the note\'s', async () => {
    const { py } = await page();
    await py.run(MODELS + `\ndef add(name):\n    with Session(engine) as s:\n        s.add(User(name=name))\n        s.commit()\n`, 10);
    expect((await py.run(`add("bob")`, 40)).error).toBeNull();
    const run = await py.run(`x = 1\nadd("bob")\n`, 50);
    expect(run.error).toMatchObject({
      type: 'IntegrityError',
      database: { code: '23505', constraint: 'users_name_key', statement: expect.stringContaining('INSERT INTO users') },
    });
    // Line 2 of the block at note line 50, then add()'s commit: line 5 of the block at line 10 plus the models' 16 lines.
    expect(run.error!.frames.map((f) => [f.line, f.code])).toEqual([[51, 'add("bob")'], [10 + MODELS.split('\n').length + 3, 's.commit()']]);
  });

  it('echo=True prints SQLAlchemy\'s log as usual', async () => {
    const { py } = await page();
    const run = await py.run(`from sqlalchemy import create_engine, text\nengine = create_engine("postgresql://localhost/x", echo=True)\nwith engine.connect() as c:\n    c.execute(text("SELECT 1"))\n`, 1);
    expect(run.error).toBeNull();
    expect(run.events.some((e) => e.kind === 'stdout' && /INFO sqlalchemy\.engine\.Engine SELECT 1/.test(e.text))).toBe(true);
  });

  it('a URL for another database gets a clear message', async () => {
    const { py } = await page();
    const run = await py.run(`from sqlalchemy import create_engine\nengine = create_engine("sqlite:///app.db")\n`, 7);
    expect(run.error).toMatchObject({ type: 'ArgumentError', message: expect.stringMatching(/only a postgresql:\/\/ URL.*sqlite is not available here/), frames: [{ line: 8 }] });
  });

  it('a timer PGlite cannot run is refused, by text() and in connect_args; lock_timeout and 0 pass', async () => {
    const { py } = await page();
    const run = await py.run(`from sqlalchemy import create_engine, text
engine = create_engine("postgresql://localhost/x", connect_args={"options": "-c lock_timeout=5s -c statement_timeout=0"})
with engine.connect() as c:
    c.execute(text("SET LOCAL statement_timeout = '1s'"))
`, 1);
    expect(run.error).toMatchObject({ type: 'NotSupportedError', message: expect.stringMatching(/statement_timeout cannot be set here/), frames: [{ line: 4 }] });
    const connect = await py.run(`from sqlalchemy.ext.asyncio import create_async_engine
engine = create_async_engine("postgresql+asyncpg://db/app", connect_args={"server_settings": {"idle_in_transaction_session_timeout": "30s"}})
`, 10);
    expect(connect.error).toMatchObject({ type: 'ArgumentError', message: expect.stringMatching(/^create_async_engine: the connection setting idle_in_transaction_session_timeout=30s: idle_in_transaction_session_timeout cannot be set here.*25P03/), frames: [{ line: 11 }] });
    const url = await py.run(`engine = create_engine("postgresql://db/app?options=-c%20statement_timeout%3D5s")
`, 20);
    expect(url.error).toMatchObject({ type: 'ArgumentError', message: expect.stringMatching(/statement_timeout=5s: statement_timeout cannot be set here/) });
  });

  it('asyncio without greenlet: AsyncEngine and AsyncSession send what they send, top-level await and asyncio.run work, a lazy load from async code raises MissingGreenlet', async () => {
    const { node, py } = await page();
    const probe = await py.run(`import importlib.util\nprint(importlib.util.find_spec("greenlet"))\n`, 1);
    expect(probe.events).toEqual([{ kind: 'stdout', text: 'None\n' }]);
    const models = await py.run(`import asyncio
from sqlalchemy import ForeignKey, select
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload
engine = create_async_engine("postgresql+asyncpg://app:secret@db/app", pool_size=5)
class Base(AsyncAttrs, DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[list["Book"]] = relationship()
class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
async with engine.begin() as conn:
    await conn.run_sync(Base.metadata.create_all)
Session = async_sessionmaker(engine, expire_on_commit=False)
async def add():
    async with Session() as session:
        session.add(Author(books=[Book(), Book()]))
        await session.commit()
asyncio.run(add())
print(isinstance(engine, AsyncEngine))
`, 1);
    expect(models.error).toBeNull();
    expect(models.events.flatMap((e) => (e.kind === 'sql' ? [e.statement.trim().split(/\s+/).slice(0, 3).join(' ')] : []))).toEqual([
      'SELECT pg_catalog.pg_class.relname FROM', 'SELECT pg_catalog.pg_class.relname FROM', 'CREATE TABLE authors', 'CREATE TABLE books',
      'INSERT INTO authors', 'INSERT INTO books',
    ]);
    expect(models.events.at(-1)).toEqual({ kind: 'stdout', text: 'True\n' });
    expect((await runBlock(node.db, 'SELECT count(*) FROM books;')).statements[0]).toMatchObject({ rows: [['2']] });

    const eager = await py.run(`async with Session() as session:
    author = (await session.scalars(select(Author).options(selectinload(Author.books)))).one()
    print(len(author.books), len(await author.awaitable_attrs.books))
`, 40);
    expect(eager.error).toBeNull();
    expect(eager.events.find((e) => e.kind === 'stdout')).toEqual({ kind: 'stdout', text: '2 2\n' });

    const lazy = await py.run(`async with Session() as session:
    author = (await session.scalars(select(Author))).one()
    print(len(author.books))
`, 50);
    expect(lazy.error).toMatchObject({ type: 'MissingGreenlet', message: expect.stringContaining("greenlet_spawn has not been called; can't call await_only() here"), frames: [{ line: 52 }] });
    // The lazy load was refused before it was sent: only the SELECT of authors is listed.
    expect(lazy.events.flatMap((e) => (e.kind === 'sql' ? [e.statement.trim().split(/\s+/).slice(0, 4).join(' ')] : []))).toEqual(['SELECT authors.id FROM authors']);
  });

  it('what vault_kb imports comes precompiled from the zips (no .so, no source to compile); other modules still import from source', async () => {
    const { py } = await page();
    const run = await py.run(`import sys, typing, statistics, sqlalchemy.orm.session, sqlalchemy.testing
print(typing.__file__, sqlalchemy.orm.session.__file__, statistics.__file__, sqlalchemy.testing.__file__)
print(any(name.startswith("sqlalchemy.cyextension.") for name in sys.modules))
`, 1);
    expect(run.error).toBeNull();
    expect(run.events.map((e) => ('text' in e ? e.text : '')).join('').split(/\s+/).filter(Boolean)).toEqual([
      '/lib/python314.zip/typing.pyc',
      `${PACKAGES_PATH}/sqlalchemy/orm/session.pyc`,
      '/lib/python314.zip/statistics.py',
      `${PACKAGES_PATH}/sqlalchemy/testing/__init__.py`,
      'False',
    ]);
  });

  it('a syntax error points at its line in the note', async () => {
    const { py } = await page();
    const run = await py.run(`x = 1\nif x\n    pass\n`, 30);
    expect(run.error).toMatchObject({ type: 'SyntaxError', frames: [{ line: 31 }] });
  });
});

describe('an interpreter restored from the bundle\'s memory snapshot (how npm run check starts its interpreters)', () => {
  let files: PythonFiles;
  let restored: PythonRuntime;
  beforeAll(async () => {
    const bundle = await ensurePythonBundle();
    if ('warning' in bundle) throw new Error(bundle.warning);
    files = bundle;
    const snapshot = await ensurePythonSnapshot(bundle);
    expect(snapshot).toBeDefined();
    // restoreInterpreter itself, not loadNodePython: a failed restore must fail here, not load Pyodide as before.
    const pyodide = await restoreInterpreter(readFileSync(snapshot!), bundle, readFileSync(bundle.packages), readFileSync(VAULT_KB_PY, 'utf8'));
    restored = PythonRuntime.of(pyodide, interruptAfter(pyodide, 1_000));
  }, 240_000);

  it('runs ORM blocks on the page database as a loaded one does, its prints and statements recorded, modules it had not imported importable', async () => {
    const node = await NodeDatabase.boot(await pgliteDataDir());
    databases.push(node);
    const py = restored.database(node.db);
    expect((await py.run(MODELS, 1)).error).toBeNull();
    const run = await py.run(`import statistics, sqlalchemy.testing\nwith Session(engine) as s:\n    s.add(User(name="ann"))\n    s.commit()\nprint(statistics.mean([1, 3]), sqlalchemy.testing.__name__)\n`, 20);
    expect(run.error).toBeNull();
    expect(run.events.filter((e) => e.kind === 'sql').map((e) => (e.kind === 'sql' ? e.statement.split(' ').slice(0, 3).join(' ') : ''))).toEqual(['INSERT INTO users']);
    expect(run.events.at(-1)).toMatchObject({ kind: 'stdout', text: '2 sqlalchemy.testing\n' });
    const sql = await runBlock(node.db, 'SELECT name FROM users;');
    expect(sql.error).toBeUndefined();
  });

  it('its time limit stops an endless loop', async () => {
    const node = await NodeDatabase.boot(await pgliteDataDir());
    databases.push(node);
    const run = await restored.database(node.db).run('while True:\n    pass\n', 1);
    expect(run.error).toMatchObject({ type: 'KeyboardInterrupt', message: 'stopped: the block ran past its time limit' });
  });

  it('a snapshot that cannot be restored is not an error: the interpreter loads as before', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-snapshot-'));
    try {
      const broken = path.join(dir, 'interpreter.snapshot');
      writeFileSync(broken, new Uint8Array(1024));
      const python = await loadNodePython({ ...files, snapshot: broken });
      const node = await NodeDatabase.boot(await pgliteDataDir());
      databases.push(node);
      const run = await python.database(node.db).run('print(6 * 7)\n', 1);
      expect(run.events).toEqual([{ kind: 'stdout', text: '42\n' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('npm run check runs Python blocks (VAULT_PYTHON=1)', () => {
  it('checks outputs and expected errors, with SQL blocks on the same database; reports failures at the note\'s lines; stops an endless loop at the time limit; on two interpreters, each note in a fresh namespace', async () => {
    // Seven notes: two threads, each with its own interpreter (check-site.ts).
    expect(pythonThreadsFor(7)).toBeGreaterThan(1);
    const result = await runProjectCli('check', ['--vault', 'tests/fixtures/python-doctests'], { env: { VAULT_PYTHON: '1', VAULT_KB_THREADS: '2' }, timeoutMs: 230_000 });
    expect(result.status).toBe(1);
    // Each note ran, in a namespace of its own: nothing left by the notes its interpreter ran before.
    expect(result.stdout.split('\n').filter((l) => l.startsWith('Namespace'))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `Namespace ${n}.md:19:1: error: printed output differs from the expected output (its line 1): expected \`0\`, got \`${n}\` [python-output]`),
    );
    expect(result.stdout.split('\n').filter((l) => l.startsWith('ORM doc tests.md'))).toEqual([
      'ORM doc tests.md:79:1: error: expected this block to raise IntegrityError, but it ran without an error [python-expected-error]',
      'ORM doc tests.md:90:1: error: printed output differs from the expected output (its line 1): expected `5`, got `4` [python-output]',
      'ORM doc tests.md:103:1: error: IntegrityError: 23502 null value in column "name" of relation "parents" violates not-null constraint in `UPDATE parents SET name = %s WHERE name = %s` [python-error]',
      // The loop's line (115) or its body's (116): where CPython checked for the interrupt.
      expect.stringMatching(/^ORM doc tests\.md:11[56]:1: error: KeyboardInterrupt: stopped: the block ran past its time limit \[python-error\]$/),
    ]);
  }, 240_000);

  it('a vault whose notes only show Python blocks (inside a longer fence) ends: the interpreters started while it was read are closed', async () => {
    const vault = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-shown-python-'));
    try {
      writeFileSync(path.join(vault, 'Syntax.md'), '# Syntax\n\n````markdown\n```python\nprint(1)\n```\n````\n');
      const result = await runProjectCli('check', ['--vault', vault], { env: { VAULT_PYTHON: '1' }, timeoutMs: 110_000 });
      expect(result.stdout).toContain('1 notes, 0 with SQL; 0 error(s), 0 warning(s)');
      expect(result.status).toBe(0);
    } finally {
      rmSync(vault, { recursive: true, force: true });
    }
  }, 120_000);

  it('without VAULT_PYTHON the Python blocks are not run (main\'s behaviour)', async () => {
    const result = await runProjectCli('check', ['--vault', 'tests/fixtures/python-doctests'], { env: { VAULT_PYTHON: '0' }, timeoutMs: 110_000 });
    expect(result.stdout).not.toContain('[python-');
  }, 120_000);
});

describe('the site\'s Python files', () => {
  const site = (pythonBlocks: number) => ({ notes: [{ facts: { pythonBlocks } }] }) as unknown as Site;

  it('Pyodide\'s files and the precompiled standard library and packages, only when Python blocks are on and a note has one', async () => {
    expect(await pythonSiteFiles(site(1), false)).toEqual({ files: [] });
    expect(await pythonSiteFiles(site(0), true)).toEqual({ files: [] });
    const { files, warning } = await pythonSiteFiles(site(1), true);
    expect(warning).toBeUndefined();
    const urls = files.map(([url]) => url);
    expect(urls).toEqual(expect.arrayContaining([`${PYTHON_FILES}/pyodide.asm.wasm`, `${PYTHON_FILES}/${STDLIB_ZIP}`, `${PYTHON_FILES}/${PACKAGES_ZIP}`]));
    expect(urls).not.toContain(`${PYTHON_FILES}/python_stdlib.zip`);
    for (const [, file] of files) expect(existsSync(file)).toBe(true);
  });
});

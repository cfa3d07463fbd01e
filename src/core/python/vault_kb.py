"""The Python half of ```python blocks, run inside Pyodide (in Node for `npm run check`,
in the page's worker later). Kept thin: the PostgreSQL wire logic is the TypeScript
WireBridge (wire-bridge.ts); this module gives pg8000 a socket onto it, points the notes'
create_engine at the page's database, records what SQLAlchemy sent and what the code
printed, in order, and reports an exception with its lines mapped to the note.
"""

import ast
import inspect
import json
import linecache
import re
import sys
import traceback

import pg8000.dbapi
import sqlalchemy
import sqlalchemy.dialects.postgresql.pg8000  # every engine here uses it: imported (and precompiled) up front
import sqlalchemy.engine
import sqlalchemy.engine.create
import sqlalchemy.ext.asyncio
import sqlalchemy.ext.asyncio.engine
import sqlalchemy.ext.asyncio.result
import sqlalchemy.ext.asyncio.session
import sqlalchemy.util
import sqlalchemy.util.concurrency
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from pyodide.ffi import to_js

# Arguments of create_engine about pooling or connecting: the page has one database and one
# connection to it (StaticPool), so these have nothing left to configure and are dropped.
IGNORED_ENGINE_ARGS = frozenset(
    ("pool_size", "max_overflow", "pool_timeout", "pool_recycle", "pool_use_lifo", "poolclass",
     "pool", "connect_args", "creator", "pool_reset_on_return")
)

_real_create_engine = sqlalchemy.engine.create.create_engine


class _Wire:
    """The file object pg8000 reads and writes (what socket.makefile would return)."""

    def __init__(self, bridge):
        self.bridge = bridge
        self._out = bytearray()
        self._in = bytearray()

    def write(self, data):
        self._out += data
        return len(data)

    def flush(self):
        if self._out:
            reply = self.bridge.send(to_js(bytes(self._out)))
            self._out.clear()
            self._in += reply.to_bytes()

    def read(self, size=-1):
        if size < 0 or len(self._in) < size:
            self.flush()
        n = len(self._in) if size < 0 else min(size, len(self._in))
        data = bytes(self._in[:n])
        del self._in[:n]
        return data

    def close(self):
        pass


class BridgeSocket:
    """A socket-like object for pg8000.dbapi.connect(sock=…): replies come back as soon as
    bytes are flushed, since PGlite runs in this thread."""

    def __init__(self, bridge):
        self._file = _Wire(bridge)
        self.bridge = bridge

    def makefile(self, mode="rwb"):
        return self._file

    def settimeout(self, timeout):
        pass

    def setsockopt(self, *args):
        pass

    def close(self):
        pass


class _Output:
    """sys.stdout and sys.stderr: what the code prints goes to the current run's events.
    One object for the whole session, because logging handlers (echo=True) keep the stream
    they were given when the engine was made."""

    def __init__(self, kind):
        self.kind = kind

    def write(self, text):
        if _current is not None and text:
            _current.emit(self.kind, text=text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


_current = None


class Database:
    """One page database's Python namespace: blocks on the same db= share it, and their
    engines connect to that database through new_bridge()."""

    def __init__(self, new_bridge):
        self.new_bridge = new_bridge
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self.block_lines = {}
        self.events = []

    def emit(self, kind, **fields):
        last = self.events[-1] if self.events else None
        if kind in ("stdout", "stderr") and last and last["kind"] == kind:
            last["text"] += fields["text"]
        else:
            self.events.append({"kind": kind, **fields})

    def connect(self, asynchronous=False):
        sock = BridgeSocket(self.new_bridge())
        connection = pg8000.dbapi.connect(user="postgres", database="postgres", sock=sock, ssl_context=False)
        connection.vault_kb_bridge = sock.bridge
        connection.vault_kb_async = asynchronous
        return connection

    def watch(self, engine):
        """Records each statement the engine sends, with its parameters and outcome."""

        def outcome(conn):
            return conn.connection.dbapi_connection.vault_kb_bridge.takeOutcome().to_py()

        # The statement being sent: echo=True prints between it and its outcome.
        sent = {}

        @event.listens_for(engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):
            outcome(conn)
            sent.clear()
            if _current is self:
                self.emit("sql", statement=statement, parameters=_shown(parameters), executemany=executemany)
                sent["event"] = self.events[-1]

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):
            result = outcome(conn)
            if "event" in sent:
                # pg8000 sends its own BEGIN before the first statement of a transaction.
                tags = [t for t in result["tags"] if t != "BEGIN"] or result["tags"]
                sent["event"].update(tag=tags[-1] if tags else None, rowcount=cursor.rowcount, notices=result["notices"])

        @event.listens_for(engine, "handle_error")
        def failed(context):
            if isinstance(context.original_exception, sqlalchemy.exc.MissingGreenlet):
                # Refused before a byte was written (see _io_allowed): not a statement sent.
                if "event" in sent and sent["event"] in self.events:
                    self.events.remove(sent.pop("event"))
                return
            result = outcome(context.connection) if context.connection is not None else {}
            if "event" in sent and result.get("error"):
                sent["event"]["error"] = result["error"]

        for name, shown in (("begin", "BEGIN (implicit)"), ("commit", "COMMIT"), ("rollback", "ROLLBACK")):
            event.listen(engine, name, lambda conn, shown=shown: self.emit("tx", statement=shown) if _current is self else None)


# pg8000 raises DatabaseError for every server error; psycopg2, which the notes were
# written against, raises the DB-API class of the SQLSTATE's class, and SQLAlchemy names
# its exception after it (IntegrityError for 23505). The same classes here.
_SQLSTATE_CLASSES = {
    "23": pg8000.dbapi.IntegrityError,
    "22": pg8000.dbapi.DataError,
    "42": pg8000.dbapi.ProgrammingError,
    "0A": pg8000.dbapi.NotSupportedError,
    "40": pg8000.dbapi.OperationalError,
    "53": pg8000.dbapi.OperationalError,
    "54": pg8000.dbapi.OperationalError,
    "57": pg8000.dbapi.OperationalError,
    "XX": pg8000.dbapi.InternalError,
}


# SQLAlchemy's asyncio layer runs the ORM's synchronous code inside greenlet_spawn, and an
# async driver waits for the server with await_only, which fails anywhere else: a lazy load
# reached from async code raises MissingGreenlet. Pyodide has no greenlet, and the driver here
# is synchronous (PGlite answers in this thread, so nothing ever has to wait), so greenlet_spawn
# below calls the function directly, and the rule is kept by hand: an async engine's connection
# talks to the database only inside greenlet_spawn.
_spawned = 0


async def greenlet_spawn(fn, *args, _require_await=False, **kwargs):
    """SQLAlchemy's greenlet_spawn without a greenlet: `fn` runs to its end at once.
    (`_require_await` asks for the switch an async driver makes, which a synchronous one never does.)"""
    global _spawned
    _spawned += 1
    try:
        return fn(*args, **kwargs)
    finally:
        _spawned -= 1


def _io_allowed(connection):
    if getattr(connection, "vault_kb_async", False) and _spawned == 0:
        # await_only's own words, with the same exception.
        raise sqlalchemy.exc.MissingGreenlet(
            "greenlet_spawn has not been called; can't call await_only() here. Was IO attempted in an unexpected place?"
        )


def _guarded(method, connection_of):
    def call(self, *args, **kwargs):
        _io_allowed(connection_of(self))
        return method(self, *args, **kwargs)

    return call


def _classified(method):
    def execute(self, *args, **kwargs):
        _io_allowed(self._c)
        try:
            return method(self, *args, **kwargs)
        except pg8000.dbapi.DatabaseError as exc:
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
            cls = _SQLSTATE_CLASSES.get(str(fields.get("C", ""))[:2])
            if cls is not None and type(exc) is pg8000.dbapi.DatabaseError:
                exc.__class__ = cls
            raise

    return execute


pg8000.dbapi.Cursor.execute = _classified(pg8000.dbapi.Cursor.execute)
pg8000.dbapi.Cursor.executemany = _classified(pg8000.dbapi.Cursor.executemany)
pg8000.dbapi.Connection.commit = _guarded(pg8000.dbapi.Connection.commit, lambda c: c)
pg8000.dbapi.Connection.rollback = _guarded(pg8000.dbapi.Connection.rollback, lambda c: c)


def _shown(parameters):
    return repr(parameters) if parameters else None


# A server setting in libpq's options string: "-c name=value" or "--name=value".
_OPTION = re.compile(r"(?:-c\s*|--)([\w.]+)=(\S+)")


def _connection_settings(parsed, kwargs):
    """The server settings a connection would send at startup: libpq's `options` (in the URL's
    query or connect_args, psycopg's way) and asyncpg's `server_settings`."""
    connect_args = kwargs.get("connect_args") or {}
    options = " ".join(str(o) for o in (parsed.query.get("options"), connect_args.get("options")) if o)
    settings = dict(_OPTION.findall(options))
    settings.update(connect_args.get("server_settings") or {})
    return settings


def _refuse_settings(called, database, settings):
    """Connection settings are dropped with connect_args, except the ones the page's database
    refuses as statements (the timers it cannot run): dropping those would hide that they cannot work."""
    bridge = database.new_bridge()
    for name, value in settings.items():
        refused = bridge.refused(f"SET {name} TO '{value}'")
        if refused:
            raise sqlalchemy.exc.ArgumentError(f"{called}: the connection setting {name}={value}: {refused}")


def _page_engine(called, url, args, kwargs, asynchronous):
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend != "postgresql":
        raise sqlalchemy.exc.ArgumentError(
            f"{called}({parsed.render_as_string(hide_password=True)!r}): Python blocks run on this page's "
            f"PostgreSQL database, so only a postgresql:// URL is connected to it; {backend} is not available here."
        )
    _refuse_settings(called, _current, _connection_settings(parsed, kwargs))
    for name in IGNORED_ENGINE_ARGS & kwargs.keys():
        del kwargs[name]
    database = _current
    engine = _real_create_engine(
        "postgresql+pg8000://", *args, creator=lambda: database.connect(asynchronous), poolclass=StaticPool, **kwargs
    )
    database.watch(engine)
    return engine


def create_engine(url, *args, **kwargs):
    """create_engine for notes: any PostgreSQL URL connects to the page's database."""
    return _page_engine("create_engine", url, args, kwargs, asynchronous=False)


def create_async_engine(url, *args, **kwargs):
    """create_async_engine for notes: SQLAlchemy's own AsyncEngine (and so AsyncSession,
    AsyncResult) around the same engine create_engine makes, its IO kept inside greenlet_spawn."""
    kwargs.pop("async_creator", None)
    engine = _page_engine("create_async_engine", url, args, kwargs, asynchronous=True)
    # What AsyncEngine checks: this dialect is driven from asyncio.
    engine.dialect.is_async = True
    return sqlalchemy.ext.asyncio.AsyncEngine(engine)


def _install():
    sqlalchemy.create_engine = create_engine
    sqlalchemy.engine.create_engine = create_engine
    sqlalchemy.engine.create.create_engine = create_engine
    sqlalchemy.ext.asyncio.create_async_engine = create_async_engine
    sqlalchemy.ext.asyncio.engine.create_async_engine = create_async_engine
    for module in (sqlalchemy.util, sqlalchemy.util.concurrency, sqlalchemy.ext.asyncio.engine,
                   sqlalchemy.ext.asyncio.result, sqlalchemy.ext.asyncio.session):
        module.greenlet_spawn = greenlet_spawn
    sys.stdout = _Output("stdout")
    sys.stderr = _Output("stderr")


def _error(database, exc):
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        first = database.block_lines.get(frame.filename)
        if first is not None:
            frames.append({"line": first + frame.lineno - 1, "name": frame.name, "code": frame.line})
    if isinstance(exc, SyntaxError) and exc.filename in database.block_lines and exc.lineno:
        frames.append({"line": database.block_lines[exc.filename] + exc.lineno - 1, "name": "<module>", "code": (exc.text or "").strip()})
    failed = next((e for e in reversed(database.events) if e["kind"] == "sql" and e.get("error")), None)
    return {
        "type": type(exc).__name__,
        "types": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc).split("\n")[0] if isinstance(exc, sqlalchemy.exc.StatementError) else str(exc),
        "frames": frames,
        "database": {**failed["error"], "statement": failed["statement"]} if failed and isinstance(exc, sqlalchemy.exc.DBAPIError) else None,
    }


async def run(database, code, first_line):
    """Runs one block in its database's namespace; the events and any error, as JSON."""
    global _current
    filename = f"<python block at line {first_line}>"
    database.block_lines[filename] = first_line
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    database.events = []
    _current = database
    error = None
    try:
        compiled = compile(code, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        result = eval(compiled, database.namespace)
        if inspect.iscoroutine(result):
            await result
    except BaseException as exc:  # the reader's code may raise anything, SystemExit included
        error = _error(database, exc)
    finally:
        _current = None
    return json.dumps({"events": database.events, "error": error}, default=str)


_install()

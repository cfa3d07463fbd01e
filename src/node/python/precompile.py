"""Run by Pyodide in Node at build time (src/node/python/bundle.ts): compiles to bytecode
every module that importing vault_kb loads, from Pyodide's standard library and from the
locked wheels, and writes both as zips. Compiling SQLAlchemy's source was most of a cold
start (seconds in the reader's browser); the bytecode is only valid for this CPython, which
is why Pyodide compiles it and why its version is in the cache key.

Each compiled module is a sourceless `.pyc` beside where its `.py` was (the layout zipimport
finds), hash-based and unchecked (PEP 552): nothing compares it with a source or a date.
Modules vault_kb does not load stay `.py`, so the zips stay close to the originals' size and
every module can still be imported. Native extensions are left out: Pyodide cannot load a
Linux build, and SQLAlchemy falls back to its pure-Python code.
"""

import importlib.util
import marshal
import os
import sys
import zipfile

NATIVE = (".so", ".pyx", ".pxd", ".c", ".h")


def _bytecode(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True)
    flags = 0b01  # hash-based, unchecked
    return importlib.util.MAGIC_NUMBER + flags.to_bytes(4, "little") + importlib.util.source_hash(source) + marshal.dumps(code)


def _loaded_files():
    return {getattr(m, "__file__", None) for m in list(sys.modules.values())} - {None}


def build(stdlib_in, stdlib_out, packages_dir, packages_out, packages_path, probe_dir):
    """`packages_dir`: the wheels unpacked; `packages_path`: where the packages' zip will be
    at run time (the compiled modules' file names); `probe_dir`: holds vault_kb.py."""
    sys.path[:0] = [probe_dir, packages_dir]
    import vault_kb  # noqa: F401  (what it imports is what gets compiled)

    loaded = _loaded_files()
    compiled = 0
    with zipfile.ZipFile(stdlib_in) as zin, zipfile.ZipFile(stdlib_out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            path = f"{stdlib_in}/{info.filename}"
            if path in loaded and info.filename.endswith(".py"):
                zout.writestr(info.filename + "c", _bytecode(data, path))
                compiled += 1
            else:
                zout.writestr(info, data)
    with zipfile.ZipFile(packages_out, "w", zipfile.ZIP_DEFLATED) as zout:
        for root, dirs, files in os.walk(packages_dir):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                full = os.path.join(root, name)
                rel = os.path.relpath(full, packages_dir)
                if name.endswith(NATIVE):
                    continue
                with open(full, "rb") as f:
                    data = f.read()
                if full in loaded and name.endswith(".py"):
                    zout.writestr(rel + "c", _bytecode(data, f"{packages_path}/{rel}"))
                    compiled += 1
                else:
                    zout.writestr(rel, data)
    return compiled

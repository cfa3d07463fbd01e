/**
 * A memory snapshot of a prepared interpreter (Pyodide loaded, vault_kb and so SQLAlchemy and
 * pg8000 imported), made once per Python bundle and kept beside its files in the cache: each
 * interpreter `npm run check` starts is restored from it in 0.4–0.6 s of CPU, where loading
 * Pyodide and importing vault_kb took 1.1–2 s (docs/benchmarks.md, "The check's interpreters
 * from a snapshot").
 *
 * Pyodide's snapshot options are private (`_makeSnapshot`, `_loadSnapshot`) in 314.0.8, and its
 * restore writes the snapshot into a memory it never grows to the snapshot's size: the module
 * is created through `createPyodideModule` (its documented hook) and grown first. Anything
 * that fails here is not an error: the interpreters load as before.
 */
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { PythonRuntime } from '../../core/python/runtime.ts';
import { PYODIDE_DIR, VAULT_KB_PY, type PythonFiles } from './bundle.ts';

/** The snapshot's file, in the bundle's folder: a new bundle key (Pyodide, wheels, vault_kb) means a new snapshot. */
export function snapshotPath(files: PythonFiles): string {
  return path.join(path.dirname(files.packages), 'interpreter.snapshot');
}

/** Bytes 4–7 of a snapshot: where the memory's image starts (the rest before it is Pyodide's header). */
const IMAGE_OFFSET_WORD = 1;

type CreateModule = NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule'] & {};

/** Pyodide's module, grown to hold the snapshot's memory before Pyodide writes it there. */
async function growingModule(snapshot: Uint8Array): Promise<CreateModule> {
  const create = (await import(pathToFileURL(path.join(PYODIDE_DIR, 'pyodide.asm.mjs')).href)).default as CreateModule;
  const image = snapshot.length - new Uint32Array(snapshot.buffer, snapshot.byteOffset, 4)[IMAGE_OFFSET_WORD];
  return async (settings) => {
    const module = await create(settings);
    // Emscripten's own: grows the wasm memory to `size` bytes.
    const memory = module as unknown as { growMemory(size: number): unknown; HEAP8: { length: number } };
    if (memory.HEAP8.length < image) memory.growMemory(image);
    return module;
  };
}

/** An interpreter restored from `snapshot`, its files written again: vault_kb ready. */
export async function restoreInterpreter(snapshot: Uint8Array, files: PythonFiles, packages: Uint8Array, vaultKb: string): Promise<PyodideAPI> {
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR + path.sep,
    stdLibURL: files.stdlib,
    _loadSnapshot: snapshot,
    createPyodideModule: await growingModule(snapshot),
  });
  PythonRuntime.restoreFiles(pyodide, packages, vaultKb);
  return pyodide;
}

let pending: Promise<string | undefined> | undefined;

/**
 * The snapshot's path, made first when the bundle has none (~2 s, once per machine), or
 * undefined when Pyodide could not make one.
 */
export function ensurePythonSnapshot(files: PythonFiles): Promise<string | undefined> {
  pending ??= make(files);
  return pending;
}

async function make(files: PythonFiles): Promise<string | undefined> {
  const file = snapshotPath(files);
  if (await stat(file).then(() => true, () => false)) return file;
  const partial = `${file}.${process.pid}`;
  try {
    const [packages, vaultKb] = await Promise.all([readFile(files.packages), readFile(VAULT_KB_PY, 'utf8')]);
    const pyodide = await loadPyodide({ indexURL: PYODIDE_DIR + path.sep, stdLibURL: files.stdlib, _makeSnapshot: true });
    PythonRuntime.install(pyodide, new Uint8Array(packages), vaultKb);
    pyodide.runPython('import vault_kb');
    await writeFile(partial, pyodide.makeMemorySnapshot());
    // Another process may have made the same snapshot meanwhile: either file will do.
    await rename(partial, file);
    return file;
  } catch {
    await rm(partial, { force: true });
    return undefined;
  }
}

/**
 * Pyodide in Node, from node_modules (no network), with the precompiled standard library
 * and packages from the cache (src/node/python/bundle.ts): the Python runtime of
 * `npm run check`. Loading takes a second or two, so it is done once per thread; restored
 * from the bundle's memory snapshot (snapshot.ts) when there is one, in about half a second.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { PythonRuntime } from '../../core/python/runtime.ts';
import { PYODIDE_DIR, VAULT_KB_PY, type PythonFiles } from './bundle.ts';
import { restoreInterpreter } from './snapshot.ts';
import { interruptAfter, PYTHON_BLOCK_LIMIT_MS } from './time-limit.ts';

export async function loadNodePython(bundle: PythonFiles, limitMs = PYTHON_BLOCK_LIMIT_MS): Promise<PythonRuntime> {
  // Buffers are Uint8Arrays already: no copy of the 45 MB snapshot.
  const [packages, vaultKb, snapshot] = await Promise.all([
    readFile(bundle.packages),
    readFile(VAULT_KB_PY, 'utf8'),
    bundle.snapshot ? readFile(bundle.snapshot).catch(() => undefined) : undefined,
  ]);
  const restored = snapshot && (await restoreInterpreter(snapshot, bundle, packages, vaultKb).catch(() => undefined));
  if (restored) return PythonRuntime.of(restored, interruptAfter(restored, limitMs));
  const pyodide: PyodideAPI = await loadPyodide({ indexURL: PYODIDE_DIR + path.sep, stdLibURL: bundle.stdlib });
  return PythonRuntime.prepare(pyodide, packages, vaultKb, interruptAfter(pyodide, limitMs));
}

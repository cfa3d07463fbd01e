/**
 * Pyodide in Node, from node_modules (no network), with the precompiled standard library
 * and packages from the cache (src/node/python/bundle.ts): the Python runtime of
 * `npm run check`. Loading takes a second or two, so it is done once per thread.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { PythonRuntime } from '../../core/python/runtime.ts';
import { PYODIDE_DIR, VAULT_KB_PY, type PythonFiles } from './bundle.ts';
import { interruptAfter, PYTHON_BLOCK_LIMIT_MS } from './time-limit.ts';

export async function loadNodePython(bundle: PythonFiles, limitMs = PYTHON_BLOCK_LIMIT_MS): Promise<PythonRuntime> {
  const pyodide = await loadPyodide({ indexURL: PYODIDE_DIR + path.sep, stdLibURL: bundle.stdlib });
  const [packages, vaultKb] = await Promise.all([readFile(bundle.packages), readFile(VAULT_KB_PY, 'utf8')]);
  return PythonRuntime.prepare(pyodide, new Uint8Array(packages), vaultKb, interruptAfter(pyodide, limitMs));
}

/**
 * Pyodide in Node, from node_modules (no network), with the precompiled standard library
 * and packages from the cache (src/node/python/bundle.ts): the Python runtime of
 * `npm run check`. Loading takes a second or two, so it is done once per thread.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { PythonRuntime } from '../../core/python/runtime.ts';
import { PYODIDE_DIR, VAULT_KB_PY, type PythonBundle } from './bundle.ts';
import { interruptAfter } from './time-limit.ts';

/** How long one Python block may run in `npm run check`, as a lab step may in the browser. */
export const PYTHON_BLOCK_LIMIT_MS = 10_000;

export async function loadNodePython(bundle: Extract<PythonBundle, { packages: string }>, limitMs = PYTHON_BLOCK_LIMIT_MS): Promise<PythonRuntime> {
  const pyodide = await loadPyodide({ indexURL: PYODIDE_DIR + path.sep, stdLibURL: bundle.stdlib });
  const [packages, vaultKb] = await Promise.all([readFile(bundle.packages), readFile(VAULT_KB_PY, 'utf8')]);
  return PythonRuntime.prepare(pyodide, new Uint8Array(packages), vaultKb, interruptAfter(pyodide, limitMs));
}

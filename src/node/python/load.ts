/**
 * Pyodide in Node, from node_modules (no network), with the locked wheels from the cache:
 * the Python runtime of `npm run check`. Loading takes seconds, so it is done once per thread.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { PythonRuntime } from '../../core/python/runtime.ts';
import { interruptAfter } from './time-limit.ts';

const require = createRequire(import.meta.url);
const VAULT_KB_PY = path.resolve(import.meta.dirname, '../../core/python/vault_kb.py');

/** How long one Python block may run in `npm run check`, as a lab step may in the browser. */
export const PYTHON_BLOCK_LIMIT_MS = 10_000;

export async function loadNodePython(wheelFiles: readonly string[], limitMs = PYTHON_BLOCK_LIMIT_MS): Promise<PythonRuntime> {
  const pyodide = await loadPyodide({ indexURL: path.dirname(require.resolve('pyodide/pyodide.asm.wasm')) + path.sep });
  const wheels = await Promise.all(wheelFiles.map(async (file) => new Uint8Array(await readFile(file))));
  return PythonRuntime.prepare(pyodide, wheels, await readFile(VAULT_KB_PY, 'utf8'), interruptAfter(pyodide, limitMs));
}

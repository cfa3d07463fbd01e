/**
 * The Python runtime's files for the built site, only when Python blocks are on and a note
 * has one: Pyodide's own files from node_modules and the locked wheels from the cache (pip
 * fetches them the first time). Without the wheels, the warning that says why, and no
 * Python files: the blocks are shown but cannot run. The page's SQL worker loads them
 * (src/scripts/python/load.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Site } from '../../core/site/model.ts';
import { ensureWheels, type WheelSet } from './wheels.ts';

/** URL folder (below the base) of the Python runtime's files. */
export const PYTHON_FILES = '_vault/python';

const require = createRequire(import.meta.url);
const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** Fetched once per process: the dev server asks on every request for a file. */
let wheels: Promise<WheelSet> | undefined;

export function hasPythonBlocks(site: Site): boolean {
  return site.notes.some((n) => n.facts.pythonBlocks > 0);
}

export async function pythonSiteFiles(site: Site, pythonOn: boolean): Promise<{ files: [string, string][]; warning?: string }> {
  if (!pythonOn || !hasPythonBlocks(site)) return { files: [] };
  wheels ??= ensureWheels();
  const set = await wheels;
  if ('warning' in set) return { files: [], warning: set.warning };
  const pyodideDir = path.dirname(require.resolve('pyodide/pyodide.asm.wasm'));
  return {
    files: [
      ...PYODIDE_FILES.map((f): [string, string] => [`${PYTHON_FILES}/${f}`, path.join(pyodideDir, f)]),
      ...set.wheels.map((w): [string, string] => [`${PYTHON_FILES}/wheels/${w.wheel.file}`, w.path]),
    ],
  };
}

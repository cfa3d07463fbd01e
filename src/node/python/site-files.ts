/**
 * The Python runtime's files for the built site, only when Python blocks are on and a note
 * has one: Pyodide's own files from node_modules, and the precompiled standard library and
 * packages from the cache (src/node/python/bundle.ts; pip fetches the wheels the first time).
 * Without the wheels, the warning that says why, and no Python files: the blocks are shown
 * but cannot run. The page's SQL worker loads them (src/scripts/python/load.ts).
 */
import path from 'node:path';
import { PACKAGES_ZIP, STDLIB_ZIP } from '../../core/python/bundle.ts';
import type { Site } from '../../core/site/model.ts';
import { ensurePythonBundle, PYODIDE_DIR } from './bundle.ts';

/** URL folder (below the base) of the Python runtime's files. */
export const PYTHON_FILES = '_vault/python';

/** Pyodide's files a page loads; its python_stdlib.zip is replaced by STDLIB_ZIP. */
const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'pyodide-lock.json'];

export function hasPythonBlocks(site: Site): boolean {
  return site.notes.some((n) => n.facts.pythonBlocks > 0);
}

export async function pythonSiteFiles(site: Site, pythonOn: boolean): Promise<{ files: [string, string][]; warning?: string }> {
  if (!pythonOn || !hasPythonBlocks(site)) return { files: [] };
  const bundle = await ensurePythonBundle();
  if ('warning' in bundle) return { files: [], warning: bundle.warning };
  return {
    files: [
      ...PYODIDE_FILES.map((f): [string, string] => [`${PYTHON_FILES}/${f}`, path.join(PYODIDE_DIR, f)]),
      [`${PYTHON_FILES}/${STDLIB_ZIP}`, bundle.stdlib],
      [`${PYTHON_FILES}/${PACKAGES_ZIP}`, bundle.packages],
    ],
  };
}

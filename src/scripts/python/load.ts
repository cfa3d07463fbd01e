/**
 * The Python runtime inside a page's SQL worker (src/scripts/sql/worker.ts), loaded only
 * when a Python block runs or is about to: Pyodide from the site's `_vault/python/` (copied
 * there by the build, src/node/python/site-files.ts) with the precompiled standard library
 * and packages (src/core/python/bundle.ts), and vault_kb.py, on the same core code
 * `npm run check` uses in Node (src/core/python/runtime.ts). This module is a chunk of its
 * own: a page whose blocks are all SQL never fetches it.
 */
import type { loadPyodide as LoadPyodide } from 'pyodide';
import vaultKbSource from '../../core/python/vault_kb.py?raw';
import { PACKAGES_ZIP, STDLIB_ZIP } from '../../core/python/bundle.ts';
import { PythonRuntime } from '../../core/python/runtime.ts';
import { DownloadError } from '../sql/download.ts';

async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DownloadError(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new DownloadError(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** `pythonUrl`: the folder of the runtime's files, relative to the page or absolute. */
export async function loadPythonRuntime(pythonUrl: string): Promise<PythonRuntime> {
  const indexURL = new URL(pythonUrl, self.location.href).href;
  // Fetched while Pyodide's wasm compiles.
  const packages = download(`${indexURL}${PACKAGES_ZIP}`);
  packages.catch(() => undefined);
  let loadPyodide: typeof LoadPyodide;
  try {
    ({ loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as { loadPyodide: typeof LoadPyodide });
  } catch (error) {
    throw new DownloadError(`${indexURL}pyodide.mjs: ${(error as Error).message}`);
  }
  // Pyodide's own messages (its banner, package loading) are not the blocks' output.
  const pyodide = await loadPyodide({ indexURL, stdLibURL: `${indexURL}${STDLIB_ZIP}`, stdout: () => undefined, stderr: () => undefined });
  return PythonRuntime.prepare(pyodide, await packages, vaultKbSource);
}

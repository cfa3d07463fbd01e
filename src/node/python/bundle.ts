/**
 * The precompiled Python files (src/core/python/bundle.ts) for the locked wheels, built once
 * per machine and kept in a cache beside the wheels', outside the sources and the site's
 * output: Pyodide in Node unpacks the wheels, imports vault_kb and writes the two zips
 * (precompile.py). A build of a second site or a second `npm run check` finds them by key.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPyodide, version as pyodideVersion } from 'pyodide';
import { bundleKey, PACKAGES_PATH, PACKAGES_ZIP, STDLIB_ZIP } from '../../core/python/bundle.ts';
import { ensureWheels, WHEEL_CACHE } from './wheels.ts';

const require = createRequire(import.meta.url);
export const PYODIDE_DIR = path.dirname(require.resolve('pyodide/pyodide.asm.wasm'));
export const VAULT_KB_PY = path.resolve(import.meta.dirname, '../../core/python/vault_kb.py');
const PRECOMPILE_PY = path.join(import.meta.dirname, 'precompile.py');
export const BUNDLE_CACHE = path.join(path.dirname(WHEEL_CACHE), 'python');

/** The precompiled standard library and packages, and their key. */
export interface PythonFiles {
  stdlib: string;
  packages: string;
  key: string;
  /** A memory snapshot of its interpreter with vault_kb imported, when one was made (snapshot.ts). */
  snapshot?: string;
}
export type PythonBundle = PythonFiles | { warning: string };

/** Built once per process: a build asks once per page. */
let pending: Promise<PythonBundle> | undefined;

export function ensurePythonBundle(): Promise<PythonBundle> {
  pending ??= build();
  pending.catch(() => (pending = undefined));
  return pending;
}

async function build(): Promise<PythonBundle> {
  const wheels = await ensureWheels();
  if ('warning' in wheels) return wheels;
  const [precompile, vaultKb] = await Promise.all([readFile(PRECOMPILE_PY, 'utf8'), readFile(VAULT_KB_PY, 'utf8')]);
  const key = await bundleKey({ pyodideVersion, wheels: wheels.wheels.map((w) => w.wheel), sources: [precompile, vaultKb] });
  const dir = path.join(BUNDLE_CACHE, key);
  const bundle = { stdlib: path.join(dir, STDLIB_ZIP), packages: path.join(dir, PACKAGES_ZIP), key };
  if (await stat(bundle.packages).catch(() => undefined)) return bundle;

  await mkdir(BUNDLE_CACHE, { recursive: true });
  const work = await mkdtemp(path.join(BUNDLE_CACHE, '.build-'));
  try {
    const pyodide = await loadPyodide({ indexURL: PYODIDE_DIR + path.sep, stdout: () => undefined, stderr: () => undefined });
    for (const w of wheels.wheels) pyodide.unpackArchive(new Uint8Array(await readFile(w.path)), 'wheel', { extractDir: '/tmp/packages' });
    pyodide.FS.mkdirTree('/tmp/probe');
    pyodide.FS.writeFile('/tmp/probe/vault_kb.py', vaultKb);
    pyodide.runPython(precompile, { filename: PRECOMPILE_PY });
    const stdlibZip = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))") as string;
    const buildZips = pyodide.globals.get('build') as (...args: string[]) => number;
    buildZips(stdlibZip, '/tmp/stdlib.zip', '/tmp/packages', '/tmp/packages.zip', PACKAGES_PATH, '/tmp/probe');
    await writeFile(path.join(work, STDLIB_ZIP), pyodide.FS.readFile('/tmp/stdlib.zip'));
    await writeFile(path.join(work, PACKAGES_ZIP), pyodide.FS.readFile('/tmp/packages.zip'));
    // Another process may have built the same key meanwhile: its files are the same.
    await rename(work, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await stat(bundle.packages).catch(() => undefined))) throw error;
    });
    // Older keys' files are never loaded again.
    for (const old of await readdir(BUNDLE_CACHE)) if (old !== key && !old.startsWith('.')) await rm(path.join(BUNDLE_CACHE, old), { recursive: true, force: true });
    return bundle;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Python blocks on a Pyodide interpreter, wherever it was loaded (Node for `npm run check`,
 * the page's worker later): the locked wheels installed, vault_kb.py imported, and one
 * namespace per page database whose engines reach that database through a WireBridge.
 */
import type { PyodideAPI } from 'pyodide';
import type { PythonRun } from './results.ts';
import { WireBridge, type RawSyncDatabase } from './wire-bridge.ts';

/** Compiled extensions of a wheel built for CPython on Linux: Pyodide cannot load them. */
const NATIVE_EXTENSION = /\.cpython-[^/]*-linux-gnu\.so$/;

type PyCallable = ((...args: unknown[]) => unknown) & { destroy(): void };

export class PythonRuntime {
  private readonly module: { Database: PyCallable; run: PyCallable };

  private constructor(module: { Database: PyCallable; run: PyCallable }) {
    this.module = module;
  }

  /**
   * Installs `wheels` (zip files, unpacked into site-packages without their native
   * extensions: SQLAlchemy then uses its pure-Python fallbacks) and the vault_kb module.
   */
  static prepare(pyodide: PyodideAPI, wheels: readonly Uint8Array[], vaultKbSource: string): PythonRuntime {
    for (const wheel of wheels) pyodide.unpackArchive(wheel, 'wheel');
    pyodide.runPython(`
import pathlib, site
for path in pathlib.Path(site.getsitepackages()[0]).rglob('*.so'):
    if __import__('re').search(${JSON.stringify(NATIVE_EXTENSION.source)}, str(path)):
        path.unlink()
`);
    pyodide.FS.writeFile(`${pyodide.runPython('import site; site.getsitepackages()[0]')}/vault_kb.py`, vaultKbSource);
    const module = pyodide.pyimport('vault_kb') as unknown as { Database: PyCallable; run: PyCallable };
    return new PythonRuntime(module);
  }

  /** A namespace whose engines connect to `db`. */
  database(db: RawSyncDatabase): PythonDatabase {
    return new PythonDatabase(this.module, this.module.Database(() => new WireBridge(db)));
  }
}

export class PythonDatabase {
  private readonly module: { run: PyCallable };
  private readonly handle: unknown;

  constructor(module: { run: PyCallable }, handle: unknown) {
    this.module = module;
    this.handle = handle;
  }

  /** Runs `code`, whose first line is line `firstLine` of the note. */
  async run(code: string, firstLine: number): Promise<PythonRun> {
    const started = performance.now();
    const json = (await this.module.run(this.handle, code, firstLine)) as string;
    return { ...(JSON.parse(json) as Omit<PythonRun, 'elapsedMs'>), elapsedMs: performance.now() - started };
  }
}

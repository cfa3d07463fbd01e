/**
 * Python blocks on a Pyodide interpreter, wherever it was loaded (Node for `npm run check`,
 * the page's worker later): the locked wheels installed, vault_kb.py imported, and one
 * namespace per page database whose engines reach that database through a WireBridge.
 */
import type { PyodideAPI } from 'pyodide';
import { PACKAGES_PATH } from './bundle.ts';
import type { PythonRun } from './results.ts';
import { WireBridge, type RawSyncDatabase } from './wire-bridge.ts';

type PyCallable = ((...args: unknown[]) => unknown) & { destroy(): void };

/**
 * A time limit for one run: called as the run starts, it arms something that interrupts
 * Python (Pyodide's interrupt buffer) once the limit has passed, and returns the disarm,
 * which says whether it fired. How the time is kept depends on where Python runs.
 */
export type RunLimit = () => () => boolean;

export class PythonRuntime {
  private readonly module: { Database: PyCallable; run: PyCallable };
  private readonly limit?: RunLimit;

  private constructor(module: { Database: PyCallable; run: PyCallable }, limit?: RunLimit) {
    this.module = module;
    this.limit = limit;
  }

  /**
   * Puts the packages' zip (PACKAGES_ZIP: the locked wheels, precompiled, without native
   * extensions: SQLAlchemy uses its pure-Python fallbacks) on `sys.path`, and imports vault_kb.
   * `pyodide` was loaded with the precompiled standard library (STDLIB_ZIP) as its stdLibURL.
   */
  static prepare(pyodide: PyodideAPI, packagesZip: Uint8Array, vaultKbSource: string, limit?: RunLimit): PythonRuntime {
    PythonRuntime.install(pyodide, packagesZip, vaultKbSource);
    return PythonRuntime.of(pyodide, limit);
  }

  /** The files vault_kb is imported from, and the zip on `sys.path`: all `prepare` does but the import. */
  static install(pyodide: PyodideAPI, packagesZip: Uint8Array, vaultKbSource: string): void {
    PythonRuntime.restoreFiles(pyodide, packagesZip, vaultKbSource);
    pyodide.runPython(`import sys; sys.path.append(${JSON.stringify(PACKAGES_PATH)})`);
  }

  /**
   * An interpreter restored from a memory snapshot of an installed one (src/node/python/
   * snapshot.ts) has vault_kb imported and the zip on its path, but not the files: they live in
   * the file system, outside the snapshot, and Python reads the zip for every module it has not
   * imported yet.
   */
  static restoreFiles(pyodide: PyodideAPI, packagesZip: Uint8Array, vaultKbSource: string): void {
    pyodide.FS.writeFile(PACKAGES_PATH, packagesZip);
    pyodide.FS.writeFile(`${pyodide.runPython('import site; site.getsitepackages()[0]')}/vault_kb.py`, vaultKbSource);
  }

  /** The runtime of an interpreter whose vault_kb is importable (installed, or restored). */
  static of(pyodide: PyodideAPI, limit?: RunLimit): PythonRuntime {
    return new PythonRuntime(pyodide.pyimport('vault_kb') as unknown as { Database: PyCallable; run: PyCallable }, limit);
  }

  /** A namespace whose engines connect to `db`. */
  database(db: RawSyncDatabase): PythonDatabase {
    return new PythonDatabase(this.module, this.module.Database(() => new WireBridge(db)), this.limit);
  }
}

export class PythonDatabase {
  private readonly module: { run: PyCallable };
  private readonly handle: unknown;
  private readonly limit?: RunLimit;

  constructor(module: { run: PyCallable }, handle: unknown, limit?: RunLimit) {
    this.module = module;
    this.handle = handle;
    this.limit = limit;
  }

  /** Runs `code`, whose first line is line `firstLine` of the note. */
  async run(code: string, firstLine: number): Promise<PythonRun> {
    const started = performance.now();
    const disarm = this.limit?.();
    let json: string;
    let stopped = false;
    try {
      json = (await this.module.run(this.handle, code, firstLine)) as string;
    } finally {
      stopped = disarm?.() ?? false;
    }
    const run: PythonRun = { ...(JSON.parse(json) as Omit<PythonRun, 'elapsedMs'>), elapsedMs: performance.now() - started };
    if (stopped && run.error?.type === 'KeyboardInterrupt') run.error = { ...run.error, message: 'stopped: the block ran past its time limit' };
    return run;
  }
}

/**
 * Runs the doc-tests of every note with runnable SQL, each under a time limit per block
 * (sql-checker.ts): on one worker thread per core when there are many notes (each thread
 * reuses one database, reset between notes), on one otherwise. Notes with Python blocks,
 * when Python blocks are on, run here on one Pyodide interpreter (loading one takes
 * seconds: one per thread would cost more than it saves), while the threads check the
 * others, and the first database boots while Pyodide loads; their Python code has its own
 * time limit (src/node/python/time-limit.ts).
 */
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { Site } from '../../core/site/model.ts';
import { threadsFor } from '../workers/pool.ts';
import { DEFAULT_SQL_TIMEOUT, SqlChecker } from '../workers/sql-checker.ts';
import { checkNoteSql } from '../../core/sql/doc-test.ts';
import { DatabasePool } from './node-database.ts';
import type { PythonRuntime } from '../../core/python/runtime.ts';

/** Loads the Python runtime, or says in one warning why Python blocks cannot run. */
export type PythonLoader = () => Promise<PythonRuntime | { warning: string }>;

export interface SiteSqlOptions {
  /** Seconds a SQL block may run (default 10). */
  timeoutSeconds?: number;
  /** Given when Python blocks are on. */
  loadPython?: PythonLoader;
}

export async function checkSiteSql(site: Site, dataDirFile: string, options: SiteSqlOptions = {}): Promise<{ diagnostics: Diagnostic[]; notes: number }> {
  const { timeoutSeconds = DEFAULT_SQL_TIMEOUT, loadPython } = options;
  const withPython = loadPython ? site.notes.filter((n) => n.facts.pythonBlocks > 0) : [];
  const diagnostics: Diagnostic[] = [];
  // Python loads on this thread while the notes without Python blocks are checked on the others.
  const loading = withPython.length > 0 && loadPython ? loadPython() : undefined;
  const sqlOnly = site.notes.filter((n) => n.facts.sqlBlocks > 0 && !withPython.includes(n));
  const checked = checkOnThreads(sqlOnly, dataDirFile, timeoutSeconds);
  checked.catch(() => undefined);
  const databases = new DatabasePool(dataDirFile);
  // The first database boots while Pyodide loads: each compiles its wasm off this thread.
  const booting = loading ? databases.prepare() : undefined;
  booting?.catch(() => undefined);
  let python: PythonRuntime | undefined;
  const loaded = await loading;
  if (loaded && 'warning' in loaded) {
    diagnostics.push({ file: withPython[0].path, line: 1, column: 1, severity: 'warning', code: 'python-packages', message: loaded.warning });
  } else python = loaded;
  if (python) {
    // The Python notes run here while the threads check the others.
    const fromPython: Diagnostic[] = [];
    try {
      await booting?.catch(() => undefined);
      for (const note of withPython) fromPython.push(...(await checkNoteSql(note, databases.open, { python })));
    } finally {
      await databases.close();
    }
    diagnostics.push(...(await checked), ...fromPython);
  } else {
    await booting?.catch(() => undefined);
    await databases.close();
    diagnostics.push(...(await checked));
    // Without a runtime, the Python notes' SQL blocks are still checked, on the threads.
    diagnostics.push(...(await checkOnThreads(withPython.filter((n) => n.facts.sqlBlocks > 0), dataDirFile, timeoutSeconds)));
  }
  return { diagnostics, notes: new Set([...sqlOnly, ...withPython]).size };
}

async function checkOnThreads(notes: Site['notes'], dataDirFile: string, timeoutSeconds: number): Promise<Diagnostic[]> {
  if (notes.length === 0) return [];
  const checkers = Array.from({ length: threadsFor(notes.length) }, () => new SqlChecker(dataDirFile, timeoutSeconds));
  const results: Diagnostic[][] = new Array(notes.length);
  let next = 0;
  try {
    await Promise.all(
      checkers.map(async (checker) => {
        while (next < notes.length) {
          const i = next++;
          results[i] = await checker.check(notes[i]);
        }
      }),
    );
  } finally {
    await Promise.all(checkers.map((c) => c.close()));
  }
  return results.flat();
}

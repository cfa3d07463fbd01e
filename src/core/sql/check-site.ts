/**
 * Runs the doc-tests of every note with runnable SQL, on the pool's worker threads when
 * there are many (each thread reuses one database, reset between notes), here otherwise.
 * Notes with Python blocks, when Python blocks are on, run here on one Pyodide interpreter
 * (loading one takes seconds: one per thread would cost more than it saves).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Site } from '../site/model.ts';
import { threadsFor, type NotePool } from '../workers/pool.ts';
import { checkNoteSql } from './doc-test.ts';
import { DatabasePool } from './node-database.ts';
import type { PythonRuntime } from '../python/runtime.ts';

/** Loads the Python runtime, or says in one warning why Python blocks cannot run. */
export type PythonLoader = () => Promise<PythonRuntime | { warning: string }>;

export async function checkSiteSql(
  site: Site,
  dataDirFile: string,
  pool?: NotePool,
  loadPython?: PythonLoader,
): Promise<{ diagnostics: Diagnostic[]; notes: number }> {
  const withPython = loadPython ? site.notes.filter((n) => n.facts.pythonBlocks > 0) : [];
  const sqlOnly = site.notes.filter((n) => n.facts.sqlBlocks > 0 && !withPython.includes(n));
  const diagnostics: Diagnostic[] = [];
  let python: PythonRuntime | undefined;
  if (withPython.length > 0 && loadPython) {
    const loaded = await loadPython();
    if ('warning' in loaded) {
      const first = withPython[0];
      diagnostics.push({ file: first.path, line: 1, column: 1, severity: 'warning', code: 'python-packages', message: loaded.warning });
    } else python = loaded;
  }
  // Without a runtime the Python notes' SQL blocks are still checked.
  const here = python ? [...withPython] : [];
  const threaded = [...sqlOnly, ...(python ? [] : withPython.filter((n) => n.facts.sqlBlocks > 0))];
  if (pool && threadsFor(threaded.length) > 1) {
    const results = await Promise.all(threaded.map((n) => pool.checkSql({ path: n.path, absPath: n.absPath, isMdx: n.isMdx }, dataDirFile)));
    diagnostics.push(...results.flat());
  } else here.push(...threaded);
  const databases = new DatabasePool(dataDirFile);
  try {
    for (const note of here) diagnostics.push(...(await checkNoteSql(note, databases.open, withPython.includes(note) ? python : undefined)));
  } finally {
    await databases.close();
  }
  return { diagnostics, notes: sqlOnly.length + withPython.length };
}

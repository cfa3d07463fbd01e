/**
 * Runs the doc-tests of every note with runnable SQL, each under a time limit per block
 * (sql-checker.ts): on one worker thread per core when there are many notes (each thread
 * reuses one database, reset between notes), on one otherwise. Notes with Python blocks,
 * when Python blocks are on, run on threads of their own, each with its own Pyodide
 * interpreter (loaded as the thread starts, while its first database boots): a few notes
 * per thread pay for its interpreter's start, and the interpreters are loaded side by side.
 * Diagnostics come in the notes' order, whichever thread checked them. Python code has its
 * own time limit (src/node/python/time-limit.ts). The Python threads can be started before
 * the notes are known (startPythonCheckers): an interpreter and its first database take
 * longer to start than reading the vault, so they start while it is read.
 */
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { Site } from '../../core/site/model.ts';
import { threadCap, threadsFor } from '../workers/pool.ts';
import { DEFAULT_SQL_TIMEOUT, SqlChecker } from '../workers/sql-checker.ts';
import type { PythonBundle, PythonFiles } from '../python/bundle.ts';
import { ensurePythonSnapshot } from '../python/snapshot.ts';
import { pgliteResources } from './node-database.ts';

/** The Python files a check's threads load Pyodide with, or one warning saying why Python blocks cannot run. */
export type PythonFilesLoader = () => Promise<PythonBundle>;

export interface SiteSqlOptions {
  /** Seconds a SQL block may run (default 10). */
  timeoutSeconds?: number;
  /** Given when Python blocks are on. */
  pythonFiles?: PythonFilesLoader;
}

/**
 * Notes per Python thread: a second interpreter and its databases cost about as much CPU as
 * checking six of the sample's notes (docs/benchmarks.md), so it pays only for more notes.
 */
const PYTHON_NOTES_PER_THREAD = 6;

export function pythonThreadsFor(noteCount: number): number {
  return Math.max(1, Math.min(threadCap(), Math.ceil(noteCount / PYTHON_NOTES_PER_THREAD)));
}

/** Python threads started ahead of the notes, with the files they load (or the warning that there are none). */
export interface StartedPython {
  files: PythonBundle;
  checkers: SqlChecker[];
}

/**
 * Starts the threads for about `notes` notes with Python blocks, each loading its interpreter
 * (from the bundle's memory snapshot, made first if there is none) and booting a database.
 */
export async function startPythonCheckers(dataDirFile: string, notes: number, options: SiteSqlOptions & { pythonFiles: PythonFilesLoader }): Promise<StartedPython> {
  const files = await options.pythonFiles();
  if ('warning' in files) return { files, checkers: [] };
  const [pglite, snapshot] = await Promise.all([pgliteResources(dataDirFile), ensurePythonSnapshot(files)]);
  const withSnapshot = { ...files, snapshot };
  const checkers = Array.from({ length: pythonThreadsFor(notes) }, () => new SqlChecker(dataDirFile, pglite, options.timeoutSeconds, withSnapshot));
  for (const checker of checkers) checker.warm();
  return { files: withSnapshot, checkers };
}

/** `started`: the Python threads startPythonCheckers started, used for the notes with Python blocks (whoever started them closes them: check-vault.ts). */
export async function checkSiteSql(site: Site, dataDirFile: string, options: SiteSqlOptions = {}, started?: Promise<StartedPython | undefined>): Promise<{ diagnostics: Diagnostic[]; notes: number }> {
  const { timeoutSeconds = DEFAULT_SQL_TIMEOUT, pythonFiles } = options;
  const withPython = pythonFiles ? site.notes.filter((n) => n.facts.pythonBlocks > 0) : [];
  const sqlOnly = site.notes.filter((n) => n.facts.sqlBlocks > 0 && !withPython.includes(n));
  const checked = checkOnThreads(sqlOnly, dataDirFile, timeoutSeconds, threadsFor(sqlOnly.length));
  checked.catch(() => undefined);
  const early = await started;
  const python = withPython.length > 0 && pythonFiles ? (early ?? (await startPythonCheckers(dataDirFile, withPython.length, { ...options, pythonFiles }))) : undefined;
  const files = python?.files;
  if (files && 'warning' in files) {
    // Without a runtime, the Python notes' SQL blocks are still checked, on the threads.
    const warning: Diagnostic = { file: withPython[0].path, line: 1, column: 1, severity: 'warning', code: 'python-packages', message: files.warning };
    const withSql = withPython.filter((n) => n.facts.sqlBlocks > 0);
    const [fromSql, fromPython] = await Promise.all([checked, checkOnThreads(withSql, dataDirFile, timeoutSeconds, threadsFor(withSql.length))]);
    return { diagnostics: [warning, ...fromSql, ...fromPython], notes: sqlOnly.length + withPython.length };
  }
  const fromPython = checkOnThreads(withPython, dataDirFile, timeoutSeconds, pythonThreadsFor(withPython.length), files, python?.checkers);
  const [fromSql, fromPythonNotes] = await Promise.all([checked, fromPython]);
  return { diagnostics: [...fromSql, ...fromPythonNotes], notes: sqlOnly.length + withPython.length };
}

/**
 * The notes' diagnostics in the notes' order, each note checked by whichever thread is free:
 * `started` threads first, then new ones up to `threads`.
 */
async function checkOnThreads(notes: Site['notes'], dataDirFile: string, timeoutSeconds: number, threads: number, python?: PythonFiles, started: SqlChecker[] = []): Promise<Diagnostic[]> {
  if (notes.length === 0) return [];
  const pglite = await pgliteResources(dataDirFile);
  const added = Math.max(0, Math.min(threads, notes.length) - started.length);
  const checkers = [...started, ...Array.from({ length: added }, () => new SqlChecker(dataDirFile, pglite, timeoutSeconds, python))];
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

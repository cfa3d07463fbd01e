/**
 * Runs the doc-tests of every note with runnable SQL, each under a time limit per block
 * (sql-checker.ts): on one worker thread per core when there are many notes (each thread
 * reuses one database, reset between notes), on one otherwise.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Site } from '../site/model.ts';
import { threadsFor } from '../workers/pool.ts';
import { DEFAULT_SQL_TIMEOUT, SqlChecker } from '../workers/sql-checker.ts';

export async function checkSiteSql(
  site: Site,
  dataDirFile: string,
  timeoutSeconds = DEFAULT_SQL_TIMEOUT,
): Promise<{ diagnostics: Diagnostic[]; notes: number }> {
  const notes = site.notes.filter((n) => n.facts.sqlBlocks > 0);
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
  return { diagnostics: results.flat(), notes: notes.length };
}

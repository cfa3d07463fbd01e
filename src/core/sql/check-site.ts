/**
 * Runs the doc-tests of every note with runnable SQL, on the pool's worker threads when
 * there are many (each thread reuses one database, reset between notes), here otherwise.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Site } from '../site/model.ts';
import { threadsFor, type NotePool } from '../workers/pool.ts';
import { checkNoteSql } from './doc-test.ts';
import { DatabasePool } from './node-database.ts';

export async function checkSiteSql(site: Site, dataDirFile: string, pool?: NotePool): Promise<{ diagnostics: Diagnostic[]; notes: number }> {
  const notes = site.notes.filter((n) => n.facts.sqlBlocks > 0);
  if (pool && threadsFor(notes.length) > 1) {
    const results = await Promise.all(notes.map((n) => pool.checkSql({ path: n.path, absPath: n.absPath, isMdx: n.isMdx }, dataDirFile)));
    return { diagnostics: results.flat(), notes: notes.length };
  }
  const databases = new DatabasePool(dataDirFile);
  const diagnostics: Diagnostic[] = [];
  try {
    for (const note of notes) diagnostics.push(...(await checkNoteSql(note, databases.open)));
  } finally {
    await databases.close();
  }
  return { diagnostics, notes: notes.length };
}

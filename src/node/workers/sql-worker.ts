/**
 * One thread of `npm run check`'s SQL doc-tests (see sql-checker.ts): checks the notes it
 * is sent, one at a time, on a reused database, and says which block is running, so the
 * thread that watches the clock can terminate it when a block does not end.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { checkNoteSql } from '../../core/sql/doc-test.ts';
import { DatabasePool } from '../sql/node-database.ts';
import { noteText } from '../../core/vault/decode.ts';
import { noteBody } from '../../core/vault/frontmatter.ts';
import type { SqlCheckMessage, SqlCheckTask } from './sql-checker.ts';

const port = parentPort!;
const databases = new DatabasePool((workerData as { dataDirFile: string }).dataDirFile);
const send = (message: SqlCheckMessage) => port.postMessage(message);

port.on('message', async (task: SqlCheckTask) => {
  try {
    const note = { path: task.path, isMdx: task.isMdx, body: noteBody(noteText(readFileSync(task.absPath))) };
    const diagnostics = await checkNoteSql(note, databases.open, { skip: new Set(task.skip), onBlock: (line) => send({ kind: 'block', line }) });
    send({ kind: 'done', diagnostics });
  } catch (error) {
    send({ kind: 'failed', message: (error as Error).message });
  }
});

/**
 * One thread of `npm run check`'s doc-tests (see sql-checker.ts): checks the notes it is
 * sent, one at a time, on a reused database, and says which block is running, so the thread
 * that watches the clock can terminate it when a block does not end. A thread given the
 * Python files loads its own Pyodide interpreter as it starts (while its first database
 * boots) and runs the notes' Python blocks too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkNoteSql } from '../../core/sql/doc-test.ts';
import { DatabasePool, usePgliteResources } from '../sql/node-database.ts';
import { loadNodePython } from '../python/load.ts';
import type { SqlCheckMessage, SqlCheckTask, SqlWorkerData } from './sql-checker.ts';

const port = parentPort!;
const { dataDirFile, pglite, python: bundle } = workerData as SqlWorkerData;
usePgliteResources(pglite);
const databases = new DatabasePool(dataDirFile);
const send = (message: SqlCheckMessage) => port.postMessage(message);

const python = bundle ? loadNodePython(bundle) : undefined;
// A failure is the first task's to report.
python?.catch(() => undefined);
if (python) databases.prepare().catch(() => undefined);

port.on('message', async (task: SqlCheckTask) => {
  try {
    const diagnostics = await checkNoteSql(task, databases.open, {
      skip: new Set(task.skip),
      python: await python,
      onBlock: (line, lang) => send({ kind: 'block', line, lang }),
    });
    send({ kind: 'done', diagnostics });
  } catch (error) {
    send({ kind: 'failed', message: (error as Error).message });
  }
});

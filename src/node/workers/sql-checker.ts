/**
 * `npm run check`'s SQL doc-tests under a time limit per block. PGlite runs a query to its
 * end inside WebAssembly (its `statement_timeout` never fires), so an endless block can only
 * be stopped by terminating the thread it runs on: each checker runs notes on a worker
 * thread (sql-worker.ts), which says when each block starts; a block still running after
 * the limit is reported at its line (`sql-timeout`), the thread is terminated and replaced,
 * and the note is checked again without that block (as the page treats a stopped block:
 * not run), so its later blocks and the other notes are still checked.
 *
 * A checker given the Python files runs the notes' Python blocks too, on an interpreter of
 * its thread's own. Python stops its own endless loops (time-limit.ts); this clock is only
 * the backstop for a Python block that waits on a statement that does not end.
 */
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { DocTestBlock } from '../../core/sql/blocks.ts';
import type { PythonFiles } from '../python/bundle.ts';
import type { PgliteResources } from '../sql/node-database.ts';
import { PYTHON_BLOCK_LIMIT_MS } from '../python/time-limit.ts';

export interface SqlCheckTask {
  path: string;
  /** The note's runnable blocks, from its facts: the thread does not parse the note. */
  blocks: DocTestBlock[];
  /** Lines of the blocks not to run. */
  skip: number[];
}

export interface SqlWorkerData {
  dataDirFile: string;
  /** Made once by the parent: the thread's databases boot without compiling PGlite or unzipping its files. */
  pglite: PgliteResources;
  /** Given when the thread runs Python blocks too. */
  python?: PythonFiles;
}

export type SqlCheckMessage =
  | { kind: 'block'; line: number; lang: 'sql' | 'python' }
  | { kind: 'done'; diagnostics: Diagnostic[] }
  | { kind: 'failed'; message: string };

/** The default limit, in seconds: generous for a teaching example, short enough for CI. */
export const DEFAULT_SQL_TIMEOUT = 10;

const WORKER = new URL('./sql-worker.ts', import.meta.url);

type Outcome = { kind: 'done'; diagnostics: Diagnostic[] } | { kind: 'stopped'; line: number; diagnostic: Diagnostic } | { kind: 'failed'; message: string };

export class SqlChecker {
  private worker?: Worker;
  private readonly dataDirFile: string;
  private readonly pglite: PgliteResources;
  private readonly timeoutSeconds: number;
  private readonly python?: PythonFiles;

  constructor(dataDirFile: string, pglite: PgliteResources, timeoutSeconds = DEFAULT_SQL_TIMEOUT, python?: PythonFiles) {
    this.dataDirFile = dataDirFile;
    this.pglite = pglite;
    this.timeoutSeconds = timeoutSeconds;
    this.python = python;
  }

  /** The note's doc-test diagnostics, with a `sql-timeout` for each block stopped. */
  async check(note: { path: string; facts: { docTests: DocTestBlock[] } }): Promise<Diagnostic[]> {
    const skip: number[] = [];
    const stopped: Diagnostic[] = [];
    for (;;) {
      const outcome = await this.runOnce({ path: note.path, blocks: note.facts.docTests, skip });
      if (outcome.kind === 'done') return [...stopped, ...outcome.diagnostics];
      if (outcome.kind === 'failed') {
        return [...stopped, { file: note.path, line: 1, column: 1, severity: 'error', code: 'sql-error', message: `the SQL check failed: ${outcome.message}` }];
      }
      stopped.push(outcome.diagnostic);
      skip.push(outcome.line);
    }
  }

  /** Starts the thread ahead of the first note: a Python thread loads its interpreter and boots a database as it starts. */
  warm(): void {
    this.thread();
  }

  private thread(): Worker {
    const workerData: SqlWorkerData = { dataDirFile: this.dataDirFile, pglite: this.pglite, python: this.python };
    return (this.worker ??= new Worker(WORKER, { workerData }));
  }

  private runOnce(task: SqlCheckTask): Promise<Outcome> {
    const worker = this.thread();
    return new Promise((resolve) => {
      let line = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      // The thread is gone (terminated, out of memory, crashed): the next task gets a new one.
      const stop = (code: 'sql-timeout' | 'sql-error', message: string) => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        if (line === 0) return finish({ kind: 'failed', message });
        finish({ kind: 'stopped', line, diagnostic: { file: task.path, line, column: 1, severity: 'error', code, message } });
      };
      const onMessage = (message: SqlCheckMessage) => {
        if (message.kind === 'block') {
          line = message.line;
          clearTimeout(timer);
          const seconds = message.lang === 'sql' ? this.timeoutSeconds : PYTHON_BLOCK_LIMIT_MS / 1000 + this.timeoutSeconds;
          const what = message.lang === 'sql' ? 'SQL block' : 'Python block (a statement it sent did not end)';
          timer = setTimeout(
            () => stop('sql-timeout', `${what} timed out after ${seconds} s; it was stopped, and the note's other blocks were checked without it`),
            seconds * 1000,
          );
        } else if (message.kind === 'done') finish({ kind: 'done', diagnostics: message.diagnostics });
        else finish({ kind: 'failed', message: message.message });
      };
      const onError = (error: Error) => stop('sql-error', `the SQL check of this block crashed: ${error.message}`);
      const onExit = () => stop('sql-error', 'the SQL check of this block stopped unexpectedly');
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

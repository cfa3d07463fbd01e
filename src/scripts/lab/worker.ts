/**
 * The isolation lab's PostgreSQL: one PGlite database in a module Web Worker for every lab
 * on the page (an instance costs about 200 MB in Chromium, docs/benchmarks.md), reset
 * between runs rather than booted again. The lab's engine (src/core/lab/replayer.ts) runs here, next to the
 * database, so a step costs the page one message, not one per statement. A step that never
 * ends is ended by the page, which terminates this worker (client.ts).
 */
import type { PGlite } from '@electric-sql/pglite';
// The lab reads statements with PostgreSQL's parser (WebAssembly): Vite copies its .wasm into the build.
import parserWasmUrl from 'libpg-query/wasm/libpg-query.wasm?url';
import { loadSqlParser } from '../../core/lab/analysis/pg-parser.ts';
import { LabReplayer } from '../../core/lab/replayer.ts';
import { readBaseline, resetDatabase, type Baseline } from '../../core/sql/reset.ts';
import { assetLoader, bootPglite, problemOf } from '../sql/pglite-boot.ts';
import type { FromLabWorker, ToLabWorker } from './messages.ts';

const scope = self as unknown as {
  postMessage(message: FromLabWorker): void;
  onmessage: ((event: MessageEvent<ToLabWorker>) => void) | null;
};
const post = (message: FromLabWorker) => scope.postMessage(message);

let dataDirUrl = '';
const assets = assetLoader(() => dataDirUrl, post);
let database: Promise<{ pg: PGlite; baseline: Baseline }> | undefined;
/** Whether a run has used the database since it was booted or reset. */
let used = false;

function boot(): Promise<{ pg: PGlite; baseline: Baseline }> {
  database ??= (async () => {
    const [loaded] = await Promise.all([assets.load(), loadSqlParser(parserWasmUrl)]);
    post({ type: 'starting' });
    const pg = await bootPglite(loaded);
    const baseline = await readBaseline(pg);
    post({ type: 'ready' });
    return { pg, baseline };
  })();
  database.catch(() => (database = undefined));
  return database;
}

/** The database as freshly booted: reset after a run, booted again when the reset cannot be proven. */
async function fresh(): Promise<PGlite> {
  let current = await boot();
  if (used && !(await resetDatabase(current.pg, current.baseline))) {
    database = undefined;
    await current.pg.close().catch(() => undefined);
    current = await boot();
  }
  used = true;
  return current.pg;
}

/** The request being answered, for the page's clock on each step. */
let active = 0;
const replayer = new LabReplayer(fresh, () => post({ type: 'stepping', id: active }));
/** One request at a time: the replayer drives one database. */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = ({ data: message }) => {
  if (message.type === 'init') {
    dataDirUrl = message.dataDirUrl;
    if (message.assets) assets.known(message.assets);
    return;
  }
  queue = queue.then(async () => {
    try {
      if (message.type === 'boot') {
        await boot();
        post({ type: 'booted', id: message.id });
        return;
      }
      active = message.id;
      const started = performance.now();
      const progress = await replayer.advance(message.request);
      post({ type: 'advanced', id: message.id, progress, elapsedMs: performance.now() - started });
    } catch (error) {
      post({ type: 'failed', id: message.id, problem: problemOf(error) });
    }
  });
};

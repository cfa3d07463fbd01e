/**
 * The page's PostgreSQL, in a module Web Worker so a long query never freezes the page:
 * the page starts one worker per `db=` name (client.ts), each with its PGlite database
 * booted from the prebuilt data directory (no initdb in the browser) or from a snapshot the
 * page kept, all in memory, gone with the page. Runs blocks the way `npm run check` does
 * (src/core/sql/session.ts), replies read with bounds (core/sql/protocol.ts). The page
 * stops a runaway query by terminating this worker: PGlite's statement_timeout never fires.
 * Python blocks run here too, on the same PGlite instance (src/scripts/python/load.ts loads
 * Pyodide into this worker only when one runs or is about to), each database with its own
 * Python namespace; a `while True: pass` is stopped the same way. A worker may also start a
 * database ahead, for no name yet, to be carried to the next page (carried-database.ts).
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PythonDatabase, PythonRuntime } from '../../core/python/runtime.ts';
import { statementTargets, withCapture } from '../../core/schema/capture.ts';
import { changeTree } from '../../core/schema/changes.ts';
import { readSchema } from '../../core/schema/introspect.ts';
import { machineryQuery } from '../../core/sql/machinery-query.ts';
import { runBlock, TypeNames } from '../../core/sql/session.ts';
import type { FromWorker, PythonBlockRun, ToWorker, ViewOptions } from './messages.ts';
import { assetLoader, bootPglite, problemOf } from './pglite-boot.ts';
import { TABLE_VIEW_ROWS, tableRowsSql } from './views/table-rows.ts';

interface Database {
  pg: PGlite;
  types: TypeNames;
  /** Its Python namespace, made by its first Python block. */
  python?: PythonDatabase;
}

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker) => scope.postMessage(message);

let dataDirUrl = '';
let pythonUrl: string | undefined;
let python: Promise<PythonRuntime> | undefined;
const assets = assetLoader(() => dataDirUrl, post);
const databases = new Map<string, Promise<Database>>();
/**
 * A database started ahead from the prebuilt data directory, nothing run on it, until the first
 * database asked for without a snapshot takes it: a worker carried to the next page
 * (carried-database.ts). One that failed to start is dropped: that database then boots afresh.
 */
let ahead: Promise<PGlite> | undefined;

function database(db: string, snapshot?: Blob): Promise<Database> {
  let pending = databases.get(db);
  if (!pending) {
    const started = snapshot ? undefined : ahead;
    if (started) ahead = undefined;
    pending = (async () => {
      const loaded = await assets.load();
      // The page that takes a started database learns of the files it was started from.
      if (started) post({ type: 'assets', assets: loaded });
      post({ type: 'starting' });
      const pg = (await started?.catch(() => undefined)) ?? (await bootPglite(snapshot ? { ...loaded, dataDir: snapshot } : loaded));
      post({ type: 'ready' });
      return { pg, types: new TypeNames() };
    })();
    databases.set(db, pending);
    pending.catch(() => databases.delete(db));
  }
  return pending;
}

/**
 * The Python runtime, loaded on first use; a failed load is tried again on the next. It loads
 * while `opening` (the database) does, but is announced after it: the page's status says one
 * thing at a time.
 */
function pythonRuntime(opening?: Promise<unknown>): Promise<PythonRuntime> {
  python ??= (async () => {
    if (!pythonUrl) throw new Error('Python blocks cannot run on this page');
    const { loadPythonRuntime } = await import('../python/load.ts');
    const loading = loadPythonRuntime(pythonUrl);
    await opening?.catch(() => undefined);
    post({ type: 'starting', part: 'python' });
    const runtime = await loading;
    post({ type: 'ready', part: 'python' });
    return runtime;
  })();
  python.catch(() => (python = undefined));
  return python;
}

/**
 * A Python block, in its database's namespace. With `options.captureChanges`, the change
 * capture is around the whole block, on every table there was before it: the ORM's
 * statements are many and sent from inside Python, where nothing can wait for the capture's
 * own queries. A row the ORM deleted with its own DELETE is then a root of the tree, a row
 * an ON DELETE action removed hangs under its parent. (A block that leaves a transaction
 * open has the capture removed inside it; a later ROLLBACK brings it back until the next
 * captured statement, whose set-up fails and which removes it again.)
 */
async function runPython(database: Database, code: string, firstLine: number, options: ViewOptions = {}): Promise<PythonBlockRun> {
  const runtime = await pythonRuntime();
  const { pg } = database;
  const python = (database.python ??= runtime.database(pg));
  const model = options.captureChanges ? await readSchema(pg) : undefined;
  const tables = model?.tables.map((t) => t.name) ?? [];
  let run: PythonBlockRun;
  if (model && tables.length > 0) {
    const captured = await withCapture(pg, model, tables, () => python.run(code, firstLine), { watched: tables });
    run = captured.result;
    const sent = run.events.flatMap((e) => (e.kind === 'sql' && !e.error ? [...(statementTargets(e.statement) ?? [])] : []));
    if (captured.log && captured.log.length > 0) run.changes = changeTree(captured.log, model, new Set(sent));
  } else run = await python.run(code, firstLine);
  if (options.readSchema) run.schema = await readSchema(pg);
  return run;
}

scope.onmessage = async ({ data: message }) => {
  if (message.type === 'init') {
    dataDirUrl = message.dataDirUrl;
    pythonUrl = message.pythonUrl;
    if (message.assets) assets.known(message.assets);
    return;
  }
  if (message.type === 'start') {
    if (ahead || databases.size > 0) return;
    const starting = assets.load().then(bootPglite);
    ahead = starting;
    starting.catch(() => {
      if (ahead === starting) ahead = undefined;
    });
    return;
  }
  try {
    const opening = database(message.db, message.type === 'boot' ? message.dataDir : undefined);
    // Pyodide starts at the same time as PGlite: both download and compile their wasm.
    if (message.type === 'python' || (message.type === 'boot' && message.python)) pythonRuntime(opening).catch(() => undefined);
    const opened = await opening;
    const { pg, types } = opened;
    if (message.type === 'boot') {
      if (message.python) await pythonRuntime();
      post({ type: 'booted', id: message.id });
    } else if (message.type === 'snapshot') {
      // Data files written out first: booting the snapshot then need not replay the WAL
      // (3 M rows: 1.2 s to boot instead of 2.9 s in Node). Uncompressed: gzip would double
      // the time a snapshot takes.
      await machineryQuery(pg, 'CHECKPOINT');
      post({ type: 'snapshot', id: message.id, dataDir: await pg.dumpDataDir('none') });
    } else if (message.type === 'python') {
      post({ type: 'python-ran', id: message.id, run: await runPython(opened, message.code, message.firstLine, message.options) });
    } else if (message.type === 'run') post({ type: 'ran', id: message.id, run: await runBlock(pg, message.sql, { types, ...message.options }) });
    else {
      const sql = tableRowsSql(message.table, message.key);
      post({ type: 'ran', id: message.id, run: await runBlock(pg, sql, { types, maxRows: TABLE_VIEW_ROWS }) });
    }
  } catch (error) {
    post({ type: 'failed', id: message.id, problem: problemOf(error) });
  }
};

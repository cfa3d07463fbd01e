/**
 * The page's PostgreSQL, in a module Web Worker so a long query never freezes the page:
 * the page starts one worker per `db=` name (client.ts), each with its PGlite database
 * booted from the prebuilt data directory (no initdb in the browser) or from a snapshot the
 * page kept, all in memory, gone with the page. Runs blocks the way `npm run check` does
 * (src/core/sql/session.ts), replies read with bounds (core/sql/protocol.ts). The page
 * stops a runaway query by terminating this worker: PGlite's statement_timeout never fires.
 */
import type { PGlite } from '@electric-sql/pglite';
import { machineryQuery } from '../../core/sql/machinery-query.ts';
import { runBlock, TypeNames } from '../../core/sql/session.ts';
import type { FromWorker, ToWorker } from './messages.ts';
import { assetLoader, bootPglite, problemOf } from './pglite-boot.ts';
import { TABLE_VIEW_ROWS, tableRowsSql } from './views/table-rows.ts';

interface Database {
  pg: PGlite;
  types: TypeNames;
}

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker) => scope.postMessage(message);

let dataDirUrl = '';
const assets = assetLoader(() => dataDirUrl, post);
const databases = new Map<string, Promise<Database>>();

function database(db: string, snapshot?: Blob): Promise<Database> {
  let pending = databases.get(db);
  if (!pending) {
    pending = (async () => {
      const loaded = await assets.load();
      post({ type: 'starting' });
      const pg = await bootPglite(snapshot ? { ...loaded, dataDir: snapshot } : loaded);
      post({ type: 'ready' });
      return { pg, types: new TypeNames() };
    })();
    databases.set(db, pending);
    pending.catch(() => databases.delete(db));
  }
  return pending;
}

scope.onmessage = async ({ data: message }) => {
  if (message.type === 'init') {
    dataDirUrl = message.dataDirUrl;
    if (message.assets) assets.known(message.assets);
    return;
  }
  try {
    const { pg, types } = await database(message.db, message.type === 'boot' ? message.dataDir : undefined);
    if (message.type === 'boot') post({ type: 'booted', id: message.id });
    else if (message.type === 'snapshot') {
      // Data files written out first: booting the snapshot then need not replay the WAL
      // (3 M rows: 1.2 s to boot instead of 2.9 s in Node). Uncompressed: gzip would double
      // the time a snapshot takes.
      await machineryQuery(pg, 'CHECKPOINT');
      post({ type: 'snapshot', id: message.id, dataDir: await pg.dumpDataDir('none') });
    }
    else if (message.type === 'run') post({ type: 'ran', id: message.id, run: await runBlock(pg, message.sql, { types, ...message.options }) });
    else {
      const sql = tableRowsSql(message.table, message.key);
      post({ type: 'ran', id: message.id, run: await runBlock(pg, sql, { types, maxRows: TABLE_VIEW_ROWS }) });
    }
  } catch (error) {
    post({ type: 'failed', id: message.id, problem: problemOf(error) });
  }
};

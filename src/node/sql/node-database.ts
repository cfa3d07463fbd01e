/**
 * PGlite databases for `npm run check`, in Node. Booting one from the prebuilt data
 * directory takes ~0.4 s, too slow to give every page a fresh one; so a database is reused
 * page after page and brought back to its freshly booted state in between (reset.ts); when
 * that cannot be proven (a page made something the reset does not know), the database is
 * thrown away and a fresh one booted.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseLease } from '../../core/sql/doc-test.ts';
import { readBaseline, resetDatabase, type Baseline } from '../../core/sql/reset.ts';
import { SERVER_SETTINGS } from '../../core/sql/server-settings.ts';

const require = createRequire(import.meta.url);

interface Resources {
  dataDir: Blob;
  wasm: WebAssembly.Module;
  fsBundle: Blob;
}

let resources: Promise<Resources> | undefined;

function loadResources(dataDirFile: string): Promise<Resources> {
  resources ??= (async () => ({
    dataDir: new Blob([await readFile(dataDirFile)]),
    wasm: await WebAssembly.compile(await readFile(require.resolve('@electric-sql/pglite/pglite.wasm'))),
    fsBundle: new Blob([await readFile(require.resolve('@electric-sql/pglite/pglite.data'))]),
  }))();
  return resources;
}

export class NodeDatabase {
  readonly db: PGlite;
  private readonly baseline: Baseline;

  private constructor(db: PGlite, baseline: Baseline) {
    this.db = db;
    this.baseline = baseline;
  }

  static async boot(dataDirFile: string): Promise<NodeDatabase> {
    const { dataDir, wasm, fsBundle } = await loadResources(dataDirFile);
    const db = await PGlite.create({ loadDataDir: dataDir, pgliteWasmModule: wasm, fsBundle, startParams: [...PGlite.defaultStartParams, ...SERVER_SETTINGS] });
    return new NodeDatabase(db, await readBaseline(db));
  }

  /** Back to the freshly booted state; false when that could not be proven. */
  reset(): Promise<boolean> {
    return resetDatabase(this.db, this.baseline);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * Databases for one thread of `npm run check`: one kept between pages and reset each time,
 * or a freshly booted one for a page whose output depends on transaction ids or OIDs,
 * which a reused database would not reproduce.
 */
export class DatabasePool {
  private idle?: NodeDatabase;
  private readonly dataDirFile: string;

  constructor(dataDirFile: string) {
    this.dataDirFile = dataDirFile;
  }

  async lease(fresh: boolean): Promise<NodeDatabase> {
    if (!fresh && this.idle) {
      const db = this.idle;
      this.idle = undefined;
      return db;
    }
    return NodeDatabase.boot(this.dataDirFile);
  }

  /** Boots the database the next lease gets, ahead of it. */
  async prepare(): Promise<void> {
    this.idle ??= await NodeDatabase.boot(this.dataDirFile);
  }

  async release(db: NodeDatabase): Promise<void> {
    if (!this.idle && (await db.reset().catch(() => false))) this.idle = db;
    else await db.close();
  }

  /** A lease for checkNoteSql: a database, and giving it back. */
  readonly open = async (fresh: boolean): Promise<DatabaseLease> => {
    const db = await this.lease(fresh);
    return { db: db.db, release: () => this.release(db) };
  };

  async close(): Promise<void> {
    await this.idle?.close();
    this.idle = undefined;
  }
}

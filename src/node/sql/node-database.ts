/**
 * PGlite databases for `npm run check`, in Node. Booting one from the prebuilt data
 * directory takes ~0.4 s, too slow to give every page a fresh one; so a database is reused
 * page after page and brought back to its freshly booted state in between (reset.ts); when
 * that cannot be proven (a page made something the reset does not know), the database is
 * thrown away and a fresh one booted. What every boot needs (PGlite's compiled module, the
 * data directory unzipped) is made once per process and handed to the threads it starts.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { MemoryFS, PGlite } from '@electric-sql/pglite';
import { writeDataDirEntry } from '../../core/sql/data-dir-files.ts';
import type { DatabaseLease } from '../../core/sql/doc-test.ts';
import { readBaseline, resetDatabase, type Baseline } from '../../core/sql/reset.ts';
import { SERVER_SETTINGS } from '../../core/sql/server-settings.ts';
import { readTar, type TarEntry } from '../../core/sql/tar-stream.ts';

const require = createRequire(import.meta.url);

/**
 * What a boot needs, made once per process. Bytes in shared memory and a compiled module go
 * to another thread without being copied or compiled again (a Blob would be copied out of at
 * every read: Node's Blob.arrayBuffer() costs ~8 ms of CPU a MB). The data directory is a
 * plain tar, so no boot unzips it (~0.1 s each).
 */
export interface PgliteResources {
  dataDir: Uint8Array<SharedArrayBuffer>;
  wasm: WebAssembly.Module;
  fsBundle: Uint8Array<SharedArrayBuffer>;
}

let resources: Promise<PgliteResources> | undefined;

function shared(bytes: Uint8Array): Uint8Array<SharedArrayBuffer> {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}

/** This process's resources, made on first use from the gzipped data directory (datadir.ts). */
export function pgliteResources(dataDirFile: string): Promise<PgliteResources> {
  resources ??= (async () => ({
    dataDir: shared(await promisify(gunzip)(await readFile(dataDirFile))),
    wasm: await WebAssembly.compile(await readFile(require.resolve('@electric-sql/pglite/pglite.wasm'))),
    fsBundle: shared(await readFile(require.resolve('@electric-sql/pglite/pglite.data'))),
  }))();
  return resources;
}

/** In a thread, the resources its parent made: its databases boot without compiling PGlite again. */
export function usePgliteResources(given: PgliteResources): void {
  resources ??= Promise.resolve(given);
}

let entries: Promise<TarEntry[]> | undefined;

/** The data directory's files, read from its archive once per thread. */
function dataDirEntries(dataDir: Uint8Array): Promise<TarEntry[]> {
  entries ??= (async () => {
    const found: TarEntry[] = [];
    let given = false;
    await readTar(async () => (given ? undefined : ((given = true), dataDir)), (entry) => found.push(entry));
    return found;
  })();
  return entries;
}

/**
 * PGlite's in-memory file system with the data directory's files written into it, each a
 * copy of this thread's (a database changes its files in place). Streaming the archive into
 * each database instead, as the browser does, cost ~0.1 s of CPU more per boot.
 */
class DataDirCopy extends MemoryFS {
  private readonly files: TarEntry[];

  constructor(files: TarEntry[]) {
    super();
    this.files = files;
  }

  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const fs = this.pg!.Module.FS;
    for (const entry of this.files) writeDataDirEntry(fs, { ...entry, data: entry.data.slice() });
  }
}

/** PGlite's share files, as the one thing PGlite asks of its `fsBundle` Blob: a copy of its bytes, without a Blob's slow read. */
function fsBundleOf(bytes: Uint8Array): Blob {
  return { arrayBuffer: async () => bytes.slice().buffer } as Blob;
}

export class NodeDatabase {
  readonly db: PGlite;
  private readonly baseline: Baseline;

  private constructor(db: PGlite, baseline: Baseline) {
    this.db = db;
    this.baseline = baseline;
  }

  static async boot(dataDirFile: string): Promise<NodeDatabase> {
    const { dataDir, wasm, fsBundle } = await pgliteResources(dataDirFile);
    // Not PGlite's loadDataDir, which copies the 23.5 MB archive whole, untars it into slices
    // and copies each again (docs/benchmarks.md).
    const files = await dataDirEntries(dataDir);
    const db = await PGlite.create({ fs: new DataDirCopy(files), pgliteWasmModule: wasm, fsBundle: fsBundleOf(fsBundle), startParams: [...PGlite.defaultStartParams, ...SERVER_SETTINGS] });
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

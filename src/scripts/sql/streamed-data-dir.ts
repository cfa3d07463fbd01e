/**
 * PGlite's in-memory file system with a data directory written into it as the archive
 * streams in (core/sql/tar-stream.ts), gzipped or not (a snapshot from `dumpDataDir` is a
 * plain tar): given to `PGlite.create` as its `fs`, instead of `loadDataDir`, whose loader
 * keeps three whole copies of the archive as garbage. PGlite then finds the database there
 * and starts it. Used by every database the browser boots (pglite-boot.ts).
 */
import { MemoryFS } from '@electric-sql/pglite';
import { writeDataDirEntry } from '../../core/sql/data-dir-files.ts';
import { readTar, type NextChunk } from '../../core/sql/tar-stream.ts';

/** The archive's tar bytes, chunk by chunk, unzipped on the way when it is gzipped. */
async function tarChunks(archive: Blob): Promise<NextChunk> {
  const magic = new Uint8Array(await archive.slice(0, 2).arrayBuffer());
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  const reader = (gzip ? archive.stream().pipeThrough(new DecompressionStream('gzip')) : archive.stream()).getReader();
  return async () => (await reader.read()).value;
}

export class StreamedDataDir extends MemoryFS {
  private readonly archive: Blob;

  constructor(archive: Blob) {
    super();
    this.archive = archive;
  }

  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const fs = this.pg!.Module.FS;
    // Each entry's array is the file's own: the file system keeps it, no copy.
    await readTar(await tarChunks(this.archive), (entry) => writeDataDirEntry(fs, entry));
  }
}

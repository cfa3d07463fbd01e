/**
 * How the entries of PGlite's data-directory archive (tar-stream.ts) become files in a
 * database's in-memory file system: the browser writes them as the archive streams in
 * (src/scripts/sql/streamed-data-dir.ts), `npm run check` from entries it read once
 * (src/node/sql/node-database.ts).
 */
import type { TarEntry } from './tar-stream.ts';

/** Where PGlite keeps its data directory in its file system. */
const DATA_DIR = '/pglite/data';

/** What of Emscripten's file system this needs. */
export interface EntryFs {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
}

/** Writes one entry; the file system keeps `entry.data` itself (no copy), so it must be the file's own. */
export function writeDataDirEntry(fs: EntryFs, { name, type, data }: TarEntry): void {
  const path = `${DATA_DIR}/${name}`.replace(/\/{2,}/g, '/').replace(/\/$/, '');
  if (type === 'directory') {
    fs.mkdirTree(path);
    return;
  }
  fs.mkdirTree(path.slice(0, path.lastIndexOf('/')));
  fs.writeFile(path, data, { canOwn: true });
}

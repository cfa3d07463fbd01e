/**
 * Reads a tar as it streams in, an entry at a time, each file's bytes in an array of its own:
 * how PGlite's data directory goes into a database's file system without a whole copy of the
 * archive (src/scripts/sql/streamed-data-dir.ts). PGlite's own loader reads the gzip whole,
 * decompresses it into chunks, joins them into one array and slices every file out of that,
 * ~90 MB of garbage per database that an idle worker does not collect (docs/benchmarks.md).
 * Hand-written, as PGlite's bundled untar reads one buffer and the tar packages on npm read
 * Node streams: ustar as PGlite writes it (the POSIX header, name and prefix, regular files
 * and directories); any other entry type (links, pax or GNU long names) is refused by name.
 */

export interface TarEntry {
  /** The path in the archive, as written (PGlite's start with `/`). */
  name: string;
  type: 'file' | 'directory';
  /** A file's bytes (empty for a directory), an array of exactly its size. */
  data: Uint8Array;
}

const BLOCK = 512;

/** The next chunk of the archive, of any size; undefined at its end. */
export type NextChunk = () => Promise<Uint8Array | undefined>;

/** Exact-size reads from chunks of any size. */
class ByteReader {
  private readonly next: NextChunk;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(next: NextChunk) {
    this.next = next;
  }

  /** Fills `target`; false when the stream ends before it is full. */
  async fill(target: Uint8Array): Promise<boolean> {
    let filled = 0;
    while (filled < target.length) {
      if (this.at === this.chunk.length) {
        const value = await this.next();
        if (!value) return false;
        this.chunk = value;
        this.at = 0;
        continue;
      }
      const n = Math.min(target.length - filled, this.chunk.length - this.at);
      target.set(this.chunk.subarray(this.at, this.at + n), filled);
      filled += n;
      this.at += n;
    }
    return true;
  }
}

const decoder = new TextDecoder();

/** A NUL-terminated field of the header. */
function field(header: Uint8Array, from: number, length: number): string {
  const bytes = header.subarray(from, from + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Calls `onEntry` with each entry of the archive whose chunks `next` gives, in order. */
export async function readTar(next: NextChunk, onEntry: (entry: TarEntry) => void): Promise<void> {
  const bytes = new ByteReader(next);
  const header = new Uint8Array(BLOCK);
  const padding = new Uint8Array(BLOCK);
  // An archive ends with zero blocks, or (some writers) just ends.
  while ((await bytes.fill(header)) && header.some((b) => b !== 0)) {
    const prefix = field(header, 345, 155);
    const name = `${prefix ? `${prefix}/` : ''}${field(header, 0, 100)}`;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const flag = String.fromCharCode(header[156]);
    if (flag === '5') onEntry({ name, type: 'directory', data: new Uint8Array(0) });
    else if (flag === '0' || flag === '\0') {
      const data = new Uint8Array(size);
      if (!(await bytes.fill(data))) throw new Error(`tar: ${name} is cut short`);
      onEntry({ name, type: 'file', data });
    } else throw new Error(`tar: ${name} has entry type '${flag}', which is not read`);
    const rest = (BLOCK - (size % BLOCK)) % BLOCK;
    if (flag !== '5' && rest > 0 && !(await bytes.fill(padding.subarray(0, rest)))) break;
  }
}

/**
 * Downloads what PostgreSQL needs in the browser (the WebAssembly, PGlite's file bundle
 * and the prebuilt data directory) in parallel, counting bytes for the progress bar, and
 * compiles the WebAssembly while it streams in. Runs in the SQL worker.
 */
import type { Assets } from './messages.ts';

export class DownloadError extends Error {}
export class NoWasmError extends Error {}

export interface DownloadUrls {
  wasm: string;
  fsBundle: string;
  dataDir: string;
}

export interface DownloadEvents {
  /** Bytes so far over all files; `total` when every file announced its size. */
  progress(loaded: number, total: number | undefined): void;
  wasmMime(contentType: string): void;
}

/** How often progress is reported at most, so a fast download does not flood the page. */
const PROGRESS_EVERY_MS = 100;

/** Bytes over several downloads at once. */
class Meter {
  private readonly loaded: number[];
  private readonly totals: (number | undefined)[];
  private lastReport = 0;
  private readonly report: DownloadEvents['progress'];

  constructor(files: number, report: DownloadEvents['progress']) {
    this.loaded = new Array<number>(files).fill(0);
    this.totals = new Array<undefined>(files).fill(undefined);
    this.report = report;
  }

  expect(index: number, total: number | undefined): void {
    this.totals[index] = total;
  }

  add(index: number, bytes: number, force = false): void {
    this.loaded[index] += bytes;
    const now = performance.now();
    if (!force && now - this.lastReport < PROGRESS_EVERY_MS) return;
    this.lastReport = now;
    const total = this.totals.includes(undefined) ? undefined : sum(this.totals as number[]);
    this.report(sum(this.loaded), total);
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function open(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DownloadError(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) throw new DownloadError(`${url}: HTTP ${response.status}`);
  return response;
}

/** Content-Length counts the bytes sent; with Content-Encoding the body read is larger, so the size is unknown. */
function announcedSize(response: Response): number | undefined {
  if (response.headers.get('content-encoding')) return undefined;
  const size = Number(response.headers.get('content-length'));
  return size > 0 ? size : undefined;
}

/** The body, counted as it is read. */
function counted(response: Response, meter: Meter, index: number): ReadableStream<Uint8Array> {
  meter.expect(index, announcedSize(response));
  return response.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        meter.add(index, chunk.byteLength);
        controller.enqueue(chunk);
      },
      flush() {
        meter.add(index, 0, true);
      },
    }),
  );
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/**
 * compileStreaming refuses a response whose type is not application/wasm (PGlite then
 * fails outright); such a host still works here, compiled from the whole download, and
 * the reader is told how the host should be fixed.
 */
async function compileWasm(response: Response, body: ReadableStream<Uint8Array>, events: DownloadEvents): Promise<WebAssembly.Module> {
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }));
  }
  if (type !== 'application/wasm') events.wasmMime(type || 'none');
  return WebAssembly.compile(await new Response(body).arrayBuffer());
}

/**
 * PGlite reads a data directory as gzip or plain tar by the Blob's type; a host that
 * serves the .tar.gz with Content-Encoding: gzip hands over the tar already unpacked.
 */
function dataDirBlob(chunks: Uint8Array[]): Blob {
  const gzip = chunks[0]?.[0] === 0x1f && chunks[0]?.[1] === 0x8b;
  return new Blob(chunks as BlobPart[], { type: gzip ? 'application/gzip' : 'application/x-tar' });
}

export async function downloadAssets(urls: DownloadUrls, events: DownloadEvents): Promise<Assets> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.compile !== 'function') throw new NoWasmError('no WebAssembly');
  const meter = new Meter(3, events.progress);
  const [wasm, fsBundle, dataDir] = await Promise.all([open(urls.wasm), open(urls.fsBundle), open(urls.dataDir)]);
  const [module, fsChunks, dataDirChunks] = await Promise.all([
    compileWasm(wasm, counted(wasm, meter, 0), events),
    readAll(counted(fsBundle, meter, 1)),
    readAll(counted(dataDir, meter, 2)),
  ]).catch((error: Error) => {
    throw error instanceof WebAssembly.CompileError ? error : new DownloadError(error.message);
  });
  return { module, fsBundle: new Blob(fsChunks as BlobPart[]), dataDir: dataDirBlob(dataDirChunks) };
}

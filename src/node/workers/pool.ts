/**
 * Spreads a build's per-note work over the machine's cores with Piscina worker threads:
 * the same threads read and analyse the notes (phase one) and then render them (phase
 * two), so their start-up (loading the Markdown and Shiki stacks) is paid once. Small
 * vaults stay in this thread: below a few hundred notes threads cost more than they save.
 */
import os from 'node:os';
import { Piscina } from 'piscina';
import { readNotesHere, type NoteReader, type ReadResult } from '../site/build-site.ts';
import type { Site } from '../../core/site/model.ts';
import type { RenderModel, RenderOutcome } from './note-worker.ts';

const WORKER = new URL('./note-worker.ts', import.meta.url).href;
const MIN_NOTES_PER_THREAD = 150;
/** Reading tasks per thread: enough to even out slow and fast shards, few enough to keep messages cheap. */
const TASKS_PER_THREAD = 4;
/**
 * A thread works on one note at a time and needs little memory; left to itself V8 grows
 * each thread's heap to hundreds of megabytes before collecting, which on top of Vite's
 * and Astro's own memory broke the build's memory budget (docs/benchmarks.md).
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

/** Threads at most: all cores, or `VAULT_KB_THREADS` when set. */
export function threadCap(): number {
  return Number(process.env.VAULT_KB_THREADS) || os.availableParallelism();
}

/** Threads for a vault of this size. */
export function threadsFor(noteCount: number): number {
  return Math.max(1, Math.min(threadCap(), Math.floor(noteCount / MIN_NOTES_PER_THREAD)));
}

function shards<T>(items: readonly T[], count: number): T[][] {
  const size = Math.ceil(items.length / count) || 1;
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * The site model a render thread needs to resolve links and anchors (paths, URLs, titles,
 * aliases, headings, block ids; no bodies: a thread reads the notes it renders), as JSON
 * in shared memory: every task can carry it without copying it.
 */
function sharedModel(site: Site): SharedArrayBuffer {
  const notes = site.notes.map((note) => ({
    ...note,
    body: '',
    frontmatter: {},
    description: '',
    facts: { ...note.facts, links: [], tags: [], excerpt: '' },
  }));
  const model: RenderModel = { base: site.options.base, lang: site.lang, strictLineBreaks: site.options.strictLineBreaks === true, items: [...notes, ...site.attachments] };
  const bytes = new TextEncoder().encode(JSON.stringify(model));
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}

/** Threads started on first use, so a small vault never pays for them. */
export class NotePool {
  private pool?: Piscina;
  private readonly threads: number;
  private model?: SharedArrayBuffer;
  private modelId = 0;

  constructor(threads: number) {
    this.threads = threads;
  }

  private get piscina(): Piscina {
    this.pool ??= new Piscina({ filename: WORKER, maxThreads: this.threads, minThreads: this.threads, resourceLimits: THREAD_LIMITS });
    return this.pool;
  }

  /** Phase one: each thread reads and analyses a share of the notes. */
  readonly readNotes: NoteReader = async (files, gitDates, cacheDir) => {
    if (threadsFor(files.length) < 2) return readNotesHere(files, gitDates, cacheDir);
    const parts = shards(files, this.threads * TASKS_PER_THREAD);
    const results = await Promise.all(parts.map((part) => this.piscina.run({ files: part, gitDates, cacheDir }, { name: 'readNotes' }) as Promise<ReadResult[]>));
    return results.flat();
  };

  /** Phase two, once the site is assembled. */
  useSite(site: Site): void {
    this.model = sharedModel(site);
    this.modelId++;
  }

  /**
   * One note per task, as pages ask for them: with Astro building several pages at once
   * every thread stays busy, and no HTML waits in memory for its page. A failure comes
   * back as an outcome, for the caller to report.
   */
  async render(path: string): Promise<RenderOutcome> {
    if (!this.model) throw new Error('NotePool.render before useSite');
    return (await this.piscina.run({ path, model: this.model, modelId: this.modelId }, { name: 'renderOne' })) as RenderOutcome;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

export type { RenderOutcome };

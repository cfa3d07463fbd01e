/**
 * A started, never-used database carried across client-side navigations. Astro's ClientRouter
 * keeps the page's scripts when the reader follows a link, and starting PostgreSQL from the
 * data directory (`PGlite.create`, 0.5–0.7 s) is more than a click at once on the next page may
 * wait (300 ms, issue 14). So once a page's database is up and idle, its SQL runner keeps one
 * more worker here with PostgreSQL started from the prebuilt data directory and nothing run on
 * it, exactly what a new page's first database would be; the next page's first database takes
 * it instead of starting one. It is never a used database: the page's own workers end with the
 * page, and this one has only been sent `init` and `start` (worker.ts). A full load (a typed
 * URL, a reload) starts with nothing carried, as before.
 *
 * At most one, since a started PGlite costs 100–150 MB; and none once the page has started its
 * Python runtime or a lab's database (with those a page is at the memory budget): starting them
 * ends the carried one, and the runner starts none again before the next page (startingHeavyRuntime).
 */
import type { ToWorker } from './messages.ts';

/** What the next page would do with a carried database. */
export interface NextPage {
  /** The data directory of its SQL runner (a page with SQL blocks, or Python blocks that can run). */
  dataDir?: string;
  /** It has an isolation lab. */
  lab: boolean;
}

export class CarriedDatabase {
  private carried: { worker: Worker; dataDir: string } | undefined;
  /** The page has started Python or a lab: no carried database until the next page. */
  private heavy = false;

  /** A worker starting a database from `init`'s data directory, unless one is kept already or the page is heavy. */
  start(spawn: () => Worker | undefined, init: Extract<ToWorker, { type: 'init' }>): void {
    if (this.carried || this.heavy) return;
    const worker = spawn();
    if (!worker) return;
    // Its loading news is no one's: the page that takes it hears of its start from the worker.
    worker.onmessage = null;
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.carried?.worker === worker) this.end();
    };
    worker.postMessage(init);
    worker.postMessage({ type: 'start' } satisfies ToWorker);
    this.carried = { worker, dataDir: init.dataDirUrl };
  }

  /**
   * The carried worker for a page's first database, if it started from the same data
   * directory (one site's pages share one); another is ended. Taken once.
   */
  take(dataDir: string): Worker | undefined {
    const carried = this.carried;
    this.carried = undefined;
    if (carried?.dataDir === dataDir) return carried.worker;
    carried?.worker.terminate();
    return undefined;
  }

  /**
   * The page is being left for `next`: a page whose SQL runner starts from the same data
   * directory takes the database; a page without SQL blocks or a lab passes it on, since a
   * reader often reads prose notes between two SQL notes, and the memory is what the previous
   * page held, less its own database. Any other page ends it: one with a lab and no SQL blocks
   * would not take it and is at the memory budget; another data directory is another site.
   */
  handOver(next: NextPage): void {
    this.heavy = false;
    const carried = this.carried;
    if (!carried) return;
    const takes = next.dataDir === carried.dataDir;
    const passes = next.dataDir === undefined && !next.lab;
    if (!takes && !passes) this.end();
  }

  end(): void {
    this.carried?.worker.terminate();
    this.carried = undefined;
  }

  /** The page starts its Python runtime or a lab's database: the carried database ends, and none starts before the next page. */
  markHeavy(): void {
    this.heavy = true;
    this.end();
  }
}

/** The one carried database of this window. */
export const carriedDatabase = new CarriedDatabase();

let listening = false;

/** From now on, each client-side navigation decides whether the carried database goes with it. */
export function carryAcrossNavigations(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('astro:before-swap', (event) => {
    const next = (event as Event & { newDocument: Document }).newDocument;
    const dataDir = next.querySelector<HTMLElement>('.sql-runner')?.dataset.dataDir;
    carriedDatabase.handOver({ ...(dataDir ? { dataDir } : {}), lab: next.querySelector('.lab-runner') !== null });
  });
}

/**
 * The page starts its Python runtime or a lab's database: the carried database ends, and none
 * starts again before the reader moves on (the navigation clears the mark).
 */
export function startingHeavyRuntime(): void {
  carryAcrossNavigations();
  carriedDatabase.markHeavy();
}

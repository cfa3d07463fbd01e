/**
 * The database carried across client-side navigations (src/scripts/sql/carried-database.ts),
 * on a stand-in Worker: one at most, sent nothing but its first message and `start`; taken
 * once by a page of the same data directory, ended for another; passed on by a page without
 * SQL or a lab, ended by a page with a lab and no SQL blocks; ended, and none started again,
 * once the page starts Python or a lab.
 */
import { describe, expect, it } from 'vitest';
import { CarriedDatabase } from '../../src/scripts/sql/carried-database.ts';

class FakeWorker {
  onmessage: unknown = () => undefined;
  onerror: ((event: { preventDefault(): void }) => void) | null = null;
  readonly posted: unknown[] = [];
  terminated = false;

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }
}

const DATA_DIR = '/base/_vault/pglite/datadir.tar.gz';

function started() {
  const spawned: FakeWorker[] = [];
  const carried = new CarriedDatabase();
  const spawn = () => {
    const worker = new FakeWorker();
    spawned.push(worker);
    return worker as unknown as Worker;
  };
  const start = () => carried.start(spawn, { type: 'init', dataDirUrl: DATA_DIR });
  start();
  return { carried, spawned, start };
}

describe('CarriedDatabase', () => {
  it('starts one worker, sent only its first message and start, however often asked', () => {
    const { spawned, start } = started();
    start();
    expect(spawned).toHaveLength(1);
    expect(spawned[0].posted).toEqual([{ type: 'init', dataDirUrl: DATA_DIR }, { type: 'start' }]);
    expect(spawned[0].onmessage).toBeNull();
  });

  it('ends when the page starts Python or a lab, and starts none again before the next page', () => {
    const { carried, spawned, start } = started();
    carried.markHeavy();
    expect(spawned[0].terminated).toBe(true);
    start();
    expect(spawned).toHaveLength(1);
    expect(carried.take(DATA_DIR)).toBeUndefined();
    // The reader moves on: that page may keep one again.
    carried.handOver({ dataDir: DATA_DIR, lab: false });
    start();
    expect(spawned).toHaveLength(2);
  });

  it('is taken once, by a page of the same data directory', () => {
    const { carried, spawned } = started();
    expect(carried.take(DATA_DIR)).toBe(spawned[0]);
    expect(carried.take(DATA_DIR)).toBeUndefined();
    expect(spawned[0].terminated).toBe(false);
  });

  it('is ended, not handed, to a page of another data directory', () => {
    const { carried, spawned } = started();
    expect(carried.take('/other/datadir.tar.gz')).toBeUndefined();
    expect(spawned[0].terminated).toBe(true);
  });

  it('goes on to a page with SQL blocks or to a page without SQL or a lab, and ends at a page with only a lab or another site', () => {
    const { carried, spawned, start } = started();
    carried.handOver({ dataDir: DATA_DIR, lab: true });
    carried.handOver({ lab: false });
    expect(spawned[0].terminated).toBe(false);
    carried.handOver({ lab: true });
    expect(spawned[0].terminated).toBe(true);
    // Ended, so the next page that may keep one starts a new one.
    start();
    expect(spawned).toHaveLength(2);
    carried.handOver({ dataDir: '/other/datadir.tar.gz', lab: false });
    expect(spawned[1].terminated).toBe(true);
    expect(carried.take(DATA_DIR)).toBeUndefined();
  });

  it('drops a worker whose script failed to load', () => {
    const { carried, spawned } = started();
    spawned[0].onerror?.({ preventDefault: () => undefined });
    expect(spawned[0].terminated).toBe(true);
    expect(carried.take(DATA_DIR)).toBeUndefined();
  });
});

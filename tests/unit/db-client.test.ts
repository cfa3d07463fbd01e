/**
 * The one client of database workers (src/scripts/db/client.ts), on a stand-in Worker:
 * answers by request id, every pending request rejected when the worker is ended, the
 * spare worker started once one is ready and used next, loading news passed on, a worker
 * handed over (the database carried from the previous page) used for the first request only.
 */
import { describe, expect, it } from 'vitest';
import { DbWorkerClient, EngineProblem } from '../../src/scripts/db/client.ts';
import type { LoadEvent } from '../../src/scripts/db/messages.ts';

type Out = LoadEvent | { type: 'done'; id: number; value: string } | { type: 'failed'; id: number; problem: { kind: 'engine'; detail: string } };

class FakeWorker {
  onmessage: ((event: { data: Out }) => void) | null = null;
  onerror: ((event: { preventDefault(): void }) => void) | null = null;
  readonly posted: Record<string, unknown>[] = [];
  terminated = false;

  postMessage(message: Record<string, unknown>): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  reply(data: Out): void {
    this.onmessage?.({ data });
  }
}

function client(options: { spare?: boolean; adopt?: () => Worker | undefined } = {}) {
  const spawned: FakeWorker[] = [];
  const events: LoadEvent[] = [];
  const db = new DbWorkerClient<{ type: 'work'; input: string }, Out>({
    spawn: () => {
      const worker = new FakeWorker();
      spawned.push(worker);
      return worker as unknown as Worker;
    },
    init: () => ({ type: 'init' }),
    spare: options.spare ?? false,
    ...(options.adopt ? { adopt: options.adopt } : {}),
    onLoad: (event) => events.push(event),
    answer: (message) => (message.type === 'done' ? { id: message.id, value: message.value } : undefined),
  });
  return { db, spawned, events };
}

describe('DbWorkerClient', () => {
  it('starts the worker on the first request only, sends init first, and answers each request by its id', async () => {
    const { db, spawned } = client();
    expect(spawned).toHaveLength(0);
    const a = db.request<string>({ type: 'work', input: 'a' });
    const b = db.request<string>({ type: 'work', input: 'b' });
    expect(spawned).toHaveLength(1);
    const [init, first, second] = spawned[0].posted;
    expect(init).toEqual({ type: 'init' });
    expect(first).toMatchObject({ input: 'a' });
    expect(second).toMatchObject({ input: 'b' });
    expect(first.id).not.toBe(second.id);
    // Answered out of order.
    spawned[0].reply({ type: 'done', id: second.id as number, value: 'B' });
    spawned[0].reply({ type: 'done', id: first.id as number, value: 'A' });
    await expect(a).resolves.toBe('A');
    await expect(b).resolves.toBe('B');
  });

  it('rejects a request the worker failed with its problem', async () => {
    const { db, spawned } = client();
    const a = db.request({ type: 'work', input: 'a' });
    spawned[0].reply({ type: 'failed', id: spawned[0].posted[1].id as number, problem: { kind: 'engine', detail: 'out of memory' } });
    const error = await a.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineProblem);
    expect((error as EngineProblem).problem).toEqual({ kind: 'engine', detail: 'out of memory' });
  });

  it('rejects every pending request when the worker is ended (Stop), each with its own reason, and starts a new worker next', async () => {
    const { db, spawned } = client();
    const a = db.request({ type: 'work', input: 'a' });
    const b = db.request({ type: 'work', input: 'b' });
    const firstId = spawned[0].posted[1].id;
    db.terminate((id) => new Error(id === firstId ? 'stopped' : 'ask again'));
    expect(spawned[0].terminated).toBe(true);
    await expect(a).rejects.toThrow('stopped');
    await expect(b).rejects.toThrow('ask again');
    void db.request({ type: 'work', input: 'c' }).catch(() => undefined);
    expect(spawned).toHaveLength(2);
  });

  it('a worker whose script fails to load rejects its requests as no-worker', async () => {
    const { db, spawned } = client();
    const a = db.request({ type: 'work', input: 'a' });
    spawned[0].onerror?.({ preventDefault: () => undefined });
    const error = (await a.catch((e: unknown) => e)) as EngineProblem;
    expect(error.problem).toEqual({ kind: 'no-worker' });
  });

  it('passes loading news on, and keeps a spare once a worker is ready; the spare replaces an ended worker', async () => {
    const { db, spawned, events } = client({ spare: true });
    void db.request({ type: 'work', input: 'a' }).catch(() => undefined);
    spawned[0].reply({ type: 'progress', loaded: 10, total: 20 });
    expect(spawned).toHaveLength(1);
    spawned[0].reply({ type: 'ready' });
    spawned[0].reply({ type: 'ready', part: 'python' });
    expect(events).toEqual([{ type: 'progress', loaded: 10, total: 20 }, { type: 'ready' }, { type: 'ready', part: 'python' }]);
    // One spare, however often a worker says it is ready.
    expect(spawned).toHaveLength(2);
    db.terminate(() => new Error('stopped'));
    void db.request({ type: 'work', input: 'b' }).catch(() => undefined);
    expect(spawned).toHaveLength(2);
    expect(spawned[1].posted[0]).toEqual({ type: 'init' });
    db.close(new Error('left'));
    expect(spawned.every((w) => w.terminated)).toBe(true);
  });

  it('starts with a worker handed over, sending it the first message again, and asks for one only once', async () => {
    const carried = new FakeWorker();
    let asked = 0;
    const { db, spawned } = client({
      spare: true,
      adopt: () => {
        asked++;
        return carried as unknown as Worker;
      },
    });
    expect(asked).toBe(0);
    const a = db.request<string>({ type: 'work', input: 'a' });
    expect(spawned).toHaveLength(0);
    expect(carried.posted[0]).toEqual({ type: 'init' });
    carried.reply({ type: 'ready' });
    carried.reply({ type: 'done', id: carried.posted[1].id as number, value: 'A' });
    await expect(a).resolves.toBe('A');
    // The spare is a new worker, and after a Stop the spare takes over, not the handed-over one.
    expect(spawned).toHaveLength(1);
    db.terminate(() => new Error('stopped'));
    expect(carried.terminated).toBe(true);
    void db.request({ type: 'work', input: 'b' }).catch(() => undefined);
    expect(asked).toBe(1);
    expect(spawned).toHaveLength(1);
    expect(spawned[0].posted).toMatchObject([{ type: 'init' }, { input: 'b' }]);
  });

  it('spawns its own worker when nothing is handed over', () => {
    const { db, spawned } = client({ adopt: () => undefined });
    void db.request({ type: 'work', input: 'a' }).catch(() => undefined);
    expect(spawned).toHaveLength(1);
  });
});

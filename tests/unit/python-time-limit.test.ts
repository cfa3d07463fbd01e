/**
 * The time limit of Python blocks in Node (src/node/python/time-limit.ts): one watchdog
 * thread for an interpreter's runs, each run with its own deadline. Pyodide is stood in for
 * by its interrupt buffer, which is all the limit touches; the end-to-end case (an endless
 * loop in a note stopped by `npm run check`) is in python-runtime.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { interruptAfter } from '../../src/node/python/time-limit.ts';

/** Holds this thread as Python would: no timer of ours runs meanwhile. */
const busy = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function limited(ms: number) {
  let buffer: ArrayLike<number> = [];
  const limit = interruptAfter({ setInterruptBuffer: (b) => void (buffer = b) }, ms);
  return { limit, interrupt: () => buffer[0] };
}

describe('the Python time limit in Node', () => {
  it('interrupts each run past its limit, on the same watchdog, and not the short runs between them', () => {
    const { limit, interrupt } = limited(40);
    for (let i = 0; i < 3; i++) {
      const slow = limit();
      busy(400);
      expect(interrupt()).toBe(2);
      expect(slow()).toBe(true);
      expect(interrupt()).toBe(0);
      const fast = limit();
      expect(fast()).toBe(false);
    }
  });

  it('a run that ended is never interrupted later, and many short runs leave no interrupt behind', () => {
    const { limit, interrupt } = limited(40);
    for (let i = 0; i < 500; i++) expect(limit()()).toBe(false);
    busy(200);
    expect(interrupt()).toBe(0);
  });
});

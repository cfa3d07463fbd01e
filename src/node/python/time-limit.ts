/**
 * A time limit for Python blocks in Node. Python runs on this thread and holds it, so no
 * timer here could fire: a small watchdog thread waits out the limit and then sets Pyodide's
 * interrupt buffer, and Python raises KeyboardInterrupt at its next check. A statement
 * PGlite is still running is not interrupted (Python is not running then).
 */
import { Worker } from 'node:worker_threads';
import type { PyodideAPI } from 'pyodide';
import type { RunLimit } from '../../core/python/runtime.ts';

/** state[0]: 0 while the run goes on, 1 once it ended, 2 once the watchdog fired. */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { state, interrupt, ms } = workerData;
if (Atomics.wait(state, 0, 0, ms) === 'timed-out' && Atomics.compareExchange(state, 0, 0, 2) === 0) {
  Atomics.store(interrupt, 0, 2); // SIGINT
}
`;

export function interruptAfter(pyodide: PyodideAPI, ms: number): RunLimit {
  const interrupt = new Uint8Array(new SharedArrayBuffer(1));
  pyodide.setInterruptBuffer(interrupt);
  return () => {
    Atomics.store(interrupt, 0, 0);
    const state = new Int32Array(new SharedArrayBuffer(4));
    new Worker(WATCHDOG, { eval: true, workerData: { state, interrupt, ms } }).unref();
    return () => {
      const fired = Atomics.compareExchange(state, 0, 0, 1) === 2;
      Atomics.notify(state, 0);
      Atomics.store(interrupt, 0, 0);
      return fired;
    };
  };
}

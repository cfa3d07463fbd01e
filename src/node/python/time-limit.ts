/**
 * A time limit for Python blocks in Node. Python runs on this thread and holds it, so no
 * timer here could fire: a small watchdog thread waits out the limit and then sets Pyodide's
 * interrupt buffer, and Python raises KeyboardInterrupt at its next check. A statement
 * PGlite is still running is not interrupted (Python is not running then).
 *
 * One watchdog per interpreter, started with it and kept: a thread started per run cost
 * ~28 ms of CPU each (a Node environment's start), ~4 s for the sample wiki's 145 blocks.
 */
import { Worker } from 'node:worker_threads';
import type { PyodideAPI } from 'pyodide';
import type { RunLimit } from '../../core/python/runtime.ts';

/** How long one Python block may run in `npm run check`, as a lab step may in the browser. */
export const PYTHON_BLOCK_LIMIT_MS = 10_000;

/** Indexes in the shared state: the run being timed (0 before the first), and its outcome. */
const RUN = 0;
const OUTCOME = 1;
/** OUTCOME: the run goes on, it ended in time, or the watchdog interrupted it. */
const RUNNING = 0;
const ENDED = 1;
const FIRED = 2;

/**
 * Waits for each run to start, then until its deadline (a time stamp, so a watchdog that
 * wakes late still keeps the run's own limit) or its end, whichever comes first. Only the
 * run it waited for can be interrupted: a run that has ended cannot be, the next one keeps
 * its own deadline.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { state, deadline, interrupt } = workerData;
let seen = 0;
for (;;) {
  Atomics.wait(state, ${RUN}, seen);
  const run = Atomics.load(state, ${RUN});
  seen = run;
  for (;;) {
    const left = Number(Atomics.load(deadline, 0)) - Date.now();
    if (left > 0 && Atomics.wait(state, ${OUTCOME}, ${RUNNING}, left) !== 'timed-out') break;
    if (left > 0) continue;
    if (Atomics.load(state, ${RUN}) === run && Atomics.compareExchange(state, ${OUTCOME}, ${RUNNING}, ${FIRED}) === ${RUNNING}) {
      Atomics.store(interrupt, 0, 2); // SIGINT
    }
    break;
  }
}
`;

export function interruptAfter(pyodide: Pick<PyodideAPI, 'setInterruptBuffer'>, ms: number): RunLimit {
  const interrupt = new Uint8Array(new SharedArrayBuffer(1));
  pyodide.setInterruptBuffer(interrupt);
  const state = new Int32Array(new SharedArrayBuffer(8));
  const deadline = new BigInt64Array(new SharedArrayBuffer(8));
  // Unreferenced: a process whose checks are done exits without waiting for it.
  new Worker(WATCHDOG, { eval: true, workerData: { state, deadline, interrupt } }).unref();
  let run = 0;
  return () => {
    Atomics.store(interrupt, 0, 0);
    Atomics.store(deadline, 0, BigInt(Date.now() + ms));
    Atomics.store(state, OUTCOME, RUNNING);
    Atomics.store(state, RUN, ++run);
    Atomics.notify(state, RUN);
    return () => {
      const fired = Atomics.compareExchange(state, OUTCOME, RUNNING, ENDED) === FIRED;
      Atomics.notify(state, OUTCOME);
      Atomics.store(interrupt, 0, 0);
      return fired;
    };
  };
}

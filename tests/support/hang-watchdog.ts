/**
 * Vitest setup file: a test file that holds its thread for too long is stopped, and says what
 * it was doing. Vitest's timeouts are timers on the test's own thread, so a test stuck in
 * synchronous work (a `spawnSync` whose child never ends, WebAssembly that never returns)
 * runs past them for ever; one such file once hung CI for 80 minutes without a word. A small
 * thread of its own watches the time since the test file last moved on (a test started or
 * ended); past the limit it prints the file, the test and the processes the file started, and
 * kills this process, so vitest reports the file as failed and goes on with the next one.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';

/** Far above any test's or hook's own timeout (vitest.config.ts), so only a stuck thread trips it. */
const LIMIT_MS = Number(process.env.VITEST_HANG_LIMIT_MS) || 10 * 60_000;

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { readFileSync, readdirSync, writeSync } = require('node:fs');
const { clock, wake, label, limitMs } = workerData;
const text = () => Buffer.from(label).toString('utf8').replace(/\\0+$/, '');
const children = (pid) => {
  let found = [];
  for (const task of readdirSync('/proc/' + pid + '/task')) {
    let ids = '';
    try { ids = readFileSync('/proc/' + pid + '/task/' + task + '/children', 'utf8'); } catch {}
    for (const id of ids.split(' ').filter(Boolean)) {
      let command = '?';
      try { command = readFileSync('/proc/' + id + '/cmdline', 'utf8').split('\\0').join(' ').trim(); } catch {}
      found.push(id + ' ' + command, ...children(id));
    }
  }
  return found;
};
for (;;) {
  if (Atomics.wait(wake, 0, 0, 10_000) !== 'timed-out' && Atomics.load(wake, 0) === 1) break;
  const idle = Date.now() - clock[0];
  if (idle < limitMs) continue;
  let running = [];
  try { running = children(process.pid); } catch {}
  writeSync(2, '\\n[hang-watchdog] ' + text() + ': no progress for ' + Math.round(idle / 1000) + ' s (the thread is held, so no timeout could fire); killing the test process.\\n'
    + (running.length ? '[hang-watchdog] processes it started:\\n  ' + running.join('\\n  ') + '\\n' : ''));
  for (const line of running) { try { process.kill(Number(line.split(' ')[0]), 'SIGKILL'); } catch {} }
  process.kill(process.pid, 'SIGKILL');
}
`;

const clock = new Float64Array(new SharedArrayBuffer(8));
const wake = new Int32Array(new SharedArrayBuffer(4));
const label = new Uint8Array(new SharedArrayBuffer(2048));

function moved(what: string): void {
  label.fill(0);
  label.set(new TextEncoder().encode(what).subarray(0, label.length));
  clock[0] = Date.now();
}

const file = expect.getState().testPath ?? 'a test file';
moved(`${file} (loading, or in a beforeAll hook)`);
new Worker(WATCHDOG, { eval: true, workerData: { clock, wake, label, limitMs: LIMIT_MS } }).unref();

beforeEach((context) => moved(`${file} › ${context.task.name}`));
afterEach((context) => moved(`${file} (after "${context.task.name}", or in an afterAll hook)`));
afterAll(() => {
  Atomics.store(wake, 0, 1);
  Atomics.notify(wake, 0);
});

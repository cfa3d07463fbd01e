/**
 * Runs a command for a test, with a time limit that always holds. `spawnSync` blocks the
 * test's thread, so vitest's own timeouts cannot fire while it waits, and a child that never
 * ends hangs the whole run (it did once on CI, for 80 minutes). Here the child runs in its own
 * process group, and at the limit the whole group is killed (grandchildren too: `npm run`
 * starts `astro`, which starts workers), so the test fails with what the command printed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CommandResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the command was killed at its time limit. */
  timedOut: boolean;
}

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command (and everything it started) after this long. */
  timeoutMs: number;
}

export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      // Whatever the command left running in its group goes with it.
      killGroup(child.pid);
      if (timedOut) stderr += `\n[runCommand] killed after ${options.timeoutMs} ms: ${command} ${args.join(' ')}\n`;
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already ended.
  }
}

/**
 * Runs one of the project's command-line scripts (`src/cli/<script>.ts`) from the project's
 * folder with its Node 24 first on PATH, as `npm run` would.
 */
export function runProjectCli(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  return runCommand('node', [`src/cli/${script}.ts`, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PATH: `${path.join(PROJECT_ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`, ...options.env },
    timeoutMs: options.timeoutMs,
  });
}

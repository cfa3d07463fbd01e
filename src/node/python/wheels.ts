/**
 * Fetches the locked Python wheels with pip, for a vault with ```python blocks: each one
 * verified against python-packages.lock.json and kept in a cache outside the project's
 * sources and the site's output, so pip runs once per machine. No pip, an unreachable index
 * or a wheel that does not match its sha256 is a warning saying how to fix it, never a
 * failed build: the Python blocks are then shown but not runnable.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseLock, pipDownloadArgs, requirementLines, wheelMismatch, type LockedWheel } from '../../core/python/packages.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');
export const LOCK_FILE = path.join(PROJECT_ROOT, 'python-packages.lock.json');
export const WHEEL_CACHE = path.join(PROJECT_ROOT, 'node_modules/.cache/vault-kb/wheels');

/** The commands tried, in order, to run pip. */
export const PIP_COMMANDS: readonly (readonly string[])[] = [['pip3'], ['pip'], ['python3', '-m', 'pip']];

export type WheelSet = { wheels: { wheel: LockedWheel; path: string }[] } | { warning: string };

export interface FetchOptions {
  lockFile?: string;
  cacheDir?: string;
  pipCommands?: readonly (readonly string[])[];
  /** Longest a pip download may take before Python blocks are given up (a stalled index). */
  pipLimitMs?: number;
}

const HOW_TO_FIX =
  'Python blocks are shown but not runnable. To run them, install pip (Debian: apt install python3-pip) with an index that has these packages (PyPI, or pip config), and build again.';

async function verified(wheel: LockedWheel, file: string): Promise<string | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return `${wheel.file} is missing`;
  return wheelMismatch(wheel, new Uint8Array(bytes));
}

const PIP_LIMIT_MS = 10 * 60_000;

type PipRun = { status: number | null; stderr: string; missing: boolean; timedOut: boolean };

/**
 * One pip command, in its own process group with nothing on stdin (so a prompt for an index's
 * password fails at once), killed with everything it started at the limit. Asynchronous, so a
 * stalled index never holds the build's thread.
 */
function runPip(command: string, args: string[], limitMs: number): Promise<PipRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, limitMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ status: null, stderr: error.message, missing: error.code === 'ENOENT', timedOut });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr, missing: false, timedOut });
    });
  });
}

/** Runs pip download into `dest`; undefined on success, else what went wrong. */
async function pipDownload(commands: readonly (readonly string[])[], args: string[], limitMs: number): Promise<string | undefined> {
  for (const [command, ...prefix] of commands) {
    const run = await runPip(command, [...prefix, ...args], limitMs);
    if (run.missing) continue;
    if (run.status === 0) return undefined;
    const name = `\`${[command, ...prefix].join(' ')} download\``;
    if (run.timedOut) return `${name} was stopped after ${Math.round(limitMs / 1000)} s`;
    const last = run.stderr.trim().split('\n').filter((l) => !l.startsWith('WARNING: Retrying')).at(-1);
    return `${name} failed${last ? `: ${last}` : ''}`;
  }
  return `pip was not found (tried ${commands.map((c) => c.join(' ')).join(', ')})`;
}

/** The locked wheels, from the cache or fetched into it; or one warning. */
export async function ensureWheels(options: FetchOptions = {}): Promise<WheelSet> {
  const lock = parseLock(await readFile(options.lockFile ?? LOCK_FILE, 'utf8'));
  const cacheDir = options.cacheDir ?? WHEEL_CACHE;
  const wheels = lock.packages.map((wheel) => ({ wheel, path: path.join(cacheDir, wheel.file) }));
  const missing: typeof wheels = [];
  for (const w of wheels) {
    if (await verified(w.wheel, w.path)) {
      // A cached file that does not match is never used.
      await rm(w.path, { force: true });
      missing.push(w);
    }
  }
  if (missing.length === 0) return { wheels };
  await mkdir(cacheDir, { recursive: true });
  const download = await mkdtemp(path.join(cacheDir, '.download-'));
  try {
    const requirements = path.join(download, 'requirements.txt');
    await writeFile(requirements, requirementLines(missing.map((w) => w.wheel)));
    const failed = await pipDownload(options.pipCommands ?? PIP_COMMANDS, pipDownloadArgs(lock.target, requirements, download), options.pipLimitMs ?? PIP_LIMIT_MS);
    if (failed) return { warning: `${failed}. ${HOW_TO_FIX}` };
    for (const w of missing) {
      const fetched = path.join(download, w.wheel.file);
      const problem = await verified(w.wheel, fetched);
      if (problem) return { warning: `a fetched Python package was refused: ${problem}. ${HOW_TO_FIX}` };
      await rename(fetched, w.path);
    }
    return { wheels };
  } finally {
    await rm(download, { recursive: true, force: true });
  }
}

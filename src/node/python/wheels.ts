/**
 * Fetches the locked Python wheels with pip, for a vault with ```python blocks: each one
 * verified against python-packages.lock.json and kept in a cache outside the project's
 * sources and the site's output, so pip runs once per machine. No pip, an unreachable index
 * or a wheel that does not match its sha256 is a warning saying how to fix it, never a
 * failed build: the Python blocks are then shown but not runnable.
 */
import { spawnSync } from 'node:child_process';
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
}

const HOW_TO_FIX =
  'Python blocks are shown but not runnable. To run them, install pip (Debian: apt install python3-pip) with an index that has these packages (PyPI, or pip config), and build again.';

async function verified(wheel: LockedWheel, file: string): Promise<string | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return `${wheel.file} is missing`;
  return wheelMismatch(wheel, new Uint8Array(bytes));
}

/** Runs pip download into `dest`; undefined on success, else what went wrong. */
function pipDownload(commands: readonly (readonly string[])[], args: string[]): string | undefined {
  for (const [command, ...prefix] of commands) {
    const run = spawnSync(command, [...prefix, ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue;
    if (run.status === 0) return undefined;
    const last = `${run.stderr ?? ''}`.trim().split('\n').filter((l) => !l.startsWith('WARNING: Retrying')).at(-1);
    return `\`${[command, ...prefix].join(' ')} download\` failed${last ? `: ${last}` : ''}`;
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
    const failed = pipDownload(options.pipCommands ?? PIP_COMMANDS, pipDownloadArgs(lock.target, requirements, download));
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

/**
 * The Python packages' lock, fetch and cache (issue 11): wheels pinned by sha256, fetched
 * with pip only when missing from the cache, a wheel that does not match refused, no pip a
 * warning. pip is a stand-in script here (it "downloads" the bytes it is told to), so the
 * tests need no index; the real pip runs in the Python doc-tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseLock, pipDownloadArgs, requirementLines, sha256Hex } from '../../src/core/python/packages.ts';
import { spawnSync } from 'node:child_process';
import { ensureWheels, LOCK_FILE } from '../../src/node/python/wheels.ts';

let dir: string;
const content = new TextEncoder().encode('wheel bytes');
let lockFile: string;
let cacheDir: string;

/** A pip that writes `bytes` as each requested file into --dest and counts its runs. */
async function fakePip(bytes: string): Promise<string[][]> {
  const script = path.join(dir, 'pip');
  await writeFile(script, `#!/bin/sh
echo run >> "${dir}/pip-runs"
while [ "$1" != "--dest" ]; do shift; done
printf '%s' '${bytes}' > "$2/demo-1.0-py3-none-any.whl"
`);
  await chmod(script, 0o755);
  return [[script]];
}

const pipRuns = async () => (await readFile(path.join(dir, 'pip-runs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vault-kb-wheels-'));
  lockFile = path.join(dir, 'lock.json');
  cacheDir = path.join(dir, 'cache');
  await writeFile(lockFile, JSON.stringify({
    target: { platform: 'any', pythonVersion: '3', implementation: 'py', abi: 'none' },
    packages: [{ name: 'demo', version: '1.0', file: 'demo-1.0-py3-none-any.whl', sha256: await sha256Hex(content) }],
  }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the lock', () => {
  it('reads the project lock: every package pinned by version and sha256, pip asked for exactly those files', async () => {
    const lock = parseLock(await readFile(LOCK_FILE, 'utf8'));
    expect(lock.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['sqlalchemy', 'pg8000', 'scramp', 'asn1crypto', 'python-dateutil', 'six', 'typing_extensions']));
    expect(requirementLines(lock.packages.slice(0, 1))).toBe(`sqlalchemy==2.0.54 --hash=sha256:${lock.packages[0].sha256}\n`);
    expect(pipDownloadArgs(lock.target, 'r.txt', 'd')).toEqual(expect.arrayContaining(['--require-hashes', '--no-deps', '--only-binary=:all:']));
  });

  it('refuses a lock entry without a sha256', () => {
    expect(() => parseLock(JSON.stringify({ target: { platform: 'any', pythonVersion: '3', implementation: 'py', abi: 'none' }, packages: [{ name: 'x', version: '1', file: 'x-1-py3-none-any.whl' }] }))).toThrow(/sha256/);
  });
});

describe('ensureWheels', () => {
  it('refuses a fetched wheel whose sha256 is not the lock\'s, and caches nothing', async () => {
    const result = await ensureWheels({ lockFile, cacheDir, pipCommands: await fakePip('tampered') });
    expect(result).toEqual({ warning: expect.stringMatching(/refused: demo-1\.0-py3-none-any\.whl: sha256 is [0-9a-f]{64}, the lock says/) });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('fetches a missing wheel once, then serves it from the cache', async () => {
    const pip = await fakePip('wheel bytes');
    const before = await pipRuns();
    const first = await ensureWheels({ lockFile, cacheDir, pipCommands: pip });
    expect(first).toEqual({ wheels: [expect.objectContaining({ path: path.join(cacheDir, 'demo-1.0-py3-none-any.whl') })] });
    expect(await ensureWheels({ lockFile, cacheDir, pipCommands: pip })).toEqual(first);
    expect((await pipRuns()) - before).toBe(1);
  });

  it('throws a cached wheel away when it no longer matches, and fetches it again', async () => {
    await writeFile(path.join(cacheDir, 'demo-1.0-py3-none-any.whl'), 'corrupted');
    const before = await pipRuns();
    expect(await ensureWheels({ lockFile, cacheDir, pipCommands: await fakePip('wheel bytes') })).toHaveProperty('wheels');
    expect((await pipRuns()) - before).toBe(1);
  });

  it('without pip: one warning that says how to fix it', async () => {
    await rm(cacheDir, { recursive: true, force: true });
    const result = await ensureWheels({ lockFile, cacheDir, pipCommands: [[path.join(dir, 'no-such-pip')]] });
    expect(result).toEqual({ warning: expect.stringMatching(/pip was not found.*not runnable.*apt install python3-pip/) });
  });

  it('a failing pip (an unreachable index) is a warning with pip\'s own last line', async () => {
    const script = path.join(dir, 'failing-pip');
    await writeFile(script, '#!/bin/sh\necho "ERROR: No matching distribution found for demo==1.0" >&2\nexit 1\n');
    await chmod(script, 0o755);
    const result = await ensureWheels({ lockFile, cacheDir, pipCommands: [[script]] });
    expect(result).toEqual({ warning: expect.stringMatching(/download` failed: ERROR: No matching distribution found for demo==1\.0\. Python blocks are shown but not runnable/) });
  });

  it('a pip that never ends (a stalled index) is stopped at its limit with whatever it started, and is a warning', async () => {
    const script = path.join(dir, 'stalled-pip');
    // A child in the background that keeps pip's stderr open, as a stalled download would.
    await writeFile(script, '#!/bin/sh\n(sleep 300; echo late) &\nsleep 300\n');
    await chmod(script, 0o755);
    const result = await ensureWheels({ lockFile, cacheDir, pipCommands: [[script]], pipLimitMs: 500 });
    expect(result).toEqual({ warning: expect.stringMatching(/stalled-pip download` was stopped after 1 s\. Python blocks are shown but not runnable/) });
    const alive = spawnSync('pgrep', ['-f', script], { encoding: 'utf8', timeout: 10_000 }).stdout.trim();
    expect(alive).toBe('');
  });
});

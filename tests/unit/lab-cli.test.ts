/** `npm run lab`'s command line: help and usage errors answer in words and exit codes, not stack traces. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const lab = (...args: string[]) => spawnSync(process.execPath, ['src/cli/lab.ts', ...args], { encoding: 'utf8' });

describe('npm run lab', () => {
  it('prints its usage on --help and exits 0', () => {
    const run = lab('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run lab -- run <files…>/);
  });

  it('names an unknown option, prints the usage and exits 2', () => {
    const run = lab('verify', '--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain('usage: npm run lab');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

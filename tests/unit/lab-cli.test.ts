/** `npm run lab`'s command line: help and usage errors answer in words and exit codes, not stack traces. */
import { describe, expect, it } from 'vitest';
import { runProjectCli } from '../support/run-command.ts';

const lab = (...args: string[]) => runProjectCli('lab', args, { timeoutMs: 30_000 });

describe('npm run lab', () => {
  it('prints its usage on --help and exits 0', async () => {
    const run = await lab('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run lab -- run <files…>/);
  });

  it('names an unknown option, prints the usage and exits 2', async () => {
    const run = await lab('verify', '--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain('usage: npm run lab');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

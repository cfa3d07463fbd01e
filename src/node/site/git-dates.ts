/**
 * Last commit date of every file of the vault, from a single `git log` (not one per file,
 * which would make big vaults slow). Empty when the vault is not in a git repository.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function gitLastModified(vaultDir: string): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  try {
    const { stdout: prefixOut } = await run('git', ['-C', vaultDir, 'rev-parse', '--show-prefix']);
    const prefix = prefixOut.trim();
    const { stdout } = await run(
      'git',
      ['-C', vaultDir, '-c', 'core.quotepath=off', 'log', '--format=%x00%ct', '--name-only', '--no-renames', '--', '.'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    let current: Date | undefined;
    for (const line of stdout.split('\n')) {
      if (line.startsWith('\0')) current = new Date(Number(line.slice(1)) * 1000);
      else if (line && current && line.startsWith(prefix)) {
        const rel = line.slice(prefix.length).normalize('NFC');
        if (!dates.has(rel)) dates.set(rel, current);
      }
    }
  } catch {
    // Not a repository, or git is missing: dates fall back to the file's own time.
  }
  return dates;
}

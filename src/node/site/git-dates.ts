/**
 * Last commit (date and author) of every file of the vault, from a single `git log` (not one
 * per file, which would make big vaults slow), and the vault's folder in its repository (for
 * "Edit this note" links). Empty when the vault is not in a git repository.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitChange {
  date: Date;
  author: string;
}

export interface GitHistory {
  /** Vault-relative path → its last commit. */
  changes: Map<string, GitChange>;
  /** The vault's folder in the repository, `''` or ending in `/` (`wiki/`); undefined outside git. */
  prefix?: string;
}

export async function gitLastModified(vaultDir: string): Promise<GitHistory> {
  const changes = new Map<string, GitChange>();
  try {
    const { stdout: prefixOut } = await run('git', ['-C', vaultDir, 'rev-parse', '--show-prefix']);
    const prefix = prefixOut.trim();
    const { stdout } = await run(
      'git',
      ['-C', vaultDir, '-c', 'core.quotepath=off', 'log', '--format=%x00%ct%x00%an', '--name-only', '--no-renames', '--', '.'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    let current: GitChange | undefined;
    for (const line of stdout.split('\n')) {
      if (line.startsWith('\0')) {
        const [, time, author] = line.split('\0');
        current = { date: new Date(Number(time) * 1000), author: author ?? '' };
      } else if (line && current && line.startsWith(prefix)) {
        const rel = line.slice(prefix.length).normalize('NFC');
        if (!changes.has(rel)) changes.set(rel, current);
      }
    }
    return { changes, prefix };
  } catch {
    // Not a repository, or git is missing: dates fall back to the file's own time.
    return { changes };
  }
}

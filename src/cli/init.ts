/**
 * `vault-kb init`: what a vault repository needs besides its notes: `vault-kb.config.json`
 * (title from the folder, the repository URL from git's `origin` and the branch "Edit this
 * note" opens: origin's default branch, else the one checked out), the CI workflows for
 * GitHub (src/cli/templates/github-workflow.yml) and GitLab (gitlab-ci.yml), and `dist/`
 * and `node_modules/` in `.gitignore`. A file already there is kept unless `force`.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../node/vault-config.ts';

const TEMPLATES = path.join(import.meta.dirname, 'templates');

/** `git@github.com:team/wiki.git` or `https://gitlab.com/team/wiki.git` as a web URL; undefined for other hosts. */
export function repositoryWebUrl(remote: string): string | undefined {
  const match = /^(?:git@|ssh:\/\/git@|https?:\/\/(?:[^@/]+@)?)(github\.com|gitlab\.com)[:/](.+?)(?:\.git)?\/?$/.exec(remote.trim());
  return match ? `https://${match[1]}/${match[2]}` : undefined;
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** origin's default branch (`origin/HEAD`, set by a clone), else the branch checked out (also before the first commit). */
function defaultBranch(dir: string): string | undefined {
  return git(dir, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD'])?.replace(/^origin\//, '') ?? git(dir, ['symbolic-ref', '--short', 'HEAD']);
}

export async function initVaultRepo(dir: string, { force }: { force: boolean }): Promise<number> {
  const origin = git(dir, ['remote', 'get-url', 'origin']);
  const repository = origin ? repositoryWebUrl(origin) : undefined;
  const branch = repository ? defaultBranch(dir) : undefined;
  const config = { title: path.basename(dir), vault: '.', outDir: 'dist', ignore: [], strict: false, ...(repository ? { repository } : {}), ...(branch ? { branch } : {}) };
  const files: [string, string][] = [
    [CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`],
    ['.github/workflows/vault-kb.yml', await readFile(path.join(TEMPLATES, 'github-workflow.yml'), 'utf8')],
    ['.gitlab-ci.yml', await readFile(path.join(TEMPLATES, 'gitlab-ci.yml'), 'utf8')],
  ];
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    const written = await writeFile(file, text, { flag: force ? 'w' : 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    console.log(written ? `wrote ${name}` : `kept ${name} (exists; --force replaces it)`);
  }
  const ignore = await readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
  const missing = ['node_modules/', 'dist/'].filter((entry) => !ignore.split('\n').some((line) => line.trim() === entry));
  if (missing.length > 0) {
    await appendFile(path.join(dir, '.gitignore'), `${ignore && !ignore.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
    console.log(`added ${missing.join(', ')} to .gitignore`);
  }
  return 0;
}

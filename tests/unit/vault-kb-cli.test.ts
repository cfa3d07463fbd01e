/**
 * The `vault-kb` command (issue 16) as a vault repository runs it: the config file's
 * validation (one line naming the key and the values allowed), the folders it publishes,
 * the report formats (GitHub annotations on the right file, line and column, from the
 * repository's root), the exit codes and `--help`. The installed package is tested in
 * tests/e2e/vault-package.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import { runCommand } from '../support/run-command.ts';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubAnnotation, repoPath } from '../../src/core/check-report.ts';
import { folderFilter } from '../../src/core/vault/folders.ts';
import { scanVault } from '../../src/node/vault/scan.ts';
import { repositoryWebUrl } from '../../src/cli/init.ts';
import { buildSite } from '../../src/node/site/build-site.ts';
import { editUrl } from '../../src/core/site/edit-link.ts';
import { parseVaultConfig, readVaultConfig, vaultOptions } from '../../src/node/vault-config.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(PROJECT_ROOT, 'tests/fixtures/vault-repo');
const BIN = path.join(PROJECT_ROOT, 'bin/vault-kb.js');

const configError = (text: string) => {
  try {
    parseVaultConfig(text, 'vault-kb.config.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('vault-kb.config.json', () => {
  it('gives the options, with the vault resolved from the file\'s folder', async () => {
    const config = parseVaultConfig('{"vault": "wiki", "title": "Team", "base": "/kb/", "strict": true, "ignore": ["Private"], "sqlTimeout": 5}', 'f');
    expect(vaultOptions(config, '/repo')).toEqual({ vaultDir: '/repo/wiki', title: 'Team', base: '/kb/', strict: true, ignore: ['Private'], sqlTimeout: 5 });
  });

  it('an invalid value is one line naming the key, what it must be and what it was, at its place', async () => {
    expect(configError('{\n  "title": "x",\n  "strict": "yes"\n}')).toBe('vault-kb.config.json:3:13: error: "strict" must be true or false, got "yes"');
    expect(configError('{"base": "kb"}')).toBe('vault-kb.config.json:1:10: error: "base" must be a URL path starting with "/", e.g. "/kb/", got "kb"');
    expect(configError('{"sqlTimeout": 0}')).toMatch(/^vault-kb\.config\.json:1:16: error: "sqlTimeout" must be a positive number of seconds, got 0$/);
    expect(configError('{"repository": "github.com/x"}')).toMatch(/"repository" must be an http\(s\) URL, e.g. "https:\/\/github.com\/team\/wiki", got "github.com\/x"$/);
    expect(configError('{"ignore": ["a", 3]}')).toBe('vault-kb.config.json:1:18: error: "ignore[1]" must be a folder name, got 3');
    for (const text of ['{"strict": 1}', '{"lang": "English"}', '{"publish": "a"}']) expect(configError(text).split('\n')).toHaveLength(1);
  });

  it('an unknown key (a typo) is an error listing the keys', async () => {
    expect(configError('{\n "publsh": []\n}')).toMatch(/^vault-kb\.config\.json:2:2: error: unknown key "publsh"; the keys are: vault, outDir, title, base, site, lang, strict, strictLineBreaks, publish, ignore, repository, /);
  });

  it('a file that is not JSON says where', async () => {
    expect(configError('{\n  "title": "x",,\n}')).toMatch(/^vault-kb\.config\.json:2:16: error: not valid JSON/);
  });
});

describe('published folders', () => {
  it('ignore leaves folders (and files) out; publish keeps only its folders and the way to them', async () => {
    const isRead = folderFilter({ publish: ['Team/Public'], ignore: ['Team/Public/Drafts', 'dist'] });
    expect(isRead('Team', true)).toBe(true);
    expect(isRead('Team/Secret.md', false)).toBe(false);
    expect(isRead('Team/Public/A.md', false)).toBe(true);
    expect(isRead('Team/Public/Drafts', true)).toBe(false);
    expect(isRead('Teamwork', true)).toBe(false);
    expect(folderFilter({ ignore: ['./dist/'] })('dist', true)).toBe(false);
    expect(folderFilter({ ignore: ['dist'] })('distant.md', false)).toBe(true);
  });

  it('the scanner never reads an ignored folder', async () => {
    const files = await scanVault(path.join(FIXTURE, 'wiki'), [], { ignore: ['Guides/Broken.md'], publish: ['Guides'] });
    expect(files.map((f) => f.path)).toEqual(['Guides/Queries.md']);
  });
});

describe('report formats', () => {
  it('GitHub annotations name the file from the repository root and escape what GitHub would read as syntax', async () => {
    const d = { file: 'a,b:c.md', line: 3, column: 7, severity: 'error' as const, code: 'sql-error' as const, message: '100% wrong\nsecond line' };
    expect(githubAnnotation(d, 'wiki')).toBe('::error file=wiki/a%2Cb%3Ac.md,line=3,col=7,title=sql-error::100%25 wrong%0Asecond line');
    expect(repoPath('', 'a.md')).toBe('a.md');
    expect(repoPath('./notes/', 'a.md')).toBe('notes/a.md');
  });

  it('repository URLs from git remotes', async () => {
    expect(repositoryWebUrl('git@github.com:team/wiki.git\n')).toBe('https://github.com/team/wiki');
    expect(repositoryWebUrl('https://gitlab.com/group/sub/wiki.git')).toBe('https://gitlab.com/group/sub/wiki');
    expect(repositoryWebUrl('https://example.org/wiki.git')).toBeUndefined();
  });
});

describe('what readers see of the repository', () => {
  it('"Edit this note" opens GitHub\'s or GitLab\'s web editor; other hosts get no link', async () => {
    expect(editUrl('https://github.com/team/wiki', 'main', 'wiki/Guides/Café 1.md')).toBe('https://github.com/team/wiki/edit/main/wiki/Guides/Caf%C3%A9%201.md');
    expect(editUrl('https://gitlab.com/group/sub/wiki.git/', 'trunk', 'a.md')).toBe('https://gitlab.com/group/sub/wiki/-/edit/trunk/a.md');
    expect(editUrl('https://example.org/wiki', 'main', 'a.md')).toBeUndefined();
  });

  it('each note\'s last author and date come from one git log; the vault\'s folder in the repository too', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-git-'));
    try {
      cpSync(FIXTURE, repo, { recursive: true });
      const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', timeout: 30_000 });
      git('init', '-q');
      git('add', '.');
      git('-c', 'user.name=Ada', '-c', 'user.email=ada@example.org', 'commit', '-qm', 'first', '--date=2024-01-02T03:04:05Z');
      writeFileSync(path.join(repo, 'wiki/Orders.md'), '# Orders\n\nChanged.\n');
      git('-c', 'user.name=Grace', '-c', 'user.email=grace@example.org', 'commit', '-qam', 'second');
      const site = await buildSite({ vaultDir: path.join(repo, 'wiki'), base: '/' });
      const by = Object.fromEntries(site.notes.map((n) => [n.path, n.updatedBy]));
      expect(by).toMatchObject({ 'Orders.md': 'Grace', 'Home.md': 'Ada', 'Guides/Queries.md': 'Ada' });
      expect(site.vaultInRepository).toBe('wiki/');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('the vault-kb command', () => {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-cli-'));
  cpSync(FIXTURE, repo, { recursive: true });
  spawnSync('git', ['init', '-q'], { cwd: repo, timeout: 30_000 });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const run = (args: string[], cwd = repo) =>
    runCommand(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 55_000 });

  it('check runs with the V8 flags of `npm run check` (WebAssembly by the baseline compiler only, docs/benchmarks.md)', () => {
    const script = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.check;
    const flags = script.split(' ').filter((word) => word.startsWith('--'));
    expect(flags).toEqual(['--no-wasm-tier-up', '--no-wasm-dynamic-tiering']);
    expect(readFileSync(BIN, 'utf8')).toContain(`const v8Flags = [${flags.map((f) => `'${f}'`).join(', ')}];`);
  });

  it('check --format github annotates the broken link and the failing snippet on their lines, from the repository root', async () => {
    // Run from the project, so the PostgreSQL data directory its tests made is reused; the vault is named.
    const result = await run(['check', path.join(repo, 'wiki'), '--format', 'github'], PROJECT_ROOT);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      '::warning file=wiki/Guides/Broken.md,line=5,col=10,title=unresolved-link::unresolved link [[Nowhere]]',
      '::error file=wiki/Guides/Broken.md,line=10,col=1,title=sql-error::22012 division by zero',
    ]);
    expect(result.stderr).toContain('pages rendered: 4');
    expect(result.status).toBe(1);
  });

  it('check --format json: a versioned document, and exit 0 on a clean vault', async () => {
    writeFileSync(path.join(repo, 'vault-kb.config.json'), '{"vault": "wiki", "ignore": ["Guides/Broken.md"]}');
    const result = await run(['check', '--format', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({ version: 1, summary: { notes: 3, notesWithSnippets: 2, errors: 0, warnings: 0 }, diagnostics: [] });
    expect(result.status).toBe(0);
  });

  it('an invalid config file: exit 2 and one line naming the key', async () => {
    writeFileSync(path.join(repo, 'vault-kb.config.json'), '{\n  "vault": "wiki",\n  "strict": "yes"\n}\n');
    const result = await run(['check']);
    expect(result.stderr.trim()).toBe('vault-kb.config.json:3:13: error: "strict" must be true or false, got "yes"');
    expect(result.status).toBe(2);
  });

  it('vault-kb.config.ts: the same object from defineConfig, typed by the package, validated by the same schema', async () => {
    rmSync(path.join(repo, 'vault-kb.config.json'), { force: true });
    // As installed: the config imports the package by its name.
    mkdirSync(path.join(repo, 'node_modules'), { recursive: true });
    symlinkSync(PROJECT_ROOT, path.join(repo, 'node_modules/vault-kb'));
    const config = (strict: string) =>
      `import { defineConfig } from 'vault-kb';\n\nexport default defineConfig({\n  vault: 'wiki' as string,\n  strict: ${strict},\n});\n`;
    writeFileSync(path.join(repo, 'vault-kb.config.ts'), config('true'));
    expect(await readVaultConfig(repo)).toEqual({ vault: 'wiki', strict: true });
    writeFileSync(path.join(repo, 'vault-kb.config.ts'), config("'yes'"));
    // What `npm init -y` writes: the config file is an ES module all the same.
    writeFileSync(path.join(repo, 'package.json'), '{ "name": "wiki", "type": "commonjs" }\n');
    const invalid = await run(['check']);
    expect(invalid.stderr.trim()).toBe('vault-kb.config.ts:5:3: error: "strict" must be true or false, got "yes"');
    expect(invalid.status).toBe(2);
    writeFileSync(path.join(repo, 'vault-kb.config.json'), '{}');
    expect((await run(['check'])).stderr.trim()).toBe('vault-kb.config.ts:1:1: error: vault-kb.config.json is there too; keep one config file');
    rmSync(path.join(repo, 'vault-kb.config.ts'));
    rmSync(path.join(repo, 'package.json'));
    rmSync(path.join(repo, 'node_modules'), { recursive: true });
  });

  it('init names the repository and its default branch for "Edit this note"', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-init-'));
    try {
      spawnSync('git', ['init', '-q', '-b', 'trunk'], { cwd: fresh, timeout: 30_000 });
      spawnSync('git', ['remote', 'add', 'origin', 'git@github.com:team/wiki.git'], { cwd: fresh, timeout: 30_000 });
      expect((await run(['init'], fresh)).status).toBe(0);
      expect(JSON.parse(readFileSync(path.join(fresh, 'vault-kb.config.json'), 'utf8'))).toMatchObject({ repository: 'https://github.com/team/wiki', branch: 'trunk' });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('--help on each command; a wrong command line exits 2', async () => {
    for (const command of ['build', 'dev', 'preview', 'check', 'init']) {
      const result = await run([command, '--help']);
      expect(result.stdout).toContain(`vault-kb ${command}`);
      expect(result.stdout).toContain('Exit codes: 0 done, 1 problems found or the build failed, 2 wrong command line or config file.');
      expect(result.status).toBe(0);
    }
    writeFileSync(path.join(repo, 'vault-kb.config.json'), '{"vault": "wiki"}');
    expect((await run(['publish'])).status).toBe(2);
    expect((await run(['check', '--format', 'xml'])).stderr).toContain('--format must be one of text, json, github, got "xml"');
    const refused = await run(['build', '--out', '.']);
    expect(refused.stderr).toContain('holds the vault');
    expect(refused.status).toBe(2);
  });
});

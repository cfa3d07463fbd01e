/**
 * vault-kb as a team installs it (issue 16): a fresh vault repository in a temporary folder
 * (git init, a few notes, a package.json) installs vault-kb from a git URL (a bare clone of
 * this project) and checks itself with it, then installs the packed tarball (`npm pack`
 * stands in for the registry) over it, runs `npx vault-kb init`, then the steps of the GitHub workflow that
 * init wrote, in order, as its runner would (actions are skipped: checkout, setup-node and
 * the caches are what this test has done itself, the Pages actions need GitHub), serves the
 * built site with `vault-kb preview` for Chromium to read, and runs the GitLab pipeline's jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../support/build.ts';
import { runCommand } from '../support/run-command.ts';
import { waitFor } from '../support/waits.ts';

const PORT = 4431;
const BASE = '/team-wiki/';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

/** `${{ … }}` expressions the workflow may use, with the values GitHub would give this repository. */
const GITHUB_EXPRESSIONS: Record<string, string> = {
  'steps.pages.outputs.base_path': BASE.replace(/\/$/, ''),
  'steps.pages.outputs.origin': 'https://team.github.io',
  // node_modules was restored (this test installed it), as on every run after the first.
  "steps.modules.outputs.cache-hit != 'true'": 'false',
};

function expand(text: string): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    const value = GITHUB_EXPRESSIONS[expression];
    if (value === undefined) throw new Error(`the test does not know the workflow's expression \${{ ${expression} }}`);
    return value;
  });
}

test.describe('the vault-kb package in a vault repository', () => {
  test.describe.configure(waitFor(10 * 60_000));
  // Made when the test runs (not when Playwright lists the tests), and removed after it.
  let temp = '';
  let repo = '';
  test.beforeAll(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-package-'));
    repo = path.join(temp, 'team-wiki');
  });
  // The project's Node first: vault-kb's bin needs Node 22.18 or newer.
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', CI: '1' };
  // Each command in its own process group with a time limit: a synchronous call here would
  // hold the test's thread, and Playwright's timeout with it, if npm or a build never ended.
  const sh = async (command: string, extra: Record<string, string> = {}, cwd = repo) => {
    const result = await runCommand('bash', ['-e', '-o', 'pipefail', '-c', command], { cwd, env: { ...env, ...extra }, timeoutMs: 5 * 60_000 });
    if (result.status !== 0) throw new Error(`\`${command}\` failed (${result.timedOut ? 'timed out' : `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  let preview: ChildProcess | undefined;

  test.afterAll(() => {
    // The whole group: npx, the vault-kb launcher, the command and Astro's server.
    if (preview?.pid && preview.exitCode === null) process.kill(-preview.pid, 'SIGTERM');
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  test('install, init, the CI steps, preview, read', async ({ page }) => {
    await test.step('a fresh vault repository installs vault-kb from a git URL, and its check runs', async () => {
      cpSync(path.join(PROJECT_ROOT, 'tests/fixtures/vault-repo/wiki'), repo, { recursive: true });
      rmSync(path.join(repo, 'Guides/Broken.md')); // the check must pass for the workflow to go on
      writeFileSync(path.join(repo, 'package.json'), '{ "name": "team-wiki", "private": true }\n');
      await sh('git init -q -b main && git remote add origin git@github.com:team/team-wiki.git');
      await sh('git add . && git -c user.name=Ada -c user.email=ada@example.org commit -qm "First notes"');
      // A bare clone of this project's last commit stands in for its repository on a git host.
      const bare = path.join(temp, 'vault-kb.git');
      await sh(`git clone --bare -q ${JSON.stringify(PROJECT_ROOT)} ${JSON.stringify(bare)}`);
      const started = Date.now();
      await sh(`npm install --prefer-offline --no-audit --no-fund --save-dev ${JSON.stringify(`git+file://${bare}`)}`);
      console.log(`npm install from the git URL: ${((Date.now() - started) / 1000).toFixed(0)} s`);
      expect(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies['vault-kb']).toMatch(/^git\+file:/);
      // Nothing to build: the package ships its sources, which Node runs as they are.
      expect(await sh('npx vault-kb check')).toContain('0 error(s), 0 warning(s)');
    });

    await test.step('the packed tarball replaces it (its dependencies are installed already)', async () => {
      const tarball = (await sh(`npm pack --silent --pack-destination ${JSON.stringify(temp)}`, {}, PROJECT_ROOT)).trim().split('\n').pop()!;
      const started = Date.now();
      await sh(`npm install --prefer-offline --no-audit --no-fund --save-dev ${JSON.stringify(path.join(temp, tarball))}`);
      console.log(`npm install of the tarball: ${((Date.now() - started) / 1000).toFixed(0)} s`);
      expect(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies['vault-kb']).toMatch(/^file:/);
      // The tarball holds the package, not this project's tests, fixtures or sample vault.
      const packaged = path.join(repo, 'node_modules/vault-kb');
      expect(readdirSync(packaged).sort()).toEqual(['README.md', 'astro.config.mjs', 'bin', 'package.json', 'public', 'python-packages.lock.json', 'src', 'tsconfig.json']);
      expect(existsSync(path.join(packaged, 'src/content'))).toBe(false);
    });

    await test.step('npx vault-kb init writes the config and the workflows', async () => {
      const out = await sh('npx vault-kb init');
      expect(out).toContain('wrote vault-kb.config.json');
      // The repository's web address comes from git's origin, for "Edit this note".
      expect(JSON.parse(readFileSync(path.join(repo, 'vault-kb.config.json'), 'utf8'))).toMatchObject({ vault: '.', outDir: 'dist', repository: 'https://github.com/team/team-wiki' });
      expect(await sh('npx vault-kb init')).toContain('kept .github/workflows/vault-kb.yml');
      expect(readFileSync(path.join(repo, '.gitignore'), 'utf8')).toContain('dist/');
    });

    await test.step('the GitHub workflow, step by step', async () => {
      const workflow = parse(readFileSync(path.join(repo, '.github/workflows/vault-kb.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
      const ran: string[] = [];
      for (const step of workflow.jobs.build!.steps) {
        if (step.if !== undefined && expand(`\${{ ${step.if} }}`) === 'false') continue;
        if (step.uses) continue;
        const command = expand(step.run!);
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)]));
        const out = await sh(command, stepEnv);
        ran.push(command);
        if (command.includes('check')) expect(out).not.toContain('::error');
      }
      expect(ran).toEqual(['npx vault-kb check --format github', `npx vault-kb build --out dist --base "${BASE}"`]);
      // What upload-pages-artifact would upload: pages under the repository's path, and no repository file.
      const home = readFileSync(path.join(repo, 'dist/index.html'), 'utf8');
      expect(home).toContain(`href="${BASE}orders/"`);
      expect(home).toContain('https://team.github.io/team-wiki/');
      for (const file of ['package.json', 'vault-kb.config.json', 'dist']) expect(existsSync(path.join(repo, 'dist', file)), file).toBe(false);
    });

    await test.step('vault-kb preview serves the site, Chromium reads it', async () => {
      preview = spawn('npx', ['vault-kb', 'preview', '--base', BASE, '--port', String(PORT)], { cwd: repo, env, detached: true, stdio: 'ignore' });
      const url = `http://127.0.0.1:${PORT}${BASE}`;
      await expect.poll(async () => (await fetch(url).catch(() => undefined))?.status, waitFor(30_000)).toBe(200);
      await page.goto(url);
      await expect(page.getByRole('heading', { name: 'Team wiki' })).toBeVisible();
      await page.locator('main').getByRole('link', { name: 'Orders', exact: true }).first().click();
      await expect(page).toHaveURL(`${url}orders/`);
      // The last change from git, and the note in the repository's web editor.
      await expect(page.locator('.note-meta')).toContainText('by Ada');
      await expect(page.getByRole('link', { name: 'Edit this note' })).toHaveAttribute('href', 'https://github.com/team/team-wiki/edit/main/Orders.md');
      // The SQL block runs on PGlite from the installed package's files.
      await page.locator('.sql-run-all').click();
      await expect(page.locator('main table').filter({ hasText: 'Ada' }).first()).toBeVisible(waitFor(30_000));
    });
    await test.step('the GitLab pipeline, job by job', async () => {
      const pipeline = parse(readFileSync(path.join(repo, '.gitlab-ci.yml'), 'utf8')) as Record<string, { stage?: string; script?: string[] }>;
      const stages = pipeline.stages as unknown as string[];
      const jobs = stages.flatMap((stage) => Object.values(pipeline).filter((job) => job?.stage === stage));
      const gitlab = { CI_PAGES_URL: 'https://team.gitlab.io/team-wiki', CI_PROJECT_NAME: 'team-wiki' };
      for (const job of jobs) await sh(job.script!.join('\n'), gitlab);
      expect(readFileSync(path.join(repo, 'public/index.html'), 'utf8')).toContain(`href="${BASE}orders/"`);
    });

  });
});

/**
 * Nothing broken ships silently: an empty or cut-short page fails the build, a note whose
 * rendering throws becomes an error diagnostic and an error page (which fail only strict builds), and `npm run check`
 * exits non-zero on any diagnostic with `path:line:col` lines.
 */
import { runProjectCli } from '../support/run-command.ts';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBuiltPages } from '../../src/shell/build-guard.ts';
import { buildFailure } from '../../src/shell/report.ts';
import { configure, getRendered, renderDiagnostics } from '../../src/shell/site-store.ts';
import { resolveConfig } from '../../src/shell/config.ts';
import { PROJECT_ROOT } from '../support/build.ts';
import { memorySite } from './helpers.ts';

const logger = { error: () => {}, info: () => {}, warn: () => {} } as never;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function outDir(pages: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-guard-'));
  dirs.push(dir);
  for (const [file, html] of Object.entries(pages)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), html);
  }
  return dir;
}

describe('build guard', () => {
  const good = '<!doctype html><html><body>ok</body></html>\n';

  it('accepts complete pages', async () => {
    await expect(checkBuiltPages(outDir({ 'index.html': good, 'a/index.html': good }), logger)).resolves.toBeUndefined();
  });

  it('fails on an empty page, naming it', async () => {
    await expect(checkBuiltPages(outDir({ 'index.html': good, 'broken/index.html': '' }), logger)).rejects.toThrow(/1 page\(s\) were written empty/);
  });

  it('fails on a page cut short', async () => {
    await expect(checkBuiltPages(outDir({ 'a/index.html': '<!doctype html><html><body><p>half' }), logger)).rejects.toThrow(/cut short/);
  });
});

describe('a note whose rendering throws', () => {
  it('becomes an error diagnostic and a visible error, not an empty page', async () => {
    configure(resolveConfig({}, {}, PROJECT_ROOT));
    const site = memorySite({ 'Fine.md': 'fine', 'Bad.md': 'bad' });
    const bad = site.note('Bad.md');
    Object.defineProperty(bad, 'body', { get: () => { throw new Error('transform exploded at <img src=x onerror=alert(1)>'); } });
    const rendered = await getRendered({ index: site.index, lang: 'en', options: { base: '/' } } as never, bad);
    expect(rendered.html).toContain('could not be rendered: transform exploded at &lt;img src=x onerror=alert(1)&gt;');
    expect(renderDiagnostics()).toEqual([
      expect.objectContaining({ file: 'Bad.md', severity: 'error', code: 'render-crash', message: 'rendering failed: transform exploded at <img src=x onerror=alert(1)>' }),
    ]);
  });
});

describe('npm run check', () => {
  // The fixture vault is trusted with MDX (see tests/support/e2e-setup.ts).
  const check = (vault: string, env: Record<string, string> = { VAULT_MDX: '1' }) =>
    runProjectCli('check', ['--vault', vault], { env, timeoutMs: 55_000 });

  it('exits 1 and prints path:line:col for each problem', async () => {
    const result = await check('tests/fixtures/vault');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Home.md:12:35: warning: unresolved link [[Нет такой заметки]] [unresolved-link]');
    expect(result.stdout).toMatch(/tests\/fixtures\/vault: \d+ notes, \d+ with SQL; \d+ error\(s\), 1 warning\(s\)/);
  });

  it('exits 0 on the sample vault, which has no problem', async () => {
    const result = await check('src/content');
    expect(result.stdout).toMatch(/ 0 error\(s\), 0 warning\(s\)\./);
    expect(result.status).toBe(0);
  });
});

describe('strict builds', () => {
  it('VAULT_STRICT=1 fails the build on a warning, after building every page', async () => {
    const { buildSite } = await import('../support/build.ts');
    const outDir = path.join(PROJECT_ROOT, '.cache/strict-build');
    rmSync(outDir, { recursive: true, force: true });
    const result = await buildSite({ vaultDir: path.join(PROJECT_ROOT, 'tests/fixtures/vault'), outDir, env: { VAULT_STRICT: '1', VAULT_MDX: '1' } });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('Home.md:12:35: warning: unresolved link [[Нет такой заметки]]');
    expect(result.output).toContain('strict mode: 1 diagnostic(s)');
  }, 120_000);
});

describe('copying the vault’s files into the site', () => {
  it('never overwrites a file the build wrote', async () => {
    const { copyPublishedFiles } = await import('../../src/shell/published-files.ts');
    const dir = outDir({ 'robots.txt': 'the site’s own' });
    const vaultFile = path.join(outDir({ 'x.txt': 'from the vault' }), 'x.txt');
    const site = { notes: [], attachments: [{ path: 'robots.txt', absPath: vaultFile, isNote: false, slug: 'robots.txt', url: '/robots.txt', size: 1 }] };
    await expect(copyPublishedFiles(site as never, dir)).rejects.toThrow(/would overwrite \/robots\.txt, which the build already wrote/);
    expect(readFileSync(path.join(dir, 'robots.txt'), 'utf8')).toBe('the site’s own');
  });
});

describe('a build that fails outright', () => {
  it('leaves no empty page behind (npm run build removes them)', async () => {
    const { removeEmptyPages } = await import('../../src/shell/build-guard.ts');
    const good = '<!doctype html><html><body>ok</body></html>\n';
    const dir = outDir({ 'index.html': good, 'tags/x/index.html': '', 'a/index.html': '', 'data.json': '' });
    expect((await removeEmptyPages(dir)).sort()).toEqual(['a/index.html', 'tags/x/index.html']);
    expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') || f.endsWith('.json')).sort()).toEqual(['data.json', 'index.html']);
  });
});

describe('what fails a build', () => {
  const crash = { file: 'Bad.md', line: 3, column: 1, severity: 'error', code: 'render-crash', message: 'rendering failed: boom' } as const;

  it('a note that failed to render does not fail a normal build (it is reported and shown as an error page)', () => {
    expect(buildFailure([crash], false)).toBeUndefined();
  });

  it('strict mode fails on any diagnostic, a crash included', () => {
    expect(buildFailure([crash], true)).toBe('strict mode: 1 diagnostic(s); see above.');
    expect(buildFailure([], true)).toBeUndefined();
  });
});

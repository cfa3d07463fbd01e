/**
 * The vault's boundary, checked on a real build (`npm run build`, Astro and Pagefind) of a
 * hostile vault: nothing from outside the vault (symbolic links to a file elsewhere and to
 * /etc/passwd) and nothing from unpublished notes (their text, a private `.mdx`, the
 * attachments only they use) is anywhere in the output, Pagefind's compressed index
 * included; vault files named like the site's own files do not replace them; bad notes (an
 * alias bomb, broken MDX, an over-long tag) are reported and the rest builds; the vault is
 * not written to. The output directory is outside the project (`--outDir DIR`, issue 20 item 11).
 */
import { type CommandResult, runProjectCli } from '../support/run-command.ts';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MARKERS = ['PRIVATE-NOTE-MARKER', 'PRIVATE-SECTION-MARKER', 'PRIVATE-MDX-MARKER', 'PRIVATE-ATTACHMENT-MARKER', 'PRIVATE-DOC-MARKER', 'privatetagmarker', 'OUTSIDE-MARKER', 'root:x:0:0'];

const bomb = (() => {
  const row = (item: string) => `[${Array(9).fill(item).join(', ')}]`;
  return `---\na: &a ${row('x')}\nb: &b ${row('*a')}\nc: &c ${row('*b')}\nd: &d ${row('*c')}\ne: ${row('*d')}\n---\nThe bomb body.\n`;
})();

const VAULT: Record<string, string> = {
  'Home.md': '# Home\n\nPUBLIC-MARKER text. ![[Secret]] [[Secret]] ![[Secret#Part]] ![[Private/Draft]]\n\n![[shared.png]]\n',
  'Secret.md': '---\npublish: no\n---\n# Secret\n\nPRIVATE-NOTE-MARKER\n\n## Part\n\nPRIVATE-SECTION-MARKER\n\n![[private-only.png]] [[doc.txt]] #privatetagmarker\n',
  'Private/Draft.mdx': '---\ndraft: "true"\ntitle: PRIVATE-MDX-MARKER title\n---\n# Private MDX\n\nPRIVATE-MDX-MARKER body\n',
  'Public.mdx': '---\ntitle: Public MDX\n---\nexport const x = 41 + 1\n\n# Public MDX\n\nThe answer is {x}.\n',
  'Broken.mdx': '# Broken\n\nText <Unclosed\n',
  'Bomb.md': bomb,
  'Tags.md': `# Tags\n\n#c #c- #${'x'.repeat(256)}\n`,
  'Folder.md': 'The folder note.',
  'att/private-only.png': 'PRIVATE-ATTACHMENT-MARKER',
  'att/doc.txt': 'PRIVATE-DOC-MARKER',
  'att/shared.png': 'shared',
  'robots.txt': 'VAULT-ROBOTS',
  'Folder/index.html': 'VAULT-FOLDER-INDEX',
};

/** Every file under `dir` with its bytes, gzip-compressed ones (Pagefind's) decompressed. */
function outputFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const abs = path.join(dir, rel);
    if (!statSync(abs).isFile()) continue;
    let bytes = readFileSync(abs);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    files.set(rel, bytes.toString('latin1'));
  }
  return files;
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((rel) => `${rel}:${statSync(path.join(dir, rel)).mtimeMs}`).sort();
}

describe('a hostile vault, built', () => {
  let root: string;
  let vault: string;
  let outDir: string;
  let result: CommandResult;
  let files: Map<string, string>;
  let before: string[];

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-hostile-'));
    vault = path.join(root, 'vault');
    outDir = path.join(root, 'site');
    for (const [rel, text] of Object.entries(VAULT)) {
      mkdirSync(path.dirname(path.join(vault, rel)), { recursive: true });
      writeFileSync(path.join(vault, rel), text);
    }
    writeFileSync(path.join(root, 'outside.md'), 'OUTSIDE-MARKER');
    symlinkSync(path.join(root, 'outside.md'), path.join(vault, 'Linked.md'));
    symlinkSync('/etc/passwd', path.join(vault, 'passwd.txt'));
    before = listing(vault);
    result = await runProjectCli('build', ['--outDir', outDir], {
      env: { VAULT_DIR: vault, VAULT_MDX: '1', BASE_PATH: '/', ASTRO_TELEMETRY_DISABLED: '1' },
      timeoutMs: 170_000,
    });
    files = existsSync(outDir) ? outputFiles(outDir) : new Map();
  }, 180_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds into a directory outside the project, search index included', () => {
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(files.has('index.html')).toBe(true);
    expect([...files.keys()].some((f) => f.startsWith('pagefind/') && f.endsWith('.pf_fragment'))).toBe(true);
  });

  it('has no byte from outside the vault or from unpublished notes anywhere, Pagefind’s index included', () => {
    const leaks = [...files].flatMap(([file, text]) => MARKERS.filter((m) => text.includes(m)).map((m) => `${file}: ${m}`));
    expect(leaks).toEqual([]);
    // The search is really read: the public note's text is found in Pagefind's fragments.
    expect([...files].some(([file, text]) => file.startsWith('pagefind/fragment/') && text.includes('PUBLIC-MARKER'))).toBe(true);
  });

  it('keeps the site’s own files: vault files named like them are published beside them', () => {
    expect(files.get('folder/index.html')).toContain('The folder note.');
    expect(files.get('folder/index-vault.html')).toBe('VAULT-FOLDER-INDEX');
    expect(files.get('robots-vault.txt')).toBe('VAULT-ROBOTS');
    // The site's own robots.txt, not the vault's.
    expect(files.get('robots.txt')).toContain('User-agent: *');
  });

  it('reports the bad notes, builds the rest, and publishes the .mdx note that compiles', () => {
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain('Bomb.md:3:8: warning: invalid frontmatter: Excessive alias count');
    expect(output).toMatch(/Broken\.mdx:3:15: error: MDX does not compile/);
    expect(output).toContain('Linked.md:1:1: warning: symbolic link to a path outside the vault (or into a hidden folder)');
    expect(output).toMatch(/Tags\.md:3:8: warning: tag #x{40}… is 256 bytes long/);
    expect(files.get('bomb/index.html')).toContain('The bomb body.');
    expect(files.get('public/index.html')).toContain('The answer is 42.');
    expect([...files.keys()].filter((f) => f.startsWith('tags/') && f.endsWith('/index.html'))).toHaveLength(4);
    expect([...files].filter(([f, text]) => f.endsWith('.html') && text.length === 0)).toEqual([]);
  });

  it('does not write into the vault', () => {
    expect(listing(vault)).toEqual(before);
  });
});

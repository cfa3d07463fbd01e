/**
 * The vault is a boundary (issue 18) and what the build reads is read as authors mean it
 * (issue 20, items 1, 7, 8): symbolic links never lead out of the vault, unpublished notes
 * take the attachments only they use with them, notes are decoded from UTF-8 or UTF-16
 * (anything else is reported where it breaks), publish flags read as Obsidian users write
 * them, and a YAML alias bomb is a diagnostic, not a crash.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostics.ts';
import { buildSite } from '../../src/node/site/build-site.ts';
import type { Site } from '../../src/core/site/model.ts';
import { decodeNote } from '../../src/core/vault/decode.ts';
import { splitFrontmatter } from '../../src/core/vault/frontmatter.ts';
import { scanVault } from '../../src/node/vault/scan.ts';
import { memorySite, tempVault, type TempVault } from './helpers.ts';

const build = (dir: string): Promise<Site> => buildSite({ vaultDir: dir, base: '/', gitDates: false });

describe('symbolic links', () => {
  let outside: string;
  let vault: TempVault;
  let site: Site;

  beforeAll(async () => {
    outside = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-outside-'));
    writeFileSync(path.join(outside, 'secret.md'), 'OUTSIDE-MARKER');
    mkdirSync(path.join(outside, 'folder'));
    writeFileSync(path.join(outside, 'folder/deep.md'), 'OUTSIDE-MARKER deep');
    vault = tempVault({ 'Home.md': 'home', 'Real/Inside.md': 'inside', 'Real/pic.png': 'png', '.git/config': 'HIDDEN-MARKER' });
    symlinkSync(path.join(vault.dir, '.git/config'), path.join(vault.dir, 'Git config.md'));
    symlinkSync(path.join(outside, 'secret.md'), path.join(vault.dir, 'Secret.md'));
    symlinkSync('/etc/passwd', path.join(vault.dir, 'passwd.txt'));
    symlinkSync(path.join(outside, 'folder'), path.join(vault.dir, 'Outside folder'));
    symlinkSync(path.join(vault.dir, 'Real/Inside.md'), path.join(vault.dir, 'Link to inside.md'));
    symlinkSync(path.join(vault.dir, 'Real'), path.join(vault.dir, 'Real link'));
    // Loops: a folder linking to its parent, and two links naming each other.
    symlinkSync(vault.dir, path.join(vault.dir, 'Real/Up'));
    symlinkSync(path.join(vault.dir, 'loop-b'), path.join(vault.dir, 'loop-a'));
    symlinkSync(path.join(vault.dir, 'loop-a'), path.join(vault.dir, 'loop-b'));
    site = await build(vault.dir);
  });

  afterAll(() => {
    vault.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  it('are not followed out of the vault, file or folder, and each is reported at path:1:1', () => {
    const paths = [...site.notes, ...site.attachments].map((f) => f.path);
    expect(paths).not.toContain('Secret.md');
    expect(paths).not.toContain('passwd.txt');
    expect(paths.some((p) => p.startsWith('Outside folder'))).toBe(false);
    expect(paths).not.toContain('Git config.md');
    expect(site.diagnostics.filter((d) => d.code === 'outside-vault').map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      'Git config.md:1:1', 'Outside folder:1:1', 'Secret.md:1:1', 'passwd.txt:1:1',
    ]);
    expect(site.diagnostics[0].message).toBe('symbolic link to a path outside the vault (or into a hidden folder); it is not followed and not published');
  });

  it('inside the vault still work, and loops end', async () => {
    const paths = (await scanVault(vault.dir)).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['Link to inside.md', 'Real link/Inside.md', 'Real link/pic.png', 'Real/Inside.md']));
    // The loop back to the vault's root is walked once at most, not forever.
    expect(paths.filter((p) => p.endsWith('Inside.md')).length).toBeLessThan(6);
    expect(paths.some((p) => p.startsWith('loop-'))).toBe(false);
  });
});

describe('unpublished notes take their attachments with them', () => {
  it('leaves out an attachment only unpublished notes link or embed, and keeps shared and unused ones', async () => {
    const vault = tempVault({
      'Home.md': 'Public, with ![[shared.png]].',
      'Private.md': '---\npublish: false\n---\nPRIVATE ![[only-private.png]] [[doc.pdf]] ![[shared.png]]',
      'Draft.mdx': '---\ndraft: yes\n---\n![[draft-only.png]]',
      'only-private.png': 'p', 'doc.pdf': 'd', 'shared.png': 's', 'draft-only.png': 'x', 'unused.png': 'u',
    });
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false, mdx: true });
      expect(site.attachments.map((a) => a.path).sort()).toEqual(['shared.png', 'unused.png']);
      expect([...site.unpublished].sort()).toEqual(['Draft.mdx', 'Private.md']);
    } finally {
      vault.remove();
    }
  });
});

describe('encodings', () => {
  const utf16 = (text: string, bigEndian: boolean) => {
    const body = Buffer.from(text, 'utf16le');
    if (bigEndian) body.swap16();
    return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]);
  };
  let vault: TempVault;
  let site: Site;

  beforeAll(async () => {
    vault = tempVault({
      'Home.md': 'See [[Little]] and [[Big]].',
      'Little.md': utf16('---\ntitle: Little endian\ntags: [utf16]\n---\nЗаметка, link to [[Home]].', false),
      'Big.md': utf16('---\ntitle: Big endian\n---\nBody, [[Home]].', true),
      'Latin1.md': Buffer.concat([Buffer.from('first line\ncaf'), Buffer.from([0xe9]), Buffer.from(' au lait')]),
      'Binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'Nul.md': Buffer.from('text\nwith a \0 in it'),
    });
    site = await build(vault.dir);
  });

  afterAll(() => vault.remove());

  it('decodes UTF-16 with a byte-order mark, little and big endian: frontmatter and links work', () => {
    const little = site.notes.find((n) => n.path === 'Little.md')!;
    expect(little.title).toBe('Little endian');
    expect(little.tags).toEqual(['utf16']);
    expect(site.notes.find((n) => n.path === 'Big.md')!.title).toBe('Big endian');
    expect(site.backlinks.get('Home.md')!.map((b) => b.from.path).sort()).toEqual(['Big.md', 'Little.md']);
    expect(site.diagnostics.filter((d) => d.file === 'Home.md')).toEqual([]);
  });

  it('reports invalid UTF-8 and binary files at the first bad byte, and leaves them out', () => {
    expect(site.diagnostics.filter((d) => d.code === 'invalid-encoding').map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}`)).toEqual([
      'Binary.md:1:1: error',
      'Latin1.md:2:4: error',
      'Nul.md:2:8: error',
    ]);
    expect(site.notes.map((n) => n.path).sort()).toEqual(['Big.md', 'Home.md', 'Little.md']);
  });

  it('names the byte in the message', () => {
    const decoded = decodeNote(new Uint8Array([0x61, 0xff]));
    expect(decoded).toEqual({ problem: { line: 1, column: 2, message: expect.stringContaining('invalid UTF-8 (byte 0xff at offset 1)') } });
  });
});

describe('publish flags, as Obsidian and YAML 1.1 users write them', () => {
  it.each([
    ['publish: "false"'], ['publish: no'], ['publish: off'], ['publish: No'], ['draft: "true"'], ['draft: yes'], ['draft: on'],
  ])('%s leaves the note out', (line) => {
    const { frontmatter, issues } = splitFrontmatter(`---\ntitle: x\n${line}\n---\nbody`);
    expect(frontmatter.publish).toBe(false);
    expect(issues).toEqual([]);
  });

  it.each([['publish: yes'], ['publish: "true"'], ['draft: no'], ['draft: "false"']])('%s publishes it', (line) => {
    expect(splitFrontmatter(`---\n${line}\n---\nbody`).frontmatter.publish).toBe(true);
  });

  it('warns at its line about a value that is not a boolean', () => {
    const { frontmatter, issues } = splitFrontmatter('---\ntitle: x\npublish: later\n---\nbody');
    expect(frontmatter.publish).toBe(true);
    expect(issues).toEqual([{ line: 3, column: 1, message: '`publish` should be true or false (or yes/no); "later" is ignored' }]);
  });

  it('reads the same spellings from a block YAML cannot parse', () => {
    for (const line of ['publish: no', "publish: 'off'", 'draft: "yes"']) {
      expect(splitFrontmatter(`---\n${line}\nbad: a: b\n---\n`).frontmatter.publish).toBe(false);
    }
  });
});

describe('a YAML alias bomb in frontmatter', () => {
  const row = (item: string) => `[${Array(9).fill(item).join(', ')}]`;
  const bomb = `---\na: &a ${row('lol')}\nb: &b ${row('*a')}\nc: &c ${row('*b')}\nd: &d ${row('*c')}\ne: ${row('*d')}\n---\nBody text. #tagged\n`;

  it('is a frontmatter diagnostic at its first alias, and the note and the rest still build', () => {
    const site = memorySite({ 'Bomb.md': bomb, 'Other.md': 'fine' });
    expect(site.codes('invalid-frontmatter').map(formatDiagnostic)).toEqual([
      'Bomb.md:3:8: warning: invalid frontmatter: Excessive alias count indicates a resource exhaustion attack; the block is ignored [invalid-frontmatter]',
    ]);
    expect(site.note('Bomb.md').tags).toEqual(['tagged']);
    expect(site.note('Other.md')).toBeDefined();
  });
});

describe('NFC and NFD twins (issue 20, item 11)', () => {
  it('keeps both notes, each with its own text, and says how their names differ', async () => {
    const vault = tempVault({ 'café.md': 'composed', 'cafe\u0301.md': 'decomposed' });
    try {
      const site = await build(vault.dir);
      expect(site.notes.map((n) => n.body).sort()).toEqual(['composed', 'decomposed']);
      expect(site.diagnostics.map((d) => d.message.normalize('NFC'))).toEqual([
        expect.stringContaining('is already used by café.md (the two file names differ only in Unicode normalisation, NFC vs NFD); published as /café-2'),
      ]);
    } finally {
      vault.remove();
    }
  });
});

describe('MDX is code (issue 20, item 9)', () => {
  const files = {
    'Home.md': 'Links to [[Page]].',
    'Page.mdx': '---\ntitle: Page\n---\nexport const p = 1\n\n# Page {p}\n',
    'Broken.mdx': '---\ntitle: Broken\n---\n# Broken\n\nText <Unclosed\n\nmore\n',
    'Duplicate.mdx': '---\ntitle: One\nlang: en\ntitle: Two\n---\n# Duplicate\n',
  };

  it('is off by default: each .mdx is reported at path:1:1 with how to enable it, and not published', async () => {
    const vault = tempVault(files);
    try {
      const site = await build(vault.dir);
      expect(site.notes.map((n) => n.path)).toEqual(['Home.md']);
      expect(site.diagnostics.filter((d) => d.code === 'mdx-disabled').map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
        'Broken.mdx:1:1', 'Duplicate.mdx:1:1', 'Page.mdx:1:1',
      ]);
      expect(site.diagnostics[0].message).toContain('VAULT_MDX=1');
    } finally {
      vault.remove();
    }
  });

  it('when enabled, publishes .mdx notes that compile and reports the others at their real line', async () => {
    const vault = tempVault(files);
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false, mdx: true });
      expect(site.notes.map((n) => n.path).sort()).toEqual(['Home.md', 'Page.mdx']);
      const [broken, duplicate] = site.diagnostics.filter((d) => d.code === 'mdx-error').map(formatDiagnostic);
      expect(broken).toMatch(/^Broken\.mdx:6:15: error: MDX does not compile: Unexpected end of file .*; the note is not published \[mdx-error\]$/);
      expect(duplicate).toBe('Duplicate.mdx:4:1: error: MDX cannot read this frontmatter (invalid frontmatter: Map keys must be unique); the note is not published [mdx-error]');
    } finally {
      vault.remove();
    }
  });

  it('is enabled by the vaultKb option or VAULT_MDX=1, never by the option for a VAULT_DIR vault', async () => {
    const { resolveConfig } = await import('../../src/shell/config.ts');
    expect(resolveConfig({}, {}, '/p').mdx).toBe(false);
    expect(resolveConfig({ mdx: true }, {}, '/p').mdx).toBe(true);
    expect(resolveConfig({ mdx: true }, { VAULT_DIR: '/v' }, '/p').mdx).toBe(false);
    expect(resolveConfig({}, { VAULT_DIR: '/v', VAULT_MDX: '1' }, '/p').mdx).toBe(true);
    expect(resolveConfig({ mdx: true }, { VAULT_MDX: '0' }, '/p').mdx).toBe(false);
  });

  it('the project options (the sample vault’s) reach neither a VAULT_DIR vault nor a vault-kb config file', async () => {
    const { resolveConfig } = await import('../../src/shell/config.ts');
    const sample = { vaultDir: 'src/content', python: true, mdx: true, title: 'Sample' };
    expect(resolveConfig(sample, {}, '/p').python).toBe(true);
    expect(resolveConfig(sample, { VAULT_DIR: '/v' }, '/p').python).toBe(false);
    expect(resolveConfig(sample, { VAULT_DIR: '/v', VAULT_PYTHON: '1' }, '/p').python).toBe(true);
    const team = resolveConfig(sample, { VAULT_KB_OPTIONS: JSON.stringify({ vaultDir: '/team' }) }, '/p');
    expect([team.vaultDir, team.python, team.mdx, team.title]).toEqual(['/team', false, false, '']);
    expect(resolveConfig(sample, { VAULT_KB_OPTIONS: JSON.stringify({ vaultDir: '/team', python: true }) }, '/p').python).toBe(true);
  });
});

describe('npm run check reports what the build reads wrongly (issue 20: items 2, 3, 7, 8)', () => {
  it('prints each at path:line:col and exits 1', async () => {
    const { runProjectCli } = await import('../support/run-command.ts');
    const vault = tempVault({
      'Home.md': 'Home #c and #c-',
      'Latin1.md': Buffer.concat([Buffer.from('line one\ncaf'), Buffer.from([0xe9])]),
      'Flag.md': '---\ntitle: Flag\npublish: later\n---\nbody',
      'Long.md': `---\ntags: [${'ж'.repeat(130)}]\n---\nbody`,
    });
    try {
      const result = await runProjectCli('check', ['--vault', vault.dir], { timeoutMs: 55_000 });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('Latin1.md:2:4: error: invalid UTF-8 (byte 0xe9 at offset 12)');
      expect(result.stdout).toContain('Flag.md:3:1: warning: `publish` should be true or false');
      expect(result.stdout).toMatch(/Long\.md:2:1: warning: tag #ж{40}… is 260 bytes long/);
      expect(result.stdout).toMatch(/Home\.md:1:13: warning: tag #c- would share the page \/tags\/c\/ with #c/);
    } finally {
      vault.remove();
    }
  });
});

/**
 * The caches of incremental builds. The render cache (src/node/site/render-cache.ts, keys
 * from src/core/render/render-key.ts): a rebuild renders again exactly the pages whose HTML
 * changed and reads the others back. What would go wrong without the link model in the key:
 * a retitled, renamed or re-headed note would leave stale links in the pages that link to
 * it, and an embedded note's edit would not reach the page that embeds it. The read cache
 * (src/node/site/read-cache.ts): a note is parsed again only when its bytes changed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSite } from '../../src/node/site/build-site.ts';
import { renderNote } from '../../src/core/render/render-note.ts';
import { siteRenderContext } from '../../src/core/render/site-context.ts';
import { RenderCache } from '../../src/node/site/render-cache.ts';
import { memorySite, tempVault } from './helpers.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A build as the store does it: each note's HTML from the cache, or rendered and kept. Says which notes were rendered. */
async function build(files: Record<string, string>) {
  const { site } = memorySite(files);
  const ctx = siteRenderContext(site);
  const cache = new RenderCache(dir, site, ctx);
  const html: Record<string, string> = {};
  const rendered: string[] = [];
  for (const note of site.notes) {
    const key = cache.keyOf(note);
    let result = await cache.get(key);
    if (!result) {
      result = await renderNote(note, ctx);
      await cache.put(key, result);
      rendered.push(note.path);
    }
    html[note.path] = result.html;
  }
  const pruned = await cache.prune();
  return { html, rendered, pruned };
}

const VAULT = {
  'A.md': '# A\n\nSee [[B]] and [[B#Setup]]. ![[C]]\n',
  'B.md': '# B\n\nText of B.\n\n## Setup\n\nSteps.\n',
  'C.md': '# C\n\nEmbedded text one.\n',
  'D.md': '# D\n\nNo links.\n',
};

describe('render cache', () => {
  it('a rebuild with nothing changed renders nothing; one changed note renders that note alone', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-render-'));
    expect((await build(VAULT)).rendered).toEqual(['A.md', 'B.md', 'C.md', 'D.md']);
    expect((await build(VAULT)).rendered).toEqual([]);
    const edited = await build({ ...VAULT, 'D.md': '# D\n\nNo links, edited.\n' });
    expect(edited.rendered).toEqual(['D.md']);
    expect(edited.html['D.md']).toContain('edited');
    // The old D's entry is removed: the cache keeps one entry per note.
    expect(edited.pruned).toBe(1);
    expect(readdirSync(dir)).toHaveLength(4);
  });

  it('retitling, renaming or re-heading a note renders the pages that link to it again', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-render-'));
    await build(VAULT);
    const before = (await build(VAULT)).html['A.md']!;
    // Retitled: the page that embeds it shows the new title.
    const retitled = await build({ ...VAULT, 'C.md': '---\ntitle: Sea\n---\n# C\n\nEmbedded text one.\n' });
    expect(retitled.rendered).toContain('A.md');
    expect(retitled.html['A.md']).toContain('>Sea</a>');
    // A new alias: any link could resolve to it now, so the pages are rendered again.
    expect((await build({ ...VAULT, 'D.md': '---\naliases: [B]\n---\n# D\n\nNo links.\n' })).rendered).toContain('A.md');
    // Renamed: A's link to B is unresolved now, and its HTML says so.
    const { 'B.md': b, ...rest } = VAULT;
    const renamed = await build({ ...rest, 'Bee.md': b });
    expect(renamed.rendered).toContain('A.md');
    expect(renamed.html['A.md']).not.toEqual(before);
    // The heading A links to is renamed: A's anchor is resolved again.
    const reheaded = await build({ ...VAULT, 'B.md': '# B\n\nText of B.\n\n## Installation\n\nSteps.\n' });
    expect(reheaded.rendered).toContain('A.md');
    expect(reheaded.html['A.md']).not.toEqual(before);
  });

  it('an embedded note\'s edit renders the page that embeds it; an edit of a linked note\'s text does not', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-render-'));
    await build(VAULT);
    const edited = { ...VAULT, 'C.md': '# C\n\nEmbedded text two.\n' };
    const embedded = await build(edited);
    expect(embedded.rendered.sort()).toEqual(['A.md', 'C.md']);
    expect(embedded.html['A.md']).toContain('Embedded text two.');
    const linked = await build({ ...edited, 'B.md': '# B\n\nOther text of B.\n\n## Setup\n\nSteps.\n' });
    expect(linked.rendered).toEqual(['B.md']);
  });

  it('a damaged entry is rendered again', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-render-'));
    await build(VAULT);
    for (const name of readdirSync(dir)) writeFileSync(path.join(dir, name), '{"html": ');
    expect((await build(VAULT)).rendered).toHaveLength(4);
  });
});

describe('read cache', () => {
  it('a note is read from the cache until its bytes change; its file date is this checkout\'s; a deleted note\'s entry goes', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-read-'));
    const vault = tempVault({ 'A.md': '# A\n\nSee [[B]].\n', 'B.md': '---\ntitle: Bee\n---\nText.\n', 'C.md': 'C.\n' });
    try {
      const build = () => buildSite({ vaultDir: vault.dir, base: '/', gitDates: false }, new Map(), undefined, dir);
      expect((await build()).notes.map((n) => n.title)).toEqual(['A', 'Bee', 'C']);
      expect(readdirSync(dir)).toHaveLength(3);
      // Mark every entry, to see which notes the next build takes from the cache.
      for (const name of readdirSync(dir)) {
        const entry = deserialize(readFileSync(path.join(dir, name))) as { result: { note: { title: string } } };
        entry.result.note.title += ' (kept)';
        writeFileSync(path.join(dir, name), serialize(entry));
      }
      vault.write('B.md', '---\ntitle: Bea\n---\nText.\n');
      utimesSync(path.join(vault.dir, 'A.md'), new Date('2030-01-02T03:04:05Z'), new Date('2030-01-02T03:04:05Z'));
      rmSync(path.join(vault.dir, 'C.md'));
      const site = await build();
      expect(site.notes.map((n) => n.title)).toEqual(['A (kept)', 'Bea']);
      expect(site.notes[0]!.updated.toISOString()).toBe('2030-01-02T03:04:05.000Z');
      // The link to the retitled note is resolved on the new title: link resolution is never cached.
      expect(site.backlinks.get('B.md')?.map((b) => b.from.path)).toEqual(['A.md']);
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      vault.remove();
    }
  });

  it('a cache that cannot be written: the build goes on with the same notes, and says so once', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-read-'));
    dir = path.join(root, 'cache');
    writeFileSync(dir, 'a file where the cache folder should be');
    const vault = tempVault({ 'A.md': '# A\n\nSee [[B]].\n', 'B.md': 'B.\n' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false }, new Map(), undefined, dir);
      expect(site.notes.map((n) => n.title)).toEqual(['A', 'B']);
      const site2 = memorySite(VAULT).site;
      const cache = new RenderCache(dir, site2, siteRenderContext(site2));
      await cache.put(cache.keyOf(site2.notes[0]!), await renderNote(site2.notes[0]!, siteRenderContext(site2)));
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([expect.stringMatching(/^vault-kb: warning: the build cache in .*cache could not be written \(.*\); this build goes on/)]);
    } finally {
      warn.mockRestore();
      vault.remove();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

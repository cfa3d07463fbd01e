/**
 * Test helpers: a vault on disk in the OS temp folder, and an in-memory site built from
 * `{ path: source }` through build-site.ts's own readNote and assembleSite, so link and
 * render tests need no file system.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic, DiagnosticCode } from '../../src/core/diagnostics.ts';
import type { LinkIndex } from '../../src/core/links/link-index.ts';
import { renderNote } from '../../src/core/render/render-note.ts';
import { assembleSite, readNote } from '../../src/node/site/build-site.ts';
import type { Attachment, Backlink, Note, Site, SiteOptions, VaultItem } from '../../src/core/site/model.ts';
import { siteRenderContext } from '../../src/core/render/site-context.ts';
import { isNotePath } from '../../src/node/vault/scan.ts';

export interface TempVault {
  dir: string;
  write(relPath: string, content: string | Buffer): void;
  remove(): void;
}

export function tempVault(files: Record<string, string | Buffer> = {}): TempVault {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-unit-'));
  const write = (relPath: string, content: string | Buffer) => {
    const abs = path.join(dir, relPath);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  };
  for (const [relPath, content] of Object.entries(files)) write(relPath, content);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface MemorySite {
  site: Site;
  notes: Note[];
  attachments: Attachment[];
  home?: Note;
  index: LinkIndex<VaultItem>;
  diagnostics: Diagnostic[];
  backlinks: Map<string, Backlink[]>;
  unpublished: Set<string>;
  note(vaultPath: string): Note;
  render(vaultPath: string): Promise<string>;
  /** Diagnostics with this code, as `file:line:col message`. */
  codes(code: DiagnosticCode): Diagnostic[];
}

/** Files whose path is not a note are attachments; their content is ignored. */
export function memorySite(files: Record<string, string>, base = '/', options: Partial<SiteOptions> = {}): MemorySite {
  const diagnostics: Diagnostic[] = [];
  const notes: Note[] = [];
  const attachments: Attachment[] = [];
  const unpublished = new Set<string>();
  // Same order as scanVault: by path, UTF-16 code units.
  for (const p of Object.keys(files).sort()) {
    if (!isNotePath(p)) {
      attachments.push({ path: p, absPath: `/vault/${p}`, isNote: false, slug: '', url: '', size: files[p].length });
      continue;
    }
    const note = readNote({ path: p, absPath: `/vault/${p}`, mtimeMs: 0, size: files[p].length }, files[p], undefined, diagnostics);
    if (note) notes.push(note);
    else unpublished.add(p);
  }
  const site = assembleSite({ vaultDir: '/vault', base, gitDates: false, ...options }, notes, attachments, unpublished, diagnostics);
  const { home, index, backlinks } = site;
  const note = (vaultPath: string) => {
    const found = notes.find((n) => n.path === vaultPath);
    if (!found) throw new Error(`no published note ${vaultPath}`);
    return found;
  };
  const ctx = siteRenderContext(site);
  return {
    site,
    notes,
    attachments,
    home,
    index,
    diagnostics,
    backlinks,
    unpublished,
    note,
    render: async (vaultPath: string) => (await renderNote(note(vaultPath), ctx)).html,
    codes: (code) => diagnostics.filter((d) => d.code === code),
  };
}

/**
 * Rendered notes kept between builds (incremental CI): one JSON file per note in the cache
 * directory, named by the note's render key (src/core/render/render-key.ts) and the
 * code's version (code-version.ts), so a build after a one-note change renders that note (and the
 * notes whose links or embeds it changed) and reads every other page's HTML back. A key
 * names everything the HTML depends on, so an entry is never updated, only written, read,
 * or removed by `prune` when a build no longer used it.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RenderContext, RenderedNote } from '../../core/render/render-note.ts';
import { noteRenderKey, siteRenderKey } from '../../core/render/render-key.ts';
import type { Note, Site } from '../../core/site/model.ts';
import { writeCacheEntry } from './cache-entry.ts';
import { codeVersion } from './code-version.ts';

/** Below the project (the Astro root), beside the social images' and PostgreSQL's caches. */
export const RENDER_CACHE_DIR = 'node_modules/.cache/vault-kb/render';

export class RenderCache {
  private readonly used = new Set<string>();
  private readonly siteKey: string;
  private readonly dir: string;
  private readonly ctx: Pick<RenderContext, 'index' | 'bodyOf'>;

  /** The cache of `site`'s rendered notes in `dir` (one folder per vault: pruning one vault's build never removes another's). */
  constructor(dir: string, site: Site, ctx: Pick<RenderContext, 'index' | 'bodyOf'>) {
    this.dir = dir;
    this.ctx = ctx;
    this.siteKey = siteRenderKey([...site.notes, ...site.attachments], {
      base: site.options.base, siteLang: site.lang, strictLineBreaks: site.options.strictLineBreaks === true,
    }) + codeVersion();
  }

  /** The file name `note`'s HTML is kept under. */
  keyOf(note: Note): string {
    return `${noteRenderKey(note, this.siteKey, this.ctx)}.json`;
  }

  /** The HTML a build rendered for the same inputs, if one did; a damaged entry is a miss. */
  async get(key: string): Promise<RenderedNote | undefined> {
    this.used.add(key);
    const text = await readFile(path.join(this.dir, key), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as RenderedNote;
    } catch {
      return undefined;
    }
  }

  /** Keeps a rendered note (see cache-entry.ts). */
  put(key: string, rendered: RenderedNote): Promise<void> {
    this.used.add(key);
    return writeCacheEntry(this.dir, key, JSON.stringify(rendered));
  }

  /** Removes what this build did not use (deleted notes, old versions), so the cache stays the size of the vault. */
  async prune(): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    // Temporary files (a dot first) may be another build's of the same vault, under way.
    const stale = names.filter((name) => !name.startsWith('.') && !this.used.has(name));
    await Promise.all(stale.map((name) => rm(path.join(this.dir, name), { force: true })));
    return stale.length;
  }
}

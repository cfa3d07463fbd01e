/**
 * The one site model of a running build or dev server, shared by the pages (which run in
 * Vite's module runner) and the integration (which runs in Astro's process) through
 * `globalThis`, so both see the same notes, diagnostics and rendered HTML.
 *
 * Dev: notes render on request; a vault change drops the model, and the next request
 * rebuilds it, re-reading only changed notes. Build: the vault is read on all cores, and
 * notes render in worker threads as Astro (building several pages at once) asks for them,
 * unless the render cache (src/node/site/render-cache.ts) has a note's HTML from an earlier
 * build with the same inputs.
 */
import path from 'node:path';
import { buildSite, type NoteCache } from '../node/site/build-site.ts';
import type { Note, Site } from '../core/site/model.ts';
import { xml } from '../core/site/discovery.ts';
import { renderNote, type RenderedNote } from '../core/render/render-note.ts';
import { siteRenderContext } from '../core/render/site-context.ts';
import { renderCrash } from '../node/site/check-vault.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { NotePool, threadsFor } from '../node/workers/pool.ts';
import type { RenderCache } from '../node/site/render-cache.ts';
import type { VaultKbConfig } from './config.ts';
import { getConfig, setConfig } from './config-store.ts';

interface Store {
  site?: Promise<Site>;
  noteCache: NoteCache;
  rendered: Map<string, Promise<RenderedNote>>;
  /** Set by a build of a big vault: notes render in worker threads as pages ask for them. */
  pool?: Promise<NotePool | undefined>;
  /**
   * Build only: rendered notes kept between builds. Made by the integration, which runs
   * unbundled (the cache finds the renderer's files from its own path), like pythonRunnable.
   */
  renderCache?: Promise<RenderCache | undefined>;
  /** Problems found while rendering (crashes), on top of the site's own diagnostics. */
  renderDiagnostics: Diagnostic[];
  /** What the sanitiser removed, per note: a note rendered twice is reported once. */
  unsafeHtml: Map<string, Diagnostic[]>;
  /**
   * Whether the site's Python blocks can run (on, and their packages in the site). Set by
   * the integration, which runs unbundled: the pages' chunks cannot reach src/node/python
   * (it finds the project's files from its own path).
   */
  pythonRunnable?: (site: Site) => Promise<boolean>;
}

const KEY = Symbol.for('vault-kb.store');
const globalStore = globalThis as unknown as Record<symbol, Store | undefined>;

function store(): Store {
  return (globalStore[KEY] ??= { noteCache: new Map(), rendered: new Map(), renderDiagnostics: [], unsafeHtml: new Map() });
}

export function configure(config: VaultKbConfig): void {
  setConfig(config);
  invalidate();
}

export function setPythonRunnable(check: (site: Site) => Promise<boolean>): void {
  store().pythonRunnable = check;
}

/** Whether `site`'s Python blocks can run in the browser (README, Python blocks). */
export function pythonRunnable(site: Site): Promise<boolean> {
  return store().pythonRunnable?.(site) ?? Promise.resolve(false);
}

export { getConfig };

export function invalidate(): void {
  const s = store();
  s.site = undefined;
  s.pool = undefined;
  s.rendered.clear();
  s.renderDiagnostics = [];
  s.unsafeHtml.clear();
}

/** Dev: the vault folder was replaced; nothing read from the old one can be trusted by its file times. */
export function forgetNotes(): void {
  store().noteCache.clear();
  invalidate();
}

function siteOptions() {
  const { vaultDir, base, lang, mdx, strictLineBreaks, folders } = getConfig();
  return { vaultDir, base, lang, mdx, strictLineBreaks, folders };
}

export function getSite(): Promise<Site> {
  const s = store();
  if (!s.site) {
    s.site = buildSite(siteOptions(), s.noteCache);
    s.site.catch(() => (s.site = undefined));
  }
  return s.site;
}

/**
 * Build only: read and analyse the vault, and then render its notes, on every core. The
 * caches of incremental builds: notes an earlier build read (`readCacheDir`) are not parsed
 * again, and notes it rendered with the same inputs (`renderCache`) are not rendered again.
 */
export function prepareBuild({ readCacheDir, renderCache }: { readCacheDir?: string; renderCache?: (site: Site) => RenderCache } = {}): void {
  const s = store();
  const threads = threadsFor(Infinity);
  const pool = threads > 1 ? new NotePool(threads) : undefined;
  s.site = buildSite(siteOptions(), s.noteCache, pool?.readNotes, readCacheDir);
  s.renderCache = renderCache && s.site.then(renderCache);
  s.pool = s.site.then(async (site) => {
    if (pool && threadsFor(site.notes.length) > 1) {
      pool.useSite(site);
      return pool;
    }
    await pool?.close();
    return undefined;
  });
}

/** Build only: stops the render threads; the render cache forgets the notes this build did not use. */
export async function finishBuild(): Promise<void> {
  const s = store();
  const pool = await s.pool;
  s.pool = undefined;
  await pool?.close();
  const cache = await s.renderCache?.catch(() => undefined);
  s.renderCache = undefined;
  await cache?.prune();
}

export function siteTitle(site: Site): string {
  return getConfig().title || site.home?.title || path.basename(site.options.vaultDir);
}


/**
 * A crash inside a transform becomes an error diagnostic and a visible error on the page;
 * the rest of the site still builds (only strict mode fails, see report.ts).
 */
function renderFailure(note: Note, message: string): RenderedNote {
  store().renderDiagnostics.push(renderCrash(note.path, message));
  return { html: `<p class="render-error" role="alert">This note could not be rendered: ${xml(message)}</p>`, toc: [], diagnostics: [] };
}

function rendered(note: Note, result: RenderedNote): RenderedNote {
  store().unsafeHtml.set(note.path, result.diagnostics);
  return result;
}

/** A note's HTML: from the render cache, a build's render threads, or rendered here (and kept, in dev). */
export async function getRendered(site: Site, note: Note): Promise<RenderedNote> {
  const s = store();
  const cache = await s.renderCache;
  const key = cache?.keyOf(note);
  const kept = key ? await cache!.get(key) : undefined;
  if (kept) return rendered(note, kept);
  const pool = await s.pool;
  if (pool) {
    const outcome = await pool.render(note.path);
    if ('error' in outcome) return renderFailure(note, outcome.error);
    if (key) await cache!.put(key, outcome.rendered);
    return rendered(note, outcome.rendered);
  }
  if (key) {
    // A build without threads (a small vault): rendered once, kept for the next build.
    const result = await renderNote(note, siteRenderContext(site)).catch((error: Error) => error);
    if (result instanceof Error) return renderFailure(note, result.message);
    await cache!.put(key, result);
    return rendered(note, result);
  }
  let result = s.rendered.get(note.path);
  if (!result) {
    result = renderNote(note, siteRenderContext(site)).then(
      (result) => rendered(note, result),
      (error: Error) => renderFailure(note, error.message),
    );
    s.rendered.set(note.path, result);
  }
  return result;
}

export function renderDiagnostics(): Diagnostic[] {
  const s = store();
  return [...s.renderDiagnostics, ...[...s.unsafeHtml.values()].flat()];
}

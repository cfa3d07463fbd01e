/**
 * The one site model of a running build or dev server, shared by the pages (which run in
 * Vite's module runner) and the integration (which runs in Astro's process) through
 * `globalThis`, so both see the same notes, diagnostics and rendered HTML. A vault change
 * in dev drops the model; the next request rebuilds it, re-reading only changed notes.
 */
import path from 'node:path';
import { buildSite, type NoteCache } from '../core/site/build-site.ts';
import type { Note, Site } from '../core/site/model.ts';
import { renderNote, type RenderContext, type RenderedNote } from '../core/render/render-note.ts';
import { tagKey, tagUrl } from '../core/site/tags.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { VaultKbConfig } from './config.ts';

interface Store {
  config?: VaultKbConfig;
  site?: Promise<Site>;
  noteCache: NoteCache;
  rendered: Map<string, Promise<RenderedNote>>;
  /** Problems found while rendering (crashes), on top of the site's own diagnostics. */
  renderDiagnostics: Diagnostic[];
}

const KEY = Symbol.for('vault-kb.store');
const globalStore = globalThis as unknown as Record<symbol, Store | undefined>;

function store(): Store {
  return (globalStore[KEY] ??= { noteCache: new Map(), rendered: new Map(), renderDiagnostics: [] });
}

export function configure(config: VaultKbConfig): void {
  const s = store();
  s.config = config;
  invalidate();
}

export function getConfig(): VaultKbConfig {
  const config = store().config;
  if (!config) throw new Error('vault-kb: the integration has not been configured (is it listed in astro.config.mjs?)');
  return config;
}

export function invalidate(): void {
  const s = store();
  s.site = undefined;
  s.rendered.clear();
  s.renderDiagnostics = [];
}

export function getSite(): Promise<Site> {
  const s = store();
  if (!s.site) {
    const config = getConfig();
    s.site = buildSite({ vaultDir: config.vaultDir, base: config.base, lang: config.lang }, s.noteCache);
    s.site.catch(() => (s.site = undefined));
  }
  return s.site;
}

export function siteTitle(site: Site): string {
  return getConfig().title || site.home?.title || path.basename(site.options.vaultDir);
}

export function renderContext(site: Site): RenderContext {
  return { index: site.index, tagUrl: (name: string) => tagUrl(site.options.base, tagKey(name)), bodyOf: (n: Note) => n.body };
}

/**
 * A note's HTML. A crash inside a transform becomes an error diagnostic and a visible
 * error on the page; the build guard then fails the build instead of shipping it.
 */
export function getRendered(site: Site, note: Note): Promise<RenderedNote> {
  const s = store();
  let result = s.rendered.get(note.path);
  if (!result) {
    result = renderNote(note, renderContext(site)).catch((error: Error) => {
      s.renderDiagnostics.push({
        file: note.path, line: 1, column: 1, severity: 'error', code: 'render-crash',
        message: `rendering failed: ${error.message}`,
      });
      return { html: `<p class="render-error" role="alert">This note could not be rendered: ${escape(error.message)}</p>`, toc: [] };
    });
    s.rendered.set(note.path, result);
  }
  return result;
}

export function renderDiagnostics(): Diagnostic[] {
  return store().renderDiagnostics;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `.mdx` notes of the vault, as an Astro content collection so the MDX integration compiles
 * them (components and all). `.md` notes do not go through here: the core renders them.
 * Only the `.mdx` notes the site publishes are loaded: none unless MDX is enabled (it is
 * code), never an unpublished one, never one that does not compile (build-site.ts checks
 * each first; one broken note must not stop the build).
 *
 * The collection always exists, so every build and dev start syncs it: Astro keeps the
 * collection's entries (and the MDX modules it imports) between runs, and a run on another
 * vault must replace them, not inherit them. A vault without `.mdx` files gets an empty
 * collection instead of the glob loader's "no files found" warning.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
import { readdirSync } from 'node:fs';
import path from 'node:path';
// Only the configuration here: the site model's module is loaded when the vault has `.mdx`
// notes to load (config-store.ts says why).
import { getConfig } from './shell/config-store.ts';

const { vaultDir, mdx } = getConfig();

function hasMdx(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some(
    (p) => p.toLowerCase().endsWith('.mdx') && !p.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules'),
  );
}

/** A file path as a glob pattern that matches only itself (names may hold `[`, `(`, `*`…). */
function literalPattern(relPath: string): string {
  return relPath.replace(/[\\()[\]{}*?!+@|]/g, '\\$&');
}

/**
 * Loads the published `.mdx` notes, by their exact paths. Without the glob loader's own
 * watcher: it would follow only the files of its first run.
 */
async function loadPublished(context: LoaderContext): Promise<void> {
  const published = mdx && hasMdx(vaultDir) ? (await (await import('./shell/site-store.ts')).getSite()).notes.filter((n) => n.isMdx) : [];
  if (published.length === 0) return context.store.clear();
  const pattern = published.map((n) => literalPattern(path.relative(vaultDir, n.absPath).split(path.sep).join('/')));
  return glob({ pattern, base: vaultDir, generateId: ({ entry }) => entry }).load({ ...context, watcher: undefined });
}

const vaultMdxLoader: Loader = {
  name: 'vault-mdx',
  load: async (context) => {
    await loadPublished(context);
    // Dev: an `.mdx` note added, edited, fixed or (un)published changes the list; load it again
    // (the integration's watcher has already dropped the site model by then).
    context.watcher?.on('all', (_event, file) => {
      if (!file.toLowerCase().endsWith('.mdx') || path.relative(vaultDir, file).startsWith('..')) return;
      loadPublished(context).catch((error: Error) => context.logger.error(`vault .mdx notes: ${error.message}`));
    });
  },
};

export const collections = { vaultMdx: defineCollection({ loader: vaultMdxLoader }) };

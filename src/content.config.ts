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
import type { Loader } from 'astro/loaders';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { getConfig, getSite } from './shell/store.ts';

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

const vaultMdxLoader: Loader = {
  name: 'vault-mdx',
  load: async (context) => {
    const published = mdx && hasMdx(vaultDir) ? (await getSite()).notes.filter((n) => n.isMdx) : [];
    if (published.length === 0) return context.store.clear();
    const pattern = published.map((n) => literalPattern(path.relative(vaultDir, n.absPath).split(path.sep).join('/')));
    return glob({ pattern, base: vaultDir, generateId: ({ entry }) => entry }).load(context);
  },
};

export const collections = { vaultMdx: defineCollection({ loader: vaultMdxLoader }) };

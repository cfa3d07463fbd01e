/**
 * `.mdx` notes of the vault, as an Astro content collection so the MDX integration compiles
 * them (components and all). `.md` notes do not go through here: the core renders them.
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
import { getConfig } from './shell/store.ts';

const { vaultDir } = getConfig();

function hasMdx(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some(
    (p) => p.toLowerCase().endsWith('.mdx') && !p.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules'),
  );
}

const mdxFiles = glob({ pattern: ['**/*.mdx', '!**/.*/**', '!**/node_modules/**'], base: vaultDir, generateId: ({ entry }) => entry });

const vaultMdxLoader: Loader = {
  name: 'vault-mdx',
  load: async (context) => {
    if (hasMdx(vaultDir)) return mdxFiles.load(context);
    context.store.clear();
  },
};

export const collections = { vaultMdx: defineCollection({ loader: vaultMdxLoader }) };

/**
 * `.mdx` notes of the vault, as an Astro content collection so the MDX integration compiles
 * them (components and all). `.md` notes do not go through here: the core renders them.
 * The collection only exists when the vault has `.mdx` files, so other vaults build without
 * the loader's "no files found" warning.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { readdirSync } from 'node:fs';
import { getConfig } from './shell/store.ts';

const { vaultDir } = getConfig();

function hasMdx(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some(
    (p) => p.toLowerCase().endsWith('.mdx') && !p.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules'),
  );
}

export const collections = hasMdx(vaultDir)
  ? { vaultMdx: defineCollection({ loader: glob({ pattern: ['**/*.mdx', '!**/.*/**', '!**/node_modules/**'], base: vaultDir, generateId: ({ entry }) => entry }) }) }
  : {};

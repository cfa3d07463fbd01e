/**
 * Where a build keeps what it read and rendered for the next build of the same vault: one
 * folder per vault (named by a hash of its absolute path) below the project's
 * `node_modules/.cache/vault-kb`, so building another vault never starts from this one's
 * entries. The benchmarks empty these folders to measure a cold build.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { READ_CACHE_DIR } from './read-cache.ts';
import { RENDER_CACHE_DIR } from './render-cache.ts';

export function vaultCacheName(vaultDir: string): string {
  return `vault-${createHash('sha256').update(vaultDir).digest('hex').slice(0, 12)}`;
}

/** The read and render caches of the vault at `vaultDir` (absolute), in the project at `projectRoot`. */
export function vaultCacheDirs(projectRoot: string, vaultDir: string): { read: string; render: string } {
  const name = vaultCacheName(vaultDir);
  return { read: path.join(projectRoot, READ_CACHE_DIR, name), render: path.join(projectRoot, RENDER_CACHE_DIR, name) };
}

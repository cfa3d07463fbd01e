/**
 * Writes one entry of a build cache (read-cache.ts, render-cache.ts). An entry goes under a
 * temporary name first (a dot first, this process and thread in it, so neither prune removes
 * another build's entry under way) and is renamed into place, so a stopped build leaves no half
 * file. A cache that cannot be written (a full disk, a read-only node_modules) costs the next
 * build its speed, never this build: one warning per thread, and the build goes on.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

let warned = false;

export async function writeCacheEntry(dir: string, name: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(dir, `.${name}.${process.pid}.${threadId}`);
  try {
    // The folder is made when a write finds it missing, not before every write: a build
    // writes thousands of entries into one folder, and a mkdir each cost a third of a second.
    await writeFile(temp, data).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true });
      await writeFile(temp, data);
    });
    await rename(temp, path.join(dir, name));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (warned) return;
    warned = true;
    console.warn(`vault-kb: warning: the build cache in ${dir} could not be written (${(error as Error).message}); this build goes on, the next one starts without it`);
  }
}

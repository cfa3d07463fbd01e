/**
 * Writes a build's service worker (src/core/site/service-worker.ts) into its output, with
 * the build's version: a hash of the output's file paths and sizes (Vite's file names carry
 * their content's hash; PostgreSQL's and Python's files change size when they change), so a
 * rebuild whose files are the same keeps the readers' caches, and any other replaces them.
 */
import { createHash } from 'node:crypto';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SERVICE_WORKER_FILE, serviceWorkerSource } from '../core/site/service-worker.ts';

/** The same files, the same version. `files`: [path, size]. */
export function buildVersion(files: readonly (readonly [string, number])[]): string {
  const hash = createHash('sha256');
  for (const [file, size] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${file}\0${size}\n`);
  return hash.digest('hex').slice(0, 16);
}

export async function writeServiceWorker(outDir: string): Promise<string> {
  const files: [string, number][] = [];
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(outDir, file).split(path.sep).join('/');
    if (relative !== SERVICE_WORKER_FILE) files.push([relative, (await stat(file)).size]);
  }
  const version = buildVersion(files);
  await writeFile(path.join(outDir, SERVICE_WORKER_FILE), serviceWorkerSource(version));
  return version;
}

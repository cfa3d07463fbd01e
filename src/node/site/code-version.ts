/**
 * The version of the code that turns notes into a site model and HTML, for the keys of the
 * build caches (read-cache.ts, render-cache.ts): the text of every file of the core (the
 * parser, the renderer, the string tables, the link rules), the files reading a vault here
 * in src/node, this package's package.json, the lock file of the packages it runs with
 * (remark, Shiki, …) and the V8 version (the read cache's format). Any change reads and
 * renders every note again. ~250 files, a few milliseconds, once per thread.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '../..');
const PACKAGE_ROOT = path.dirname(SRC);
const FOLDERS = ['core', 'node/site', 'node/vault'];

/** The lock file that pins the packages: the project's, or that of the vault repository that installed it. */
function lockFile(): string | undefined {
  for (let dir = PACKAGE_ROOT; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package-lock.json');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

let version: string | undefined;

export function codeVersion(): string {
  if (version) return version;
  const hash = createHash('sha256').update(`${process.versions.v8}\0`);
  const files = FOLDERS.flatMap((folder) =>
    (readdirSync(path.join(SRC, folder), { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name)),
  ).sort();
  const lock = lockFile();
  for (const file of [...files, path.join(PACKAGE_ROOT, 'package.json'), ...(lock ? [lock] : [])]) {
    hash.update(`${path.relative(PACKAGE_ROOT, file)}\0`).update(readFileSync(file)).update('\0');
  }
  version = hash.digest('hex').slice(0, 16);
  return version;
}

/**
 * What reading a note produced (phase one: frontmatter, the parse, headings, links, tags,
 * language), kept between builds (incremental CI), so a rebuild parses only the notes whose
 * bytes changed. One file per note, named by a hash of its vault path and holding the key it
 * was made for: its bytes, its path, its date from git and the code's version
 * (code-version.ts). A file's modification time is not in the key: a CI checkout gives every
 * file a new one; a note dated by it gets the current one back. Stored with V8's serializer,
 * which keeps the frontmatter's dates as dates.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Note } from '../../core/site/model.ts';
import type { VaultFile } from '../vault/scan.ts';
import { writeCacheEntry } from './cache-entry.ts';
import { codeVersion } from './code-version.ts';

/** What build-site.ts's ReadResult has that depends on the checkout rather than the note's bytes. */
type Kept = { note: Pick<Note, 'absPath' | 'updated' | 'updatedFrom'> | undefined };

/** Below the project (the Astro root), beside the render cache. */
export const READ_CACHE_DIR = 'node_modules/.cache/vault-kb/notes';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const entryName = (vaultPath: string) => `${sha256(vaultPath).slice(0, 32)}.bin`;

export function readKey(file: VaultFile, bytes: Uint8Array, gitDate: Date | undefined): string {
  return sha256(`${codeVersion()}\0${file.path}\0${gitDate?.toISOString() ?? ''}\0${sha256(bytes)}`);
}

/** The kept result for `key`, with this checkout's absolute path and file date; undefined when there is none. */
export async function cachedRead<R extends Kept>(dir: string, file: VaultFile, key: string): Promise<R | undefined> {
  const bytes = await readFile(path.join(dir, entryName(file.path))).catch(() => undefined);
  if (!bytes) return undefined;
  let entry: { key: string; result: R };
  try {
    entry = deserialize(bytes) as typeof entry;
  } catch {
    return undefined;
  }
  if (entry.key !== key) return undefined;
  const { note } = entry.result;
  if (note) {
    note.absPath = file.absPath;
    if (note.updatedFrom === 'file') note.updated = new Date(file.mtimeMs);
  }
  return entry.result;
}

/** Keeps `result` for `key`, replacing the note's earlier entry (see cache-entry.ts). */
export function keepRead(dir: string, file: VaultFile, key: string, result: Kept): Promise<void> {
  return writeCacheEntry(dir, entryName(file.path), serialize({ key, result }));
}

/** Removes the entries of notes that are no longer in the vault. */
export async function pruneReads(dir: string, vaultPaths: readonly string[]): Promise<void> {
  const kept = new Set(vaultPaths.map(entryName));
  const names = await readdir(dir).catch(() => [] as string[]);
  // Temporary files (a dot first) may be another build's of the same vault, under way.
  const stale = names.filter((name) => !name.startsWith('.') && !kept.has(name));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
}

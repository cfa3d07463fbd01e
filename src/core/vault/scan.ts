/**
 * Lists the files of a vault the way Obsidian sees them: hidden files and folders
 * (`.obsidian`, `.git`, `.trash`, …) are not part of the vault, nor is `node_modules`.
 * Only reads; the build never writes inside the vault.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface VaultFile {
  /** Vault-relative path with `/` separators, NFC-normalised (macOS writes NFD names). */
  path: string;
  absPath: string;
  mtimeMs: number;
  size: number;
}

const NOTE_EXTENSIONS = new Set(['.md', '.mdx']);

export function isNotePath(p: string): boolean {
  return NOTE_EXTENSIONS.has(path.posix.extname(p).toLowerCase());
}

function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

export async function scanVault(root: string): Promise<VaultFile[]> {
  const files: VaultFile[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        if (isIgnoredName(entry.name)) return;
        const abs = path.join(dir, entry.name);
        const relPath = rel ? `${rel}/${entry.name.normalize('NFC')}` : entry.name.normalize('NFC');
        if (entry.isDirectory()) return walk(abs, relPath);
        if (!entry.isFile() && !entry.isSymbolicLink()) return;
        const info = await stat(abs).catch(() => undefined);
        if (!info?.isFile()) return;
        files.push({ path: relPath, absPath: abs, mtimeMs: info.mtimeMs, size: info.size });
      }),
    );
  }
  await walk(root, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

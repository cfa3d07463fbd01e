/**
 * Lists the files of a vault the way Obsidian sees them: hidden files and folders
 * (`.obsidian`, `.git`, `.trash`, …) are not part of the vault, nor is `node_modules`.
 * Only reads; the build never writes inside the vault.
 *
 * The vault is a boundary: a symbolic link (to a file or a folder) is followed only when
 * its real path is inside the vault, and not in a hidden folder, so a link to `/etc/passwd`,
 * to a folder elsewhere or to `.git/config` never reaches the site; it is reported instead. A folder link that leads back to a folder
 * being walked (a loop) is not followed again.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.ts';
import { folderFilter, type FolderRules } from '../../core/vault/folders.ts';

export interface VaultFile {
  /** Vault-relative path with `/` separators, NFC-normalised (macOS writes NFD names) unless another file has that NFC path. */
  path: string;
  absPath: string;
  mtimeMs: number;
  size: number;
}

const NOTE_EXTENSIONS = new Set(['.md', '.mdx']);

export function isNotePath(p: string): boolean {
  return NOTE_EXTENSIONS.has(path.posix.extname(p).toLowerCase());
}

export function isMdxPath(p: string): boolean {
  return p.toLowerCase().endsWith('.mdx');
}

function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Whether `target` is part of the vault at `root`: inside it, and not in a hidden folder (`.git/config`). */
function isInVault(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).some(isIgnoredName));
}

/** The vault's files, sorted by path; symbolic links that leave the vault are reported into `diagnostics`. */
export async function scanVault(root: string, diagnostics: Diagnostic[] = [], folders?: FolderRules): Promise<VaultFile[]> {
  const files: VaultFile[] = [];
  const isRead = folderFilter(folders);
  const realRoot = await realpath(root);
  /** `realDir`: `dir` with links resolved; `ancestors`: the real paths of the folders on the way down, to stop loops. */
  async function walk(dir: string, realDir: string, rel: string, ancestors: ReadonlySet<string>): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        if (isIgnoredName(entry.name)) return;
        const abs = path.join(dir, entry.name);
        const relPath = rel ? `${rel}/${entry.name.normalize('NFC')}` : entry.name.normalize('NFC');
        if (!isRead(relPath, entry.isDirectory() || entry.isSymbolicLink())) return;
        if (entry.isSymbolicLink()) {
          // A dangling link or a chain of links that loops has no real path: nothing to read.
          const real = await realpath(abs).catch(() => undefined);
          if (real === undefined) return;
          if (!isInVault(realRoot, real)) {
            diagnostics.push({
              file: relPath, line: 1, column: 1, severity: 'warning', code: 'outside-vault',
              message: 'symbolic link to a path outside the vault (or into a hidden folder); it is not followed and not published',
            });
            return;
          }
          const info = await stat(real).catch(() => undefined);
          if (info?.isDirectory()) return ancestors.has(real) ? undefined : walk(abs, real, relPath, new Set([...ancestors, real]));
          if (info?.isFile()) files.push({ path: relPath, absPath: abs, mtimeMs: info.mtimeMs, size: info.size });
          return;
        }
        if (entry.isDirectory()) {
          const realSub = path.join(realDir, entry.name);
          return walk(abs, realSub, relPath, new Set([...ancestors, realSub]));
        }
        if (!entry.isFile()) return;
        const info = await stat(abs).catch(() => undefined);
        if (info?.isFile()) files.push({ path: relPath, absPath: abs, mtimeMs: info.mtimeMs, size: info.size });
      }),
    );
  }
  await walk(root, realRoot, '', new Set([realRoot]));
  // Two names that differ only in Unicode normalisation (`café.md` composed and decomposed)
  // would share one path: the decomposed one keeps the bytes of its name, so both stay
  // apart and the URL check names the difference.
  const byPath = new Map<string, number>();
  for (const file of files) byPath.set(file.path, (byPath.get(file.path) ?? 0) + 1);
  for (const file of files) {
    const written = path.relative(root, file.absPath).split(path.sep).join('/');
    if (byPath.get(file.path)! > 1 && written !== file.path) file.path = written;
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * `/`-separated path helpers for vault paths, with exactly the results of Node's
 * `path.posix` (tests/unit/vault-path.test.ts compares them on every short path), so the
 * core needs no Node module. Hand-written because the browser-safe libraries differ:
 * pathe turns `\` into `/` (a legal character in a vault file name) and gives `a/.bashrc`
 * an extension; path-browserify has had no release since 2020.
 */

/** The last segment, trailing slashes ignored: `a/b.md/` → `b.md`. */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `a/b.md` → `.md`; a leading dot names a file, it does not start an extension (`.obsidian` → ``). */
export function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return base === '..' || dot <= 0 ? '' : base.slice(dot);
}

/** The folder part: `a/b.md` → `a`, `b.md` → `.`, `/b.md` → `/`. */
export function dirname(path: string): string {
  if (path === '') return '.';
  const hasRoot = path.startsWith('/');
  let end = -1;
  let inName = false;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] !== '/') inName = true;
    else if (inName) {
      end = i;
      break;
    }
  }
  if (end === -1) return hasRoot ? '/' : '.';
  if (hasRoot && end === 1) return '//';
  return path.slice(0, end);
}

/** `join` then `normalize`: `.` and empty segments dropped, `..` taken back, `..` kept above a relative start. */
export function joinPath(folder: string, relative: string): string {
  const path = [folder, relative].filter((part) => part !== '').join('/') || '.';
  const absolute = path.startsWith('/');
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') kept.push(segment);
    else if (kept.length > 0 && kept[kept.length - 1] !== '..') kept.pop();
    else if (!absolute) kept.push('..');
  }
  const joined = kept.join('/');
  const trailing = path.endsWith('/') ? '/' : '';
  if (absolute) return `/${joined}${joined === '' ? '' : trailing}`;
  if (joined === '') return trailing ? './' : '.';
  return joined + trailing;
}

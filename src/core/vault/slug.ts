/**
 * URLs for vault files. A segment keeps letters (any script, so Cyrillic stays readable),
 * digits, `_`, `.` and `-`; everything else, spaces included, becomes `-`. Names that
 * differ only by case or punctuation can collide: the site model reports and separates them.
 */
import { extname } from './vault-path.ts';

export function slugifySegment(segment: string): string {
  return segment
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '');
}

/** `Folder/My Note.md` → `folder/my-note`. */
export function noteSlug(vaultPath: string): string {
  const withoutExt = vaultPath.slice(0, vaultPath.length - extname(vaultPath).length);
  return withoutExt.split('/').map(slugifySegment).join('/');
}

/** `Attachments/Pasted image 1.PNG` → `attachments/pasted-image-1.png`: the extension stays, so hosts send the right type. */
export function fileSlug(vaultPath: string): string {
  const ext = extname(vaultPath);
  const dirs = vaultPath.slice(0, vaultPath.length - ext.length).split('/');
  const name = dirs.pop() ?? '';
  return [...dirs.map(slugifySegment), `${slugifySegment(name) || 'file'}${ext.toLowerCase()}`].join('/');
}

/** Characters some hosts or Astro's router cannot serve in a file name (Astro skips names with `?`). */
const UNSERVABLE = /[?#%\\]/;

export function unservableCharacters(vaultPath: string): string[] {
  return [...new Set([...vaultPath].filter((c) => UNSERVABLE.test(c)))];
}

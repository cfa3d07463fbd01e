/** What an embedded file is, by extension, as Obsidian decides it. */
import { extname } from '../vault/vault-path.ts';

export type MediaKind = 'image' | 'audio' | 'video' | 'pdf' | 'other';

const KINDS: Record<string, MediaKind> = {};
for (const ext of ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'svg', 'webp', 'avif', 'ico']) KINDS[ext] = 'image';
for (const ext of ['mp3', 'wav', 'm4a', 'ogg', '3gp', 'flac', 'aac', 'opus']) KINDS[ext] = 'audio';
for (const ext of ['mp4', 'webm', 'ogv', 'mov', 'mkv']) KINDS[ext] = 'video';
KINDS.pdf = 'pdf';

export function mediaKind(filePath: string): MediaKind {
  return KINDS[extname(filePath).slice(1).toLowerCase()] ?? 'other';
}

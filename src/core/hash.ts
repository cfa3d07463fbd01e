/**
 * SHA-256 as hex, for names derived from content (tag URLs, social image files). From
 * @noble/hashes rather than node:crypto so the core stays free of Node modules; the bytes
 * are the same (UTF-8 input), so existing URLs and cached files keep their names.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256OfText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

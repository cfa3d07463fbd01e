/**
 * Tag pages: one per tag, nested tags rolling up into their parents (`#sql/joins` is
 * also listed under `#sql`), identity ignoring case as in Obsidian.
 *
 * Every tag keeps its own page. A segment whose slug is the tag itself (`sql`, `тег`)
 * is its URL; one the slug changes (`c++`, `c-`, `a b`, all `c` or `a-b` as slugs) or
 * that is too long for a file name gets a short hash of the tag, so the URL depends on
 * the tag alone (the renderer and worker threads compute it without the site) and two
 * tags never share a page. Both cases are reported, at the tag.
 */
import { sha256OfText } from '../hash.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { slugifySegment } from '../vault/slug.ts';
import type { Note, TagInfo } from './model.ts';
import { urlPath } from './urls.ts';

/** File systems allow 255 bytes per name; a tag's segment stays well under, hash included. */
const MAX_SEGMENT_BYTES = 100;
const HASH_LENGTH = 8;

export function tagKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The longest prefix of `text` within `bytes` UTF-8 bytes, cut between characters. */
function truncateUtf8(text: string, bytes: number): string {
  let out = '';
  for (const char of text) {
    if (utf8Length(out + char) > bytes) break;
    out += char;
  }
  return out;
}

function plainSegment(segment: string): string {
  return slugifySegment(segment) || '-';
}

function segmentSlug(segment: string): string {
  const plain = plainSegment(segment);
  if (plain === segment && utf8Length(plain) <= MAX_SEGMENT_BYTES) return plain;
  const hash = sha256OfText(segment).slice(0, HASH_LENGTH);
  return `${truncateUtf8(plain, MAX_SEGMENT_BYTES - HASH_LENGTH - 1)}-${hash}`;
}

export function tagUrl(base: string, key: string): string {
  return `${urlPath(base, ['tags', ...key.split('/').map(segmentSlug)].join('/'))}/`;
}

/**
 * Tags whose page is not at their plain slug: too long for a file name, or sharing that
 * slug with another tag. Reported once per tag, at its first place in the vault.
 */
export function tagUrlDiagnostics(notes: readonly Note[], base: string): Diagnostic[] {
  const first = new Map<string, { note: Note; name: string; line: number; column: number }>();
  for (const note of notes) for (const place of note.tagPlaces) if (!first.has(tagKey(place.name))) first.set(tagKey(place.name), { note, ...place });
  const plainUrl = (key: string) => `${urlPath(base, ['tags', ...key.split('/').map(plainSegment)].join('/'))}/`;
  const byPlainUrl = new Map<string, string[]>();
  for (const key of first.keys()) byPlainUrl.set(plainUrl(key), [...(byPlainUrl.get(plainUrl(key)) ?? []), key]);
  const diagnostics: Diagnostic[] = [];
  for (const [key, at] of first) {
    const url = tagUrl(base, key);
    const plain = plainUrl(key);
    if (url === plain) continue;
    const report = (message: string) =>
      diagnostics.push({ file: at.note.path, line: at.line, column: at.column, severity: 'warning', code: 'tag-url', message });
    if (key.split('/').some((segment) => utf8Length(plainSegment(segment)) > MAX_SEGMENT_BYTES)) {
      report(`tag #${at.name.slice(0, 40)}… is ${utf8Length(at.name)} bytes long, too long for a file name; its page is ${decodeURI(url)}`);
    } else {
      const others = byPlainUrl.get(plain)!.filter((k) => k !== key);
      if (others.length > 0) report(`tag #${at.name} would share the page ${decodeURI(plain)} with ${others.map((k) => `#${first.get(k)!.name}`).join(', ')}; its page is ${decodeURI(url)}`);
    }
  }
  return diagnostics;
}

export function buildTags(notes: readonly Note[], base: string): Map<string, TagInfo> {
  const tags = new Map<string, TagInfo>();
  const members = new Map<string, Set<Note>>();
  const ensure = (key: string, name: string): TagInfo => {
    let tag = tags.get(key);
    if (!tag) {
      tag = { key, name, url: tagUrl(base, key), direct: [], all: [], children: [] };
      tags.set(key, tag);
    }
    return tag;
  };
  for (const note of notes) {
    for (const name of note.tags) {
      const key = tagKey(name);
      const segments = name.split('/');
      ensure(key, name).direct.push(note);
      for (let i = 1; i <= segments.length; i++) {
        const prefixName = segments.slice(0, i).join('/');
        const tag = ensure(tagKey(prefixName), prefixName);
        const seen = members.get(tag.key) ?? new Set<Note>();
        members.set(tag.key, seen);
        if (!seen.has(note)) {
          seen.add(note);
          tag.all.push(note);
        }
      }
    }
  }
  for (const tag of tags.values()) {
    const parent = tag.key.includes('/') ? tag.key.slice(0, tag.key.lastIndexOf('/')) : undefined;
    if (parent) tags.get(parent)?.children.push(tag.key);
  }
  for (const tag of tags.values()) tag.children.sort();
  return tags;
}

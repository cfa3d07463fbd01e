/**
 * Tag pages: one per tag, nested tags rolling up into their parents (`#sql/joins` is
 * also listed under `#sql`), identity ignoring case as in Obsidian.
 */
import { slugifySegment } from '../vault/slug.ts';
import type { Note, TagInfo } from './model.ts';
import { urlPath } from './urls.ts';

export function tagKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export function tagUrl(base: string, key: string): string {
  return `${urlPath(base, ['tags', ...key.split('/').map((s) => slugifySegment(s) || '-')].join('/'))}/`;
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

/**
 * Obsidian's `cssclasses` frontmatter (a list, or one string; `cssclass` before Obsidian
 * 1.4): class names put on the note's article, so a vault's CSS snippets can style a note
 * as in Obsidian and Publish. Names that are not plain identifiers are dropped, as the
 * attribute is page markup, not note text.
 */
import type { Note } from './model.ts';

const CLASS_NAME = /^-?[_a-zA-Z\p{L}][\w\p{L}-]*$/u;

export function cssClasses(note: Pick<Note, 'frontmatter'>): string[] {
  const value = note.frontmatter.cssclasses ?? note.frontmatter.cssclass;
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(names.filter((name): name is string => typeof name === 'string').map((name) => name.trim()).filter((name) => CLASS_NAME.test(name)))];
}

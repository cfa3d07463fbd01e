/**
 * Where an error points in a block: PostgreSQL gives one position (already turned into a
 * UTF-16 offset in the block by src/core/sql/session.ts); the editor underlines the token
 * that starts there and the result names its line and column.
 */

const WORD = /[\p{L}\p{N}_$]/u;

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * The range to underline: a word, a quoted name or string, or one character. An error at
 * the very end ("syntax error at end of input") marks the last character that is not space.
 */
export function errorRange(text: string, offset: number): { from: number; to: number } {
  let from = Math.max(0, Math.min(offset, text.length));
  if (from === text.length) {
    while (from > 0 && /\s/.test(text[from - 1])) from--;
    return { from: Math.max(0, from - 1), to: from };
  }
  const first = text[from];
  let to = from + 1;
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, from + 1);
    to = close === -1 ? text.length : close + 1;
  } else if (WORD.test(first)) {
    while (to < text.length && WORD.test(text[to])) to++;
  }
  return { from, to };
}

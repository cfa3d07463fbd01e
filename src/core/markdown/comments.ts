/**
 * Obsidian `%%comments%%` are private to the author: they are removed before parsing,
 * inline or spanning lines. Code fences and inline code keep their `%%`. Newlines inside
 * a comment are kept so every later line number is still the file's.
 */
/**
 * A fence line, also one nested in a quote (`> `) or a list item (indented, or after `- `,
 * `1.`): code there keeps its `%%` too. Group 1 is the fence, group 2 the rest of the line.
 */
export const FENCE = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*(`{3,}|~{3,})(.*?)\r?$/;

export function stripComments(source: string): string {
  if (!source.includes('%%')) return source;
  const lines = source.split('\n');
  let fence: string | undefined;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inComment) {
      const [, marker, rest = ''] = FENCE.exec(line) ?? [];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length && rest.trim() === '') fence = undefined;
        continue;
      }
      if (marker) {
        fence = marker;
        continue;
      }
    }
    const result = stripLine(line, inComment);
    lines[i] = result.text;
    inComment = result.inComment;
  }
  return lines.join('\n');
}

/** Removes comment text from one line, skipping backtick code spans outside comments. */
function stripLine(line: string, startsInComment: boolean): { text: string; inComment: boolean } {
  let out = '';
  let inComment = startsInComment;
  let i = 0;
  while (i < line.length) {
    if (line.startsWith('%%', i)) {
      inComment = !inComment;
      i += 2;
      continue;
    }
    if (!inComment && line[i] === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      const close = line.indexOf(run, i + run.length);
      if (close !== -1) {
        out += line.slice(i, close + run.length);
        i = close + run.length;
        continue;
      }
    }
    if (!inComment) out += line[i];
    i++;
  }
  return { text: out, inComment };
}

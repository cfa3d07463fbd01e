/**
 * Keeps a note inside the limits of limits.ts before it is parsed, in one linear pass over
 * its lines, so no input makes parsing super-linear. Ordinary notes come out unchanged
 * (same text, so the same tree, positions and HTML); only a line past a limit is changed:
 * containers past the nesting cap and markers past the inline cap are escaped (shown as
 * the characters they are), excess indentation is dropped, an over-long line or note is
 * cut with a visible notice. Each change is reported at its line and column.
 * CRLF and lone CR line endings become LF here too: remark's plugins (callouts among them)
 * look for `\n`, and Obsidian treats the three alike.
 */
import { FENCE } from './comments.ts';
import { MAX_INDENT, MAX_INLINE_MARKERS, MAX_LINE_LENGTH, MAX_NESTING, MAX_NOTE_LENGTH, MAX_PARAGRAPH_LINES } from './limits.ts';

export interface LimitProblem {
  line: number;
  column: number;
  message: string;
}

export interface BoundedText {
  text: string;
  problems: LimitProblem[];
  /**
   * Lines of `text` (1-based) that are blank lines added to split a paragraph past
   * MAX_PARAGRAPH_LINES; the parsed tree's lines are mapped back with fileLine.
   */
  addedLines: number[];
}

/** A container marker at the start of what is left of a line: `>`, or a list marker followed by a space. */
const CONTAINER = /^[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))/;
/** A lone `[[` or `]]` belongs to a wikilink, which remark-wiki-link tokenizes in linear time; longer runs count bracket by bracket. */
const INLINE_MARKER = /(?<!\[)\[\[(?!\[)|(?<!\])\]\](?!\])|[*_[\]]/g;
const ESCAPABLE = /[>*_+\-[\].)]/g;
/**
 * A line that starts its own inline content, inside quotes or not: a list item, a heading,
 * a table row. The paragraph limits count from there.
 */
const STARTS_INLINE = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|#|\|)/;

export function boundText(input: string): BoundedText {
  const problems: LimitProblem[] = [];
  let source = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  let cut = '';
  if (source.length > MAX_NOTE_LENGTH) {
    const end = Math.max(source.lastIndexOf('\n', MAX_NOTE_LENGTH), 0);
    // The first line not shown: the lines kept are the newlines before the cut, plus one.
    const line = countLines(source, end) + 2;
    problems.push({ line, column: 1, message: `the note is longer than ${MAX_NOTE_LENGTH.toLocaleString('en')} characters; the rest is not shown` });
    source = source.slice(0, end);
    cut = `\n\n---\n\n**The rest of this note (from line ${line}) is too long to show.**\n`;
  }
  const lines = source.split('\n');
  let fence: string | undefined;
  let markers = 0;
  let markersReported = false;
  let paragraphLines = 0;
  const out: string[] = [];
  const addedLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.length > MAX_LINE_LENGTH) {
      problems.push({ line: i + 1, column: MAX_LINE_LENGTH + 1, message: `line longer than ${MAX_LINE_LENGTH.toLocaleString('en')} characters; the rest is not shown` });
      line = `${line.slice(0, MAX_LINE_LENGTH)} …`;
    }
    if (fence) {
      const [, marker, rest = ''] = FENCE.exec(line) ?? [];
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && rest.trim() === '') fence = undefined;
      out.push(line);
      continue;
    }
    // Limits count per paragraph (or list item, heading, table row): a new one starts afresh.
    const fresh = line.trim() === '' || STARTS_INLINE.test(line.slice(0, 32));
    if (fresh) {
      markers = 0;
      markersReported = false;
    }
    paragraphLines = fresh ? 0 : paragraphLines + 1;
    if (paragraphLines > MAX_PARAGRAPH_LINES) {
      problems.push({ line: i + 1, column: 1, message: `paragraph longer than ${MAX_PARAGRAPH_LINES.toLocaleString('en')} lines; a new paragraph starts here` });
      out.push('');
      addedLines.push(out.length);
      paragraphLines = 1;
      markers = 0;
      markersReported = false;
    }
    line = capContainers(line, i + 1, problems);
    const [, marker] = FENCE.exec(line) ?? [];
    if (marker) {
      fence = marker;
      out.push(line);
      continue;
    }
    const capped = capInlineMarkers(line, Math.max(0, MAX_INLINE_MARKERS - markers));
    markers += capped.count;
    if (capped.escapedAt !== undefined && !markersReported) {
      markersReported = true;
      problems.push({
        line: i + 1, column: capped.escapedAt + 1,
        message: `more than ${MAX_INLINE_MARKERS.toLocaleString('en')} emphasis or bracket markers in one paragraph; the rest are shown as text`,
      });
    }
    out.push(capped.line);
  }
  return { text: out.join('\n') + cut, problems, addedLines };
}

/** The file's line for a line of the bounded text (see BoundedText.addedLines). */
export function fileLine(addedLines: readonly number[], line: number): number {
  let before = 0;
  while (before < addedLines.length && addedLines[before] < line) before++;
  return line - before;
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Escapes the container markers of a line past MAX_NESTING, and drops indentation past MAX_INDENT. */
function capContainers(line: string, lineNumber: number, problems: LimitProblem[]): string {
  let at = 0;
  let depth = 0;
  let indent = 0;
  for (;;) {
    const match = CONTAINER.exec(line.slice(at, at + 16));
    if (!match) break;
    depth++;
    indent = Math.max(indent, columnsOf(match[0]));
    at += match[0].length;
    if (depth === MAX_NESTING) {
      const rest = line.slice(at);
      if (!CONTAINER.test(rest.slice(0, 16))) break;
      const column = at + /^[ \t]*/.exec(rest)![0].length + 1;
      problems.push({ line: lineNumber, column, message: `more than ${MAX_NESTING} nested quotes or lists; the deeper ones are shown as text` });
      return line.slice(0, at) + rest.replace(/^[ \t]*/, ' ').replace(ESCAPABLE, (c) => `\\${c}`);
    }
  }
  const leading = /^[ \t]*/.exec(line.slice(at))![0];
  if (columnsOf(leading) > MAX_INDENT || indent > MAX_INDENT) {
    problems.push({ line: lineNumber, column: 1, message: `indented more than ${MAX_INDENT} columns; the extra indentation is ignored` });
    return `${' '.repeat(MAX_INDENT)}${line.trimStart()}`;
  }
  return line;
}

function columnsOf(whitespace: string): number {
  let columns = 0;
  for (const c of whitespace) {
    if (c === '\t') columns += 4 - (columns % 4);
    else if (c === ' ') columns++;
  }
  return columns;
}

/** Escapes emphasis and bracket markers after the first `allowed` of the line. */
function capInlineMarkers(line: string, allowed: number): { line: string; count: number; escapedAt?: number } {
  let count = 0;
  let escapedAt: number | undefined;
  const result = line.replace(INLINE_MARKER, (marker, offset: number) => {
    if (marker.length === 2) return marker;
    count++;
    if (count <= allowed) return marker;
    escapedAt ??= offset;
    return `\\${marker}`;
  });
  return { line: result, count, escapedAt };
}

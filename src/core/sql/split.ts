/**
 * Splits a block of SQL into statements the way psql does before sending them: at `;`
 * outside quotes ('…', "…", E'…', $tag$…$tag$), comments (--, nested /* *\/) and parentheses,
 * and outside the `BEGIN ATOMIC … END` body of a SQL-standard function (CASE … END inside
 * it included). Each statement
 * keeps its offset in the block, so an error position inside it maps back to the block.
 */
export interface SqlStatement {
  text: string;
  /** UTF-16 offset of the statement's first character in the block. */
  offset: number;
}

const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let depth = 0;
  let atomic = 0;
  let cases = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text && !isOnlyComments(text)) statements.push({ text, offset: start + lead });
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'" ) {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && !/[\w$]/.test(sql[i - 2] ?? '');
      i = skipQuoted(sql, i, "'", escapes);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? sql.length : end + tag.length;
      } else i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (/[A-Za-z_]/.test(c) && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const word = /^[A-Za-z_][\w$]*/.exec(sql.slice(i))![0];
      const lower = word.toLowerCase();
      if (lower === 'atomic' && /\bbegin\s+$/i.test(sql.slice(start, i))) atomic++;
      else if (lower === 'case' && atomic > 0) cases++;
      // Inside an atomic body, END closes a CASE first, then the body itself.
      else if (lower === 'end' && atomic > 0 && depth === 0) {
        if (cases > 0) cases--;
        else atomic--;
      }
      i += word.length;
    } else if (c === ';' && depth === 0 && atomic === 0) {
      push(i);
      start = i + 1;
      i++;
    } else i++;
  }
  push(sql.length);
  return statements;
}

function skipBlockComment(sql: string, from: number): number {
  let level = 0;
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      level++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      level--;
      i += 2;
      if (level === 0) return i;
    } else i++;
  }
  return sql.length;
}

function skipQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

function isOnlyComments(text: string): boolean {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}

/**
 * Statements PGlite cannot run as PostgreSQL would, refused before they reach it with a
 * message that says why, instead of the silent success, hang or broken database they
 * cause there. PGlite is one single-user backend with no operating system behind it:
 * - `COPY … TO PROGRAM` "succeeds" and does nothing; `COPY … FROM PROGRAM` never returns.
 * - `exit_on_error` on (by SET, set_config, ALTER … SET, in a function or a DO body) makes
 *   the next error leave the backend in a state where every later statement fails with
 *   "CommitTransactionCommand: unexpected state DEFAULT" until the database is restarted.
 * (`COPY … TO/FROM 'file'` works: on PGlite's in-memory file system, gone with the page.)
 *
 * The check reads tokens, not raw text, so a string literal or a comment that happens to
 * contain `program` cannot fool it; PostgreSQL's own parser is not a dependency (its WASM
 * build would weigh more than the whole runner). `exit_on_error` is looked for in every
 * token, string literals and dollar-quoted bodies included, because set_config takes the
 * setting's name as a string and a DO body is one: a statement that only quotes the name
 * is refused too, a rare false alarm worth the safety. Used by session.ts for every run.
 */
import type { SqlError } from './results.ts';

export interface Token {
  kind: 'word' | 'string' | 'identifier' | 'other';
  /** Words lower-cased; strings and quoted identifiers as written between their quotes. */
  text: string;
}

const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/** PostgreSQL's lexical tokens, comments and whitespace left out. */
export function tokens(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const quoted = (quote: string, backslashes: boolean): string => {
    let text = '';
    i++;
    while (i < sql.length) {
      const c = sql[i];
      if (backslashes && c === '\\') {
        text += sql.slice(i, i + 2);
        i += 2;
      } else if (c === quote && sql[i + 1] === quote) {
        text += quote;
        i += 2;
      } else if (c === quote) {
        i++;
        return text;
      } else {
        text += c;
        i++;
      }
    }
    return text;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (/\s/.test(c)) i++;
    else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      let depth = 0;
      while (i < sql.length) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth++, (i += 2));
        else if (sql[i] === '*' && sql[i + 1] === '/') {
          i += 2;
          if (--depth === 0) break;
        } else i++;
      }
    } else if (c === "'") out.push({ kind: 'string', text: quoted("'", false) });
    else if ((c === 'e' || c === 'E') && next === "'") {
      i++;
      out.push({ kind: 'string', text: quoted("'", true) });
    } else if (c === '"') out.push({ kind: 'identifier', text: quoted('"', false) });
    else if (c === '$' && DOLLAR_TAG.test(sql.slice(i))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end === -1 ? sql.length : end;
      out.push({ kind: 'string', text: sql.slice(i + tag.length, stop) });
      i = end === -1 ? sql.length : end + tag.length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const word = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(sql.slice(i))![0];
      out.push({ kind: 'word', text: word.toLowerCase() });
      i += word.length;
    } else {
      out.push({ kind: 'other', text: c });
      i++;
    }
  }
  return out;
}

/** SQLSTATE feature_not_supported: what PostgreSQL says of a feature it lacks. */
const NOT_SUPPORTED = '0A000';

/** Why `statement` is not run here, as the error the reader sees; undefined: run it. */
export function refusal(statement: string): Pick<SqlError, 'code' | 'message' | 'hint'> | undefined {
  const all = tokens(statement);
  if (all[0]?.kind === 'word' && all[0].text === 'copy' && all.some((t) => t.kind === 'word' && t.text === 'program')) {
    return {
      code: NOT_SUPPORTED,
      message: 'COPY … PROGRAM does nothing here: this PostgreSQL runs in the browser, with no programs to run',
      hint: 'COPY … TO STDOUT shows the rows; INSERT … SELECT copies them between tables.',
    };
  }
  if (all.some((t) => t.kind !== 'other' && t.text.toLowerCase().includes('exit_on_error'))) {
    return {
      code: NOT_SUPPORTED,
      message: 'exit_on_error cannot be changed here: with it on, this in-browser PostgreSQL breaks at the next error',
    };
  }
  return undefined;
}

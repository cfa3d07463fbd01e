/**
 * Statements PGlite cannot run as PostgreSQL would, refused before they reach it with a
 * message that says why, instead of the silent success, hang or broken database they
 * cause there. PGlite is one single-user backend with no operating system behind it:
 * - `COPY … TO PROGRAM` "succeeds" and does nothing; `COPY … FROM PROGRAM` never returns.
 * - `exit_on_error` on (by SET, set_config, ALTER … SET, in a function or a DO body) makes
 *   the next error leave the backend in a state where every later statement fails with
 *   "CommitTransactionCommand: unexpected state DEFAULT" until the database is restarted.
 * - The timers: PGlite's backend has no clock that interrupts it, so `statement_timeout`
 *   never fires (`pg_sleep(5)` sleeps five seconds under `'1s'`), and once
 *   `idle_in_transaction_session_timeout`, `idle_session_timeout` or `transaction_timeout`
 *   is on, the next statement after an idle moment never returns. Reading them (SHOW,
 *   current_setting) and turning them off (0, DEFAULT, RESET) stay allowed.
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

/** The timers this backend cannot run, with what a server does when each fires. */
const TIMERS: Record<string, string> = {
  statement_timeout: 'cancels the statement with 57014',
  transaction_timeout: 'ends the session with 25P04 (PostgreSQL 17 and later)',
  idle_in_transaction_session_timeout: 'ends the session with 25P03',
  idle_session_timeout: 'ends the session with 57P05',
};

const isTimer = (name: string): boolean => Object.hasOwn(TIMERS, name.toLowerCase());

/** A setting's value from `start`: a word, a string, or a number the lexer gave digit by digit. */
function valueAt(all: Token[], start: number): string {
  const first = all[start];
  if (first === undefined) return '';
  if (first.kind !== 'other') return first.text;
  let number = '';
  for (let i = start; all[i]?.kind === 'other' && /^[\d.]$/.test(all[i].text); i++) number += all[i].text;
  return number;
}

/** 0 (with or without a unit) and DEFAULT turn a timer off, which is harmless here. */
const turnsOff = (value: string): boolean => /^\s*(?:default|0+(?:\.0*)?\s*[a-z]*)\s*$/i.test(value);

/**
 * The timer `all` turns on, if any: `SET [LOCAL|SESSION] name {=|TO} value` (also inside
 * ALTER ROLE/DATABASE/SYSTEM … SET and CREATE FUNCTION … SET), `set_config('name', value, …)`,
 * and either of them inside a string or dollar-quoted body (DO, EXECUTE, a function's body).
 */
function timerTurnedOn(all: Token[]): string | undefined {
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    if (t.kind === 'word' || t.kind === 'identifier') {
      if (!isTimer(t.text)) continue;
      const before = all[i - 1]?.text === 'local' || all[i - 1]?.text === 'session' ? all[i - 2] : all[i - 1];
      if (before?.kind !== 'word' || before.text !== 'set') continue;
      const assign = all[i + 1];
      // No `=` or TO: not an assignment PostgreSQL would run (or FROM CURRENT, which keeps the value it has).
      if (assign?.text !== '=' && !(assign?.kind === 'word' && assign.text === 'to')) continue;
      if (!turnsOff(valueAt(all, i + 2))) return t.text.toLowerCase();
    } else if (t.kind === 'string') {
      if (isTimer(t.text.trim())) {
        const call = all[i - 2];
        const setConfig = all[i - 1]?.text === '(' && call?.kind === 'word' && call.text === 'set_config';
        const value = all[i + 2];
        if (setConfig && !(value?.kind === 'string' && turnsOff(value.text))) return t.text.trim().toLowerCase();
      } else if (Object.keys(TIMERS).some((name) => t.text.toLowerCase().includes(name))) {
        const inner = timerTurnedOn(tokens(t.text));
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

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
  const timer = timerTurnedOn(all);
  if (timer !== undefined) {
    return {
      code: NOT_SUPPORTED,
      message:
        timer === 'statement_timeout'
          ? 'statement_timeout cannot be set here: this in-browser PostgreSQL has no timer to interrupt a statement, so it would never fire'
          : `${timer} cannot be set here: this in-browser PostgreSQL has no timer to end its session, and the next statement once it ran out would never return`,
      hint: `Here the runner stops a long block itself (Stop in the page, --sql-timeout in npm run check); on a real server ${timer} ${TIMERS[timer]}.`,
    };
  }
  return undefined;
}

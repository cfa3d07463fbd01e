/**
 * The server end of a PostgreSQL connection, for a Python driver (pg8000) talking to a
 * PGlite database in the same thread: the bytes the driver flushes come in, PGlite's
 * replies go out. PGlite runs one backend that is already logged in, so two parts of a
 * session are answered here rather than by PGlite:
 *   - the startup message (and an SSL or GSS request before it): AuthenticationOk, the
 *     ParameterStatus values a driver reads, BackendKeyData and ReadyForQuery;
 *   - Terminate: PGlite would end its only backend for good. A connection that ends inside a
 *     transaction has it rolled back, as a server does when a client goes away.
 * Everything else (simple and extended protocol) is handed to PGlite as it came, except the
 * statements the SQL blocks refuse too (statement-guard.ts: COPY … PROGRAM, exit_on_error, timers),
 * which are answered here with their error, never sent.
 * The Python side is a thin socket-like shim (bridge.py); the byte-level logic lives here
 * so that it is tested without Python.
 */
import { fieldsMessage, queryMessage, toError, toNotice } from '../sql/protocol.ts';
import type { Notice, SqlError } from '../sql/results.ts';
import { splitStatements } from '../sql/split.ts';
import { refusal } from '../sql/statement-guard.ts';

/** The part of PGlite the bridge needs: its synchronous raw protocol entry point. */
export interface RawSyncDatabase {
  execProtocolRawSync(message: Uint8Array): Uint8Array;
}

/** What PGlite answered since it was last asked: the statements' outcomes, in order. */
export interface WireOutcome {
  tags: string[];
  notices: Notice[];
  error?: SqlError;
}

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const QUERY = 0x51; // 'Q'
const PARSE = 0x50; // 'P'
const SYNC = 0x53; // 'S'

/** Settings a driver learns from ParameterStatus at startup (pg8000 reads several). */
const REPORTED_SETTINGS = [
  'server_version', 'server_encoding', 'client_encoding', 'DateStyle', 'IntervalStyle', 'TimeZone',
  'integer_datetimes', 'standard_conforming_strings', 'application_name', 'is_superuser', 'session_authorization',
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function message(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}

function int32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  values.forEach((v, i) => new DataView(out.buffer).setInt32(4 * i, v));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Each backend message in `bytes`: its type byte and body. */
export function* backendMessages(bytes: Uint8Array): Generator<{ type: number; body: Uint8Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 5 <= bytes.length) {
    const length = view.getInt32(at + 1);
    yield { type: bytes[at], body: bytes.subarray(at + 5, at + 1 + length) };
    at += 1 + length;
  }
}

/** Reads the current values of REPORTED_SETTINGS from the database, for ParameterStatus. */
function readSettings(db: RawSyncDatabase): [string, string][] {
  const names = REPORTED_SETTINGS.map((n) => `'${n}'`).join(',');
  const reply = db.execProtocolRawSync(queryMessage(`SELECT name, setting FROM pg_catalog.pg_settings WHERE name IN (${names})`));
  const settings: [string, string][] = [];
  for (const { type, body } of backendMessages(reply)) {
    if (type !== 0x44 /* D */) continue;
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const values: string[] = [];
    let at = 2;
    for (let i = 0; i < view.getInt16(0); i++) {
      const length = view.getInt32(at);
      values.push(decoder.decode(body.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    settings.push([values[0], values[1]]);
  }
  return settings;
}

/** The SQL text of a Query or Parse message. */
function statementText(type: number, body: Uint8Array): string | undefined {
  if (type === QUERY) return decoder.decode(body.subarray(0, body.indexOf(0)));
  if (type !== PARSE) return undefined;
  const start = body.indexOf(0) + 1; // after the statement's name
  return decoder.decode(body.subarray(start, body.indexOf(0, start)));
}

function refusedIn(sql: string): Pick<SqlError, 'code' | 'message' | 'hint'> | undefined {
  for (const statement of splitStatements(sql)) {
    const refused = refusal(statement.text);
    if (refused) return refused;
  }
  return undefined;
}

function errorResponse(error: Pick<SqlError, 'code' | 'message' | 'hint'>): Uint8Array {
  const fields = `SERROR\0VERROR\0C${error.code}\0M${error.message}\0${error.hint ? `H${error.hint}\0` : ''}\0`;
  return message('E', encoder.encode(fields));
}

export class WireBridge {
  private readonly db: RawSyncDatabase;
  private pending: Uint8Array = new Uint8Array(0);
  private started = false;
  /** ReadyForQuery's last transaction status: I, T or E. */
  private status = 'I';
  private settings?: [string, string][];
  private outcome: WireOutcome = { tags: [], notices: [] };
  /** After a refused extended-protocol message: the rest up to Sync is dropped, as a server does after an error. */
  private skipping = false;

  constructor(db: RawSyncDatabase) {
    this.db = db;
  }

  /** True between a startup message and Terminate. */
  get connected(): boolean {
    return this.started;
  }

  /** The transaction status PGlite last reported: `I` idle, `T` in a transaction, `E` failed. */
  get transactionStatus(): string {
    return this.status;
  }

  /** Takes the bytes a client flushed; returns what the server answers, in order. */
  send(bytes: Uint8Array): Uint8Array {
    this.pending = this.pending.length === 0 ? bytes.slice() : concat([this.pending, bytes]);
    const replies: Uint8Array[] = [];
    const forward: Uint8Array[] = [];
    const flush = () => {
      if (forward.length === 0) return;
      replies.push(this.forward(concat(forward)));
      forward.length = 0;
    };
    for (;;) {
      const view = new DataView(this.pending.buffer, this.pending.byteOffset, this.pending.byteLength);
      if (!this.started) {
        if (this.pending.length < 8) break;
        const length = view.getInt32(0);
        if (this.pending.length < length) break;
        const code = view.getInt32(4);
        this.pending = this.pending.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) replies.push(encoder.encode('N'));
        else if (code === PROTOCOL_3) replies.push(this.startup());
        // A CancelRequest has nothing to cancel: PGlite runs a statement to its end in this thread.
        else if (code !== CANCEL_REQUEST) throw new Error(`unsupported startup code ${code}`);
        continue;
      }
      if (this.pending.length < 5) break;
      const total = 1 + view.getInt32(1);
      if (this.pending.length < total) break;
      const frontend = this.pending.subarray(0, total);
      this.pending = this.pending.subarray(total);
      const type = frontend[0];
      const text = statementText(type, frontend.subarray(5));
      const refused = text === undefined ? undefined : refusedIn(text);
      if (type === TERMINATE) {
        flush();
        this.terminate();
      } else if (this.skipping) {
        if (type === SYNC) {
          this.skipping = false;
          replies.push(message('Z', encoder.encode(this.status)));
        }
      } else if (refused) {
        flush();
        this.outcome.error ??= { severity: 'ERROR', ...refused };
        replies.push(errorResponse(refused));
        if (type === QUERY) replies.push(message('Z', encoder.encode(this.status)));
        else this.skipping = true;
      } else {
        forward.push(frontend);
      }
    }
    flush();
    return concat(replies);
  }

  /** Why the bridge would refuse `sql` (statement-guard.ts), as one line of text; undefined: it would run it. */
  refused(sql: string): string | undefined {
    const refused = refusedIn(sql);
    return refused && `${refused.message}${refused.hint ? `. ${refused.hint}` : ''}`;
  }

  /** The outcomes since the last call, and a fresh record for the next ones. */
  takeOutcome(): WireOutcome {
    const outcome = this.outcome;
    this.outcome = { tags: [], notices: [] };
    return outcome;
  }

  private startup(): Uint8Array {
    this.started = true;
    this.settings ??= readSettings(this.db);
    return concat([
      message('R', int32s(0)),
      ...this.settings.map(([name, value]) => message('S', encoder.encode(`${name}\0${value}\0`))),
      // No other process can cancel this backend, so the key is never used.
      message('K', int32s(1, 0)),
      message('Z', encoder.encode(this.status)),
    ]);
  }

  private terminate(): void {
    // A server rolls back the transaction of a client that leaves; the next connection starts clean.
    if (this.status !== 'I') this.forward(queryMessage('ROLLBACK'));
    this.started = false;
    this.takeOutcome();
  }

  private forward(frontend: Uint8Array): Uint8Array {
    const reply = this.db.execProtocolRawSync(frontend);
    for (const { type, body } of backendMessages(reply)) {
      if (type === 0x43 /* C */) this.outcome.tags.push(decoder.decode(body.subarray(0, body.indexOf(0))));
      else if (type === 0x45 /* E */) this.outcome.error ??= (({ statementPosition: _, ...e }) => e)(toError(fieldsMessage('error', body)));
      else if (type === 0x4e /* N */) this.outcome.notices.push(toNotice(fieldsMessage('notice', body)));
      else if (type === 0x5a /* Z */) this.status = String.fromCharCode(body[0]);
    }
    return reply;
  }
}

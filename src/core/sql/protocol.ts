/**
 * PostgreSQL's wire protocol, the little of it needed to run SQL on PGlite the way psql
 * does: a simple Query message per statement, and its replies read into plain results.
 * The replies carry what PGlite's higher-level API drops: command tags, notices in order,
 * and every field of an error (SQLSTATE, detail, hint, position).
 */
import type { CutValue, Notice, SqlError } from './results.ts';

/** A database that speaks the protocol: PGlite, in a page's worker or in Node. */
export interface ProtocolDatabase {
  execProtocol(message: Uint8Array, options: { throwOnError: false }): Promise<{ messages: readonly unknown[] }>;
  /** The replies as they are written, never gathered whole: the reader's statements run so (protocol.ts ReplyReader). */
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (chunk: Uint8Array) => void }): Promise<void>;
}

/** A backend message as PGlite's protocol parser returns it. */
export interface BackendMessage {
  name: string;
  [field: string]: unknown;
}

export interface RawField {
  name: string;
  dataTypeID: number;
  dataTypeModifier: number;
}

export function queryMessage(sql: string): Uint8Array {
  const body = new TextEncoder().encode(sql);
  const message = new Uint8Array(1 + 4 + body.length + 1);
  message[0] = 0x51; // 'Q'
  new DataView(message.buffer).setInt32(1, 4 + body.length + 1);
  message.set(body, 5);
  return message;
}

const optional = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function toNotice(message: BackendMessage): Notice {
  return {
    severity: String(message.severity ?? 'NOTICE'),
    code: String(message.code ?? ''),
    message: String(message.message ?? ''),
    detail: optional(message.detail),
    hint: optional(message.hint),
  };
}

/** An ErrorResponse; `position` stays PostgreSQL's 1-based character count in the statement. */
export function toError(message: BackendMessage): SqlError & { statementPosition?: number } {
  const position = Number(message.position);
  return {
    code: String(message.code ?? ''),
    severity: String(message.severity ?? 'ERROR'),
    message: String(message.message ?? ''),
    detail: optional(message.detail),
    hint: optional(message.hint),
    where: optional(message.where),
    schema: optional(message.schema),
    table: optional(message.table),
    column: optional(message.column),
    constraint: optional(message.constraint),
    ...(Number.isFinite(position) && position > 0 ? { statementPosition: position } : {}),
  };
}

/** PostgreSQL counts positions in characters (code points); editors count UTF-16 units. */
export function utf16Offset(text: string, characterPosition: number): number {
  let units = 0;
  let characters = 0;
  for (const ch of text) {
    if (++characters >= characterPosition) return units;
    units += ch.length;
  }
  return units;
}

/**
 * How much of a statement's replies is kept. PostgreSQL may send a value of hundreds of MB,
 * millions of rows or notices; the reader sees a part of them, so only that part is ever
 * decoded: a 500 MB value costs the worker a 1 MB string, not a 500 MB one, and the page
 * never gets what it cannot draw. Counts and full sizes are kept, to say what was left out.
 */
export interface ReplyLimits {
  /** Rows kept; the rest are counted. */
  rows: number;
  /** Bytes of one value kept (its UTF-8 text, cut at a character boundary). */
  valueBytes: number;
  /** Bytes of all values of a statement kept; past it each value keeps `smallValueBytes`. */
  statementBytes: number;
  smallValueBytes: number;
  /** Notices kept; the rest are counted. */
  notices: number;
  /** Bytes kept of any other message (an error's detail can quote a huge value). */
  messageBytes: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = {
  rows: 500,
  valueBytes: 1 << 20,
  statementBytes: 8 << 20,
  smallValueBytes: 1 << 10,
  notices: 100,
  messageBytes: 64 << 10,
};

/** One statement's replies, as read by ReplyReader. */
export interface StatementReplies {
  fields?: RawField[];
  rows: (string | null)[][];
  rowCount: number;
  cut: CutValue[];
  tag?: string;
  notices: BackendMessage[];
  noticeCount: number;
  error?: BackendMessage;
  /** ReadyForQuery's transaction status: `I`, `T` or `E`. */
  status?: string;
}

const utf8 = new TextDecoder();

/** `bytes` as text, without a character cut in two at the end. */
export function decodePrefix(bytes: Uint8Array, complete: boolean): string {
  let end = bytes.length;
  if (!complete) {
    // Back to the last lead byte; drop its sequence if it does not fit.
    let lead = end - 1;
    while (lead >= 0 && lead > end - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
    if (lead >= 0) {
      const b = bytes[lead];
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (lead + size > end) end = lead;
    }
  }
  return utf8.decode(bytes.subarray(0, end));
}

/** The null-terminated strings of an ErrorResponse or NoticeResponse, named as PGlite names them. */
const FIELD_NAMES: Record<string, string> = {
  S: 'severity', C: 'code', M: 'message', D: 'detail', H: 'hint', P: 'position', W: 'where',
  s: 'schema', t: 'table', c: 'column', n: 'constraint',
};

function cString(body: Uint8Array, from: number): [string, number] {
  let end = body.indexOf(0, from);
  if (end === -1) end = body.length;
  return [decodePrefix(body.subarray(from, end), end < body.length), end + 1];
}

export function fieldsMessage(name: string, body: Uint8Array): BackendMessage {
  const message: BackendMessage = { name };
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const key = String.fromCharCode(body[i]);
    const [value, next] = cString(body, i + 1);
    const field = key === 'V' ? undefined : FIELD_NAMES[key];
    if (field) message[field] = value;
    i = next;
  }
  return message;
}

function rowDescription(body: Uint8Array): RawField[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const count = view.getInt16(0);
  const fields: RawField[] = [];
  let i = 2;
  for (let n = 0; n < count && i < body.length; n++) {
    const [name, next] = cString(body, i);
    i = next;
    fields.push({ name, dataTypeID: view.getInt32(i + 6), dataTypeModifier: view.getInt32(i + 12) });
    i += 18;
  }
  return fields;
}

type ReaderState = 'header' | 'body' | 'skip' | 'fieldCount' | 'fieldLength' | 'value';

/**
 * Reads the backend's replies to one simple Query as they stream out of PGlite, in chunks
 * cut anywhere, keeping what `limits` allow. DataRows are read field by field, so a value
 * is never held whole: its bytes past the limit are only counted.
 */
export class ReplyReader {
  readonly replies: StatementReplies = { rows: [], rowCount: 0, cut: [], notices: [], noticeCount: 0 };
  private readonly limits: ReplyLimits;
  private state: ReaderState = 'header';
  /** Fixed-size parts (a header, a count, a length) gathered across chunks. */
  private readonly scratch = new Uint8Array(5);
  private scratchHave = 0;
  /** Bytes left in the current message's body. */
  private left = 0;
  private type = 0;
  private body: Uint8Array = new Uint8Array(0);
  private bodyHave = 0;
  private row: (string | null)[] = [];
  private fieldsLeft = 0;
  /** The current value's bytes to keep, its full size, and its bytes still to come. */
  private value: Uint8Array = new Uint8Array(0);
  private valueHave = 0;
  private valueSize = 0;
  private valueLeft = 0;
  private kept = 0;

  constructor(limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {
    this.limits = limits;
  }

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) i = this.step(chunk, i);
    // A message with an empty body ends without another byte to read.
    this.settleEmpty();
  }

  private gather(chunk: Uint8Array, at: number, need: number): [boolean, number] {
    const n = Math.min(need - this.scratchHave, chunk.length - at);
    this.scratch.set(chunk.subarray(at, at + n), this.scratchHave);
    this.scratchHave += n;
    if (this.scratchHave < need) return [false, at + n];
    this.scratchHave = 0;
    return [true, at + n];
  }

  private get view(): DataView {
    return new DataView(this.scratch.buffer);
  }

  private step(chunk: Uint8Array, at: number): number {
    switch (this.state) {
      case 'header': {
        const [done, next] = this.gather(chunk, at, 5);
        if (done) this.begin(this.scratch[0], this.view.getInt32(1) - 4);
        return next;
      }
      case 'body': {
        const n = Math.min(this.left, chunk.length - at);
        const keep = Math.min(n, this.body.length - this.bodyHave);
        this.body.set(chunk.subarray(at, at + keep), this.bodyHave);
        this.bodyHave += keep;
        this.left -= n;
        if (this.left === 0) this.end();
        return at + n;
      }
      case 'skip': {
        const n = Math.min(this.left, chunk.length - at);
        this.left -= n;
        if (this.left === 0) this.state = 'header';
        return at + n;
      }
      case 'fieldCount': {
        const [done, next] = this.gather(chunk, at, 2);
        this.left -= next - at;
        if (done) {
          this.fieldsLeft = this.view.getInt16(0);
          this.nextField();
        }
        return next;
      }
      case 'fieldLength': {
        const [done, next] = this.gather(chunk, at, 4);
        this.left -= next - at;
        if (done) this.beginValue(this.view.getInt32(0));
        return next;
      }
      case 'value': {
        const n = Math.min(this.valueLeft, chunk.length - at);
        const keep = Math.min(n, this.value.length - this.valueHave);
        this.value.set(chunk.subarray(at, at + keep), this.valueHave);
        this.valueHave += keep;
        this.valueLeft -= n;
        this.left -= n;
        if (this.valueLeft === 0) this.endValue();
        return at + n;
      }
    }
  }

  private begin(type: number, length: number): void {
    this.type = type;
    this.left = length;
    const replies = this.replies;
    if (type === 0x44 /* D */) {
      replies.rowCount++;
      if (replies.rows.length < this.limits.rows) {
        this.row = [];
        this.state = 'fieldCount';
      } else this.state = 'skip';
    } else if (type === 0x4e /* N */ && replies.notices.length >= this.limits.notices) {
      replies.noticeCount++;
      this.state = 'skip';
    } else {
      this.body = new Uint8Array(Math.min(length, this.limits.messageBytes));
      this.bodyHave = 0;
      this.state = 'body';
    }
  }

  private settleEmpty(): void {
    if (this.state === 'body' && this.left === 0) this.end();
    else if (this.state === 'skip' && this.left === 0) this.state = 'header';
  }

  private nextField(): void {
    if (this.fieldsLeft-- > 0) {
      this.state = 'fieldLength';
      return;
    }
    this.replies.rows.push(this.row);
    // A row's bytes past its fields (there should be none) are passed over.
    this.state = this.left > 0 ? 'skip' : 'header';
  }

  private beginValue(size: number): void {
    if (size < 0) {
      this.row.push(null);
      return this.nextField();
    }
    const limits = this.limits;
    const allowance = this.kept < limits.statementBytes ? limits.valueBytes : limits.smallValueBytes;
    this.value = new Uint8Array(Math.min(size, allowance));
    this.valueHave = 0;
    this.valueSize = size;
    this.valueLeft = size;
    this.state = 'value';
    if (size === 0) this.endValue();
  }

  private endValue(): void {
    const complete = this.value.length === this.valueSize;
    this.kept += this.value.length;
    if (!complete) this.replies.cut.push({ row: this.replies.rows.length, column: this.row.length, bytes: this.valueSize });
    this.row.push(decodePrefix(this.value, complete));
    this.nextField();
  }

  private end(): void {
    this.state = 'header';
    const body = this.body.subarray(0, this.bodyHave);
    const replies = this.replies;
    switch (this.type) {
      case 0x54: // T
        replies.fields = rowDescription(body);
        break;
      case 0x43: // C
        replies.tag = cString(body, 0)[0];
        break;
      case 0x4e: // N
        replies.notices.push(fieldsMessage('notice', body));
        replies.noticeCount++;
        break;
      case 0x45: // E
        replies.error = fieldsMessage('error', body);
        break;
      case 0x5a: // Z
        replies.status = String.fromCharCode(body[0]);
        break;
    }
  }
}

/**
 * PostgreSQL's wire protocol, the little of it needed to run SQL on PGlite the way psql
 * does: a simple Query message per statement, and its replies read into plain results.
 * The replies carry what PGlite's higher-level API drops: command tags, notices in order,
 * and every field of an error (SQLSTATE, detail, hint, position).
 */
import type { Notice, SqlError } from './results.ts';

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

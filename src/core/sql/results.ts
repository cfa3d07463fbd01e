/** What running SQL produced, as plain data: the same shape in the browser, in Node and in tests. */
import type { ChangeNode, SchemaModel } from '../schema/types.ts';

/** A value kept only in part: where it is, and its full size in bytes. */
export interface CutValue {
  row: number;
  column: number;
  bytes: number;
}

export interface Column {
  name: string;
  typeOid: number;
  /** `integer`, `text`, `numeric(10,2)`…; `oid 16402` for a type unknown to the reader. */
  type: string;
}

export interface Notice {
  severity: string;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export interface SqlError {
  code: string;
  severity: string;
  message: string;
  detail?: string;
  hint?: string;
  /** 0-based UTF-16 offset in the block the error points at, when PostgreSQL gives one. */
  position?: number;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

export interface StatementResult {
  /** The statement as sent, and its UTF-16 offset in the block. */
  sql: string;
  offset: number;
  /** PostgreSQL's command tag: `SELECT 3`, `INSERT 0 1`, `CREATE TABLE`. */
  tag?: string;
  columns?: Column[];
  /** Values in PostgreSQL's text format; `null` is SQL NULL. At most `maxRows` of them. */
  rows?: (string | null)[][];
  /** Rows the statement returned, also those not kept. */
  rowCount?: number;
  /** Values kept only in part (protocol.ts ReplyLimits), with their full size in bytes. */
  cut?: CutValue[];
  /** The first notices; `noticeCount`, when some were not kept, says how many there were. */
  notices: Notice[];
  noticeCount?: number;
  error?: SqlError;
  /** With change capture on: the rows the statement changed, as a tree of causes. */
  changes?: ChangeNode[];
  elapsedMs: number;
}

/** Transaction status after the block, from ReadyForQuery: idle, in a transaction, in a failed one. */
export type TransactionStatus = 'idle' | 'transaction' | 'failed';

export interface BlockRun {
  statements: StatementResult[];
  /** The first error; statements after it were not run. */
  error?: SqlError;
  transaction: TransactionStatus;
  /** The database's schema after the block, when asked for (and readable). */
  schema?: SchemaModel;
  elapsedMs: number;
}

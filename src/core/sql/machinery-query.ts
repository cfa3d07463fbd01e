/**
 * SQL the machinery runs out of the reader's sight (resets, catalog reads, the lab's engine,
 * the change capture): one simple query, its rows as text, and its error, if any, as data,
 * never thrown, so each caller decides what a failure means. Browser-safe.
 */
import { queryMessage, type BackendMessage, type ProtocolDatabase } from './protocol.ts';

export interface MachineryResult {
  /** Every DataRow of every statement, text values, NULL as null. */
  rows: (string | null)[][];
  /** The ErrorResponse that ended the query. */
  error?: BackendMessage;
}

export async function machineryQuery(db: ProtocolDatabase, sql: string): Promise<MachineryResult> {
  const { messages } = await db.execProtocol(queryMessage(sql), { throwOnError: false });
  const all = messages as BackendMessage[];
  const error = all.find((m) => m.name === 'error');
  return { rows: all.filter((m) => m.name === 'dataRow').map((m) => m.fields as (string | null)[]), ...(error && { error }) };
}

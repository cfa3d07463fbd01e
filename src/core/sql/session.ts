/**
 * Runs a block of SQL on a PGlite database the way psql does with ON_ERROR_STOP: one
 * statement at a time (each autocommits unless the block opened a transaction), stopping
 * at the first error. Used by the page's Web Worker and by `npm run check` alike.
 */
import { DEFAULT_REPLY_LIMITS, queryMessage, ReplyReader, toError, toNotice, utf16Offset, type BackendMessage, type ProtocolDatabase, type RawField } from './protocol.ts';
import { refusal } from './statement-guard.ts';
import type { BlockRun, Column, StatementResult, TransactionStatus } from './results.ts';
import { splitStatements } from './split.ts';
import { builtInTypeName, typeWithModifier } from './types.ts';
import { affectedTables, canModifyRows, rowOps, statementTargets, watchedTables, withCapture } from '../schema/capture.ts';
import { changeTree } from '../schema/changes.ts';
import { readSchema } from '../schema/introspect.ts';
import type { SchemaModel } from '../schema/types.ts';

// Kept here too for the importers on other branches (src/core/lab); new code imports ./protocol.ts.
export type { ProtocolDatabase } from './protocol.ts';

export const DEFAULT_MAX_ROWS = DEFAULT_REPLY_LIMITS.rows;

const STATUS: Record<string, TransactionStatus> = { I: 'idle', T: 'transaction', E: 'failed' };

/** Type names of one database: built-ins, plus types the reader created, looked up when safe. */
export class TypeNames {
  private readonly known = new Map<number, string>();

  name(oid: number, modifier = -1): string {
    const base = this.known.get(oid) ?? builtInTypeName(oid);
    return base ? typeWithModifier(base, oid, modifier) : `oid ${oid}`;
  }

  missing(oids: Iterable<number>): number[] {
    return [...new Set(oids)].filter((oid) => !this.known.has(oid) && builtInTypeName(oid) === undefined);
  }

  /**
   * Only between transactions: a query inside the reader's transaction could take its
   * snapshot early or fail in an aborted one.
   */
  async lookUp(db: ProtocolDatabase, oids: number[]): Promise<void> {
    if (oids.length === 0) return;
    const sql = `SELECT oid, format_type(oid, NULL) FROM pg_catalog.pg_type WHERE oid IN (${oids.map(Number).join(',')})`;
    const { messages } = await db.execProtocol(queryMessage(sql), { throwOnError: false });
    for (const m of messages as BackendMessage[]) {
      if (m.name === 'dataRow') {
        const [oid, name] = m.fields as string[];
        this.known.set(Number(oid), name);
      }
    }
  }
}

async function runStatement(db: ProtocolDatabase, text: string, offset: number, maxRows: number) {
  const started = performance.now();
  const result: StatementResult = { sql: text, offset, notices: [], elapsedMs: 0 };
  const refused = refusal(text);
  if (refused) {
    // Placed at the statement's first character, so npm run check reports its line.
    result.error = { severity: 'ERROR', ...refused, position: offset + text.length - text.trimStart().length };
    result.elapsedMs = performance.now() - started;
    // Never sent: the transaction is as it was.
    return { result, raw: undefined, status: undefined };
  }
  const reader = new ReplyReader({ ...DEFAULT_REPLY_LIMITS, rows: maxRows });
  await db.execProtocolRawStream(queryMessage(text), { onRawData: (chunk) => reader.feed(chunk) });
  const replies = reader.replies;
  const raw = replies.fields;
  if (raw) {
    result.rows = replies.rows;
    result.rowCount = replies.rowCount;
    if (replies.cut.length > 0) result.cut = replies.cut;
  }
  if (replies.tag !== undefined) result.tag = replies.tag;
  result.notices = replies.notices.map(toNotice);
  if (replies.noticeCount > replies.notices.length) result.noticeCount = replies.noticeCount;
  if (replies.error) {
    const { statementPosition, ...error } = toError(replies.error);
    result.error = statementPosition ? { ...error, position: offset + utf16Offset(text, statementPosition) } : error;
  }
  const status: TransactionStatus | undefined = STATUS[replies.status ?? 'I'] ?? 'idle';
  result.elapsedMs = performance.now() - started;
  return { result, raw, status };
}

export interface RunOptions {
  maxRows?: number;
  types?: TypeNames;
  /** Record which rows each data-modifying statement changed, and why (see schema/capture.ts). */
  captureChanges?: boolean;
  /** Read the schema after the block, for the diagram. */
  readSchema?: boolean;
}

/**
 * Runs one statement, with its changes captured when asked and possible. `known`: the
 * schema as it is now, when known. Returns, as `schema`, the schema after the statement when
 * it cannot have changed it (it only changed rows), so the next one need not read it again.
 */
type StatementRun = Awaited<ReturnType<typeof runStatement>> & { schema?: SchemaModel };

async function runCaptured(
  db: ProtocolDatabase,
  text: string,
  offset: number,
  maxRows: number,
  status: TransactionStatus,
  known: SchemaModel | undefined,
): Promise<StatementRun> {
  const plain = () => runStatement(db, text, offset, maxRows);
  if (status === 'failed' || !canModifyRows(text)) return plain();
  const model = known ?? (await readSchema(db));
  if (!model) return plain();
  const targets = statementTargets(text);
  const tables = affectedTables(model, targets);
  const ops = rowOps(text, model.tables.some((t) => tables.includes(t.name) && t.hasTriggers));
  const { result, log } = await withCapture(db, model, tables, plain, { watched: watchedTables(model, targets, tables), ops });
  if (log && !result.result.error) result.result.changes = changeTree(log, model, targets);
  // Code (DO, CALL) may have changed the schema too.
  return targets ? { ...result, schema: model } : result;
}

export async function runBlock(db: ProtocolDatabase, sql: string, options: RunOptions = {}): Promise<BlockRun> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const types = options.types ?? new TypeNames();
  const started = performance.now();
  const run: BlockRun = { statements: [], transaction: 'idle', elapsedMs: 0 };
  const described: { result: StatementResult; raw: RawField[] }[] = [];
  // The schema while only row changes have run since it was read.
  let schema: SchemaModel | undefined;
  for (const statement of splitStatements(sql)) {
    const ran: StatementRun = options.captureChanges
      ? await runCaptured(db, statement.text, statement.offset, maxRows, run.transaction, schema)
      : await runStatement(db, statement.text, statement.offset, maxRows);
    const { result, raw, status } = ran;
    schema = ran.schema;
    run.statements.push(result);
    run.transaction = status ?? run.transaction;
    if (raw) described.push({ result, raw });
    if (result.error) {
      run.error = result.error;
      break;
    }
  }
  if (run.transaction === 'idle') await types.lookUp(db, types.missing(described.flatMap((d) => d.raw.map((f) => f.dataTypeID))));
  for (const { result, raw } of described) {
    result.columns = raw.map((f): Column => ({ name: f.name, typeOid: f.dataTypeID, type: types.name(f.dataTypeID, f.dataTypeModifier) }));
  }
  if (options.readSchema) run.schema = schema ?? (await readSchema(db));
  run.elapsedMs = performance.now() - started;
  return run;
}

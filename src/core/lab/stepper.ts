/**
 * A scenario run the reader drives one step at a time (the lab in the browser), and the
 * engine's whole-permutation runs are made of it too. Between steps it tells what the
 * database holds: the committed rows, and what each session would see right now.
 */
import { readSchema } from '../schema/introspect.ts';
import type { SchemaTable } from '../schema/types.ts';
import { loadSqlParser } from './analysis/pg-parser.ts';
import { runBlock, type ProtocolDatabase } from '../sql/session.ts';
import { LabContext, type SessionState } from './engine/context.ts';
import { Executor } from './engine/executor.ts';
import { LAB_DEADLOCK_MS, LabRun } from './engine/run.ts';
import { Sequences } from './engine/sequences.ts';
import { REFUSALS } from './engine/refusals.ts';
import { unsupportedFeatures } from './engine/unsupported.ts';
import { serializableHooks } from './engine/serializable.ts';
import { RowStore, type Row, type Tx } from './engine/row-store.ts';
import { UniqueKeys } from './engine/unique-keys.ts';
import { LabRunError } from './run-error.ts';
import { labMessage } from './lab-text.ts';
import type { IsolationLevel, LabScenario, StepBlocker, TranscriptEvent } from './scenario.ts';

/** The rows of every table, as one reader sees them: table name → rows in physical order. */
export type TableRows = Record<string, Row[]>;

export interface SessionView {
  name: string;
  /** Its open transaction's level, or the level its next one starts with. */
  level: IsolationLevel;
  transaction: 'idle' | 'active' | 'failed';
  /** The step it is waiting in, and the sessions it waits for. */
  waiting?: { step: string; for: string[] };
  /** What its next statement would read: its snapshot (or a fresh one) plus its own changes. */
  tables: TableRows;
}

export interface LabState {
  committed: TableRows;
  sessions: SessionView[];
}

/**
 * Rows as a reader of the table sees them in psql: columns in the table's order (the row
 * store's values come from `to_jsonb`, whose keys are sorted by length) and rows in primary
 * key order (a table without one keeps its physical order).
 */
export function inTableOrder(table: SchemaTable, rows: Row[]): Row[] {
  const columns = table.columns.map((c) => c.name);
  const ordered = rows.map((row) => Object.fromEntries(columns.filter((c) => Object.hasOwn(row, c)).map((c) => [c, row[c]])));
  const key = table.primaryKey?.columns;
  if (!key) return ordered;
  const compare = (a: unknown, b: unknown) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return ordered.sort((a, b) => key.reduce((found, c) => found || compare(a[c], b[c]), 0));
}

export class LabStepper {
  private readonly ctx: LabContext;
  private readonly run: LabRun;
  private reported = 0;

  private constructor(ctx: LabContext, run: LabRun) {
    this.ctx = ctx;
    this.run = run;
  }

  /** Runs the scenario's setup on `db` (a fresh or reset database) and connects its sessions at `level`. */
  static async start(db: ProtocolDatabase, scenario: LabScenario, level: IsolationLevel): Promise<LabStepper> {
    const [ctx] = await Promise.all([prepare(db, scenario), loadSqlParser()]);
    const run = new LabRun(ctx, scenario);
    for (const spec of scenario.sessions) {
      const initialLevel = spec.level ?? level;
      const session: SessionState = {
        name: spec.name,
        initialLevel,
        defaultLevel: initialLevel,
        deadlockMs: LAB_DEADLOCK_MS,
        lockTimeoutMs: 0,
        settings: new Map(),
        pending: [],
        implicitBlock: false,
      };
      ctx.sessions.set(spec.name, session);
      for (const sql of spec.setup) await run.setup(session, sql);
    }
    return new LabStepper(ctx, run);
  }

  /** Issues one step; returns what happened because of it (its own event, and steps it unblocked). */
  async step(name: string, markers: StepBlocker[] = []): Promise<TranscriptEvent[]> {
    await this.run.issue(name, markers);
    return this.take();
  }

  /** After the last step: steps still waiting stay so. */
  finish(): TranscriptEvent[] {
    this.run.finish();
    return this.take();
  }

  get events(): readonly TranscriptEvent[] {
    return this.run.events;
  }

  private take(): TranscriptEvent[] {
    const fresh = this.run.events.slice(this.reported);
    this.reported = this.run.events.length;
    return fresh;
  }

  state(): LabState {
    const { store } = this.ctx;
    const read = (tx: Tx | undefined): TableRows => {
      // A transaction's snapshot once taken; otherwise the statement would take a fresh one.
      const snapshot = tx?.snapshot ?? store.takeSnapshot();
      return Object.fromEntries(store.tables().map((t) => [t, inTableOrder(this.ctx.table(t), store.view(t, tx, snapshot).map((v) => v.values))]));
    };
    const sessions = [...this.ctx.sessions.values()].map((session): SessionView => {
      const tx = session.tx?.status === 'active' ? session.tx : undefined;
      const wait = session.wait;
      return {
        name: session.name,
        level: tx?.level ?? session.defaultLevel,
        transaction: !tx ? 'idle' : tx.failed ? 'failed' : 'active',
        ...(wait && session.step && { waiting: { step: session.step.name, for: [...new Set(wait.blockers.map((b) => b.session))] } }),
        tables: read(tx),
      };
    });
    return { committed: read(undefined), sessions };
  }
}

/** Runs the shared setup for real, then loads what it left into the row store. */
async function prepare(db: ProtocolDatabase, scenario: LabScenario): Promise<LabContext> {
  for (const [i, sql] of scenario.setup.entries()) {
    const run = await runBlock(db, sql);
    if (run.error) throw new LabRunError(labMessage('run', 'setupBlockFailed', { n: i + 1, error: run.error.message }));
    if (run.transaction !== 'idle') {
      await runBlock(db, 'ROLLBACK');
      throw new LabRunError(labMessage('run', 'setupBlockOpen', { n: i + 1 }));
    }
  }
  const unsupported = await unsupportedFeatures(db);
  if (unsupported.length > 0) throw new LabRunError(REFUSALS.schema(unsupported));
  const schema = await readSchema(db);
  if (!schema) throw new LabRunError(labMessage('run', 'schemaUnreadable'));
  const executor = new Executor(db, schema);
  const store = new RowStore(schema.tables.map((t) => t.name));
  for (const [table, rows] of await executor.readAll()) store.load(table, rows);
  await executor.readFunctions();
  const uniqueKeys = new UniqueKeys(await executor.readUniqueIndexes(), (index, rows) => executor.evaluateKeys(index, rows));
  const ctx = new LabContext(store, executor, await executor.readIndexes(), await Sequences.load(db), uniqueKeys, serializableHooks);
  // Last: the catalog the lab reads (and shows) is the setup's, without the capture's triggers.
  await executor.installCapture();
  return ctx;
}
